using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manager;

/// <summary>A content's head record as found in the DHT.</summary>
internal sealed record ResolvedHead(DhtRecord Record, HeadRecord Head)
{
    /// <summary>The owner's name of the content (the record name without the prefix).</summary>
    public string Name => Record.Name[ContentId.NamePrefix.Length..];
}

/// <summary>
/// One version ready to read: its verified manifest, its segment table (whole, or fetched chunk by chunk), its content key (empty when
/// not encrypted or not readable) and its metadata (the sealed fields opened when the key is known, else the public part).
/// </summary>
internal sealed record ResolvedVersion(ResolvedHead Head, DhtKey ManifestKey, Manifest Manifest, SegmentTable Segments, byte[] Key, ContentMetadata Metadata)
{
    /// <summary>True when this reader can read the content: unencrypted, or its key was unwrapped.</summary>
    public bool Readable => Manifest.Cipher == SegmentCipherKind.None || Key.Length > 0;

    public ContentInfo ToInfo() => new(
        Manifest.Id, Manifest.Version, ManifestKey, Metadata, Manifest.Length, new ContentHash(Manifest.PlainHash),
        Manifest.SegmentSize, Manifest.SegmentCount, Manifest.DataShards, Manifest.ParityShards, Manifest.Cipher != SegmentCipherKind.None,
        NodeId.FromPublicKey(Manifest.Owner.Span).ToString(), Manifest.Created);
}
