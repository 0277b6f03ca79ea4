using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>One shard of a segment: its key (BLAKE3 of its bytes) and the nodes it was placed on.</summary>
internal sealed record ShardEntry(DhtKey Key, IReadOnlyList<Contact> Holders);
