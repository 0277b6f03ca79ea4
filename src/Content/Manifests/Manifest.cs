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

    public required SegmentCipherKind Cipher { get; init; }

    public required ContentMetadata Metadata { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required ReadOnlyMemory<byte> Owner { get; init; }

    public required byte OwnerAlgorithm { get; init; }

    public IReadOnlyList<WrappedKey> WrappedKeys { get; init; } = [];

    public required Hash256 MerkleRoot { get; init; }

    /// <summary>The inline segment table; empty when <see cref="Chunks"/> holds it.</summary>
    public IReadOnlyList<SegmentEntry> Segments { get; init; } = [];

    /// <summary>The chunks of a segment table too big for one record; empty when inline.</summary>
    public IReadOnlyList<ManifestChunkRef> Chunks { get; init; } = [];

    public long SegmentCount => SegmentCountFor(Length, SegmentSize);

    public int TotalShards => DataShards + ParityShards;

    /// <summary>Plaintext length of segment <paramref name="index"/>.</summary>
    public int PlainLengthOf(long index) => (int)Math.Min(SegmentSize, Length - (index * SegmentSize));

    public static long SegmentCountFor(long length, int segmentSize) => (length + segmentSize - 1) / segmentSize;
}
