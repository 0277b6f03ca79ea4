using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>One version of a piece of content as its head record lists it.</summary>
/// <param name="Version">1 for the first upload, then one more per update.</param>
/// <param name="ManifestKey">The DHT key of the version's signed manifest.</param>
/// <param name="Length">Plaintext length in bytes.</param>
/// <param name="Created">When the version was uploaded (owner's clock).</param>
public sealed record ContentVersion(ulong Version, DhtKey ManifestKey, long Length, DateTimeOffset Created);
