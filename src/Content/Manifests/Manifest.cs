using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>
/// What one version of one piece of content is: sizes, hashes, the segment table (inline or in
/// chunks), metadata, wrapped keys and the owner. docs/content.md gives the encoding field by field.
/// </summary>
internal sealed record Manifest
{
    public required ContentId Id { get; init; }

    public required ulong Version { get; init; }

    public required long Length { get; init; }

    public required Hash256 PlainHash { get; init; }

    public required int SegmentSize { get; init; }

    public required int DataShards { get; init; }

    public required int ParityShards { get; init; }

    /// <summary>The encryption level (field 7); <see cref="Cipher"/> follows from it.</summary>
    public required EncryptionLevel Encryption { get; init; }

    /// <summary>
    /// The metadata. At HighSecurity and QuantumResistant the decoded manifest holds the public part only
    /// (filename, content type, tags and description empty) until the reader opens <see cref="SealedMetadata"/>.
    /// <see cref="ContentMetadata.Access"/> is the manifest's access level (field 8).
    /// </summary>
    public required ContentMetadata Metadata { get; init; }

    /// <summary>Filename, content type, tags and description sealed under the content key (HighSecurity and QuantumResistant); empty otherwise.</summary>
    public ReadOnlyMemory<byte> SealedMetadata { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required ReadOnlyMemory<byte> Owner { get; init; }

    public required byte OwnerAlgorithm { get; init; }

    /// <summary>The owner's encoded public identity (Types' PublicIdentity) when a user identity signed the manifest; empty for a bare node-key owner.</summary>
    public ReadOnlyMemory<byte> OwnerIdentity { get; init; }

    /// <summary>The encoded public identities of the readers the owner granted access (Restricted content); the key table holds a wrapped key for each.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Grantees { get; init; } = [];

    public IReadOnlyList<WrappedKey> WrappedKeys { get; init; } = [];

    public required Hash256 MerkleRoot { get; init; }

    /// <summary>The inline segment table; empty when <see cref="Chunks"/> holds it.</summary>
    public IReadOnlyList<SegmentEntry> Segments { get; init; } = [];

    /// <summary>The chunks of a segment table too big for one record; empty when inline.</summary>
    public IReadOnlyList<ManifestChunkRef> Chunks { get; init; } = [];

    /// <summary>How segments are sealed: none at <see cref="EncryptionLevel.None"/>, AES-256-GCM at every other level.</summary>
    public SegmentCipherKind Cipher => Encryption == EncryptionLevel.None ? SegmentCipherKind.None : SegmentCipherKind.Aes256Gcm;

    /// <summary>True when the filename, content type, tags and description are sealed (HighSecurity, QuantumResistant).</summary>
    public bool HidesMetadata => Encryption is EncryptionLevel.HighSecurity or EncryptionLevel.QuantumResistant;

    public long SegmentCount => SegmentCountFor(Length, SegmentSize);

    public int TotalShards => DataShards + ParityShards;

    /// <summary>Plaintext length of segment <paramref name="index"/>.</summary>
    public int PlainLengthOf(long index) => (int)Math.Min(SegmentSize, Length - (index * SegmentSize));

    public static long SegmentCountFor(long length, int segmentSize) => (length + segmentSize - 1) / segmentSize;
}
