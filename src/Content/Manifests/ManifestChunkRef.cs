using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>A part of a large segment table stored as its own immutable record (a manifest of manifests).</summary>
internal sealed record ManifestChunkRef(DhtKey Key, long FirstSegment, int Count);
