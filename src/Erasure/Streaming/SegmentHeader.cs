using System.Buffers.Binary;

namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>
/// The 32-byte header in front of every shard segment of the streaming format (all integers
/// little-endian):
/// <code>
///  0  4  magic "ZRSE"
///  4  1  version (1)
///  5  1  flags: bit 0 = last segment of the stream
///  6  1  data shards k
///  7  1  parity shards m
///  8  1  shard index (0..k+m−1)
///  9  3  reserved, zero
/// 12  4  shard length L: payload bytes that follow the header
/// 16  8  segment index, counting from 0
/// 24  4  data length: original bytes in this segment (L = ⌈data length / k⌉)
/// 28  4  CRC-32C of bytes 0..27 followed by the payload
/// </code>
/// </summary>
internal readonly record struct SegmentHeader(bool IsLast, int DataShards, int ParityShards, int ShardIndex, int ShardLength, long SegmentIndex, int DataLength)
{
    /// <summary>Header size in bytes.</summary>
    public const int Size = 32;

    /// <summary>The format version written and accepted.</summary>
    public const byte Version = 1;

    private const uint Magic = 0x4553525A; // "ZRSE" read as little-endian

    /// <summary>
    /// Checks a codec and a segment shard length for the streaming classes: L ≥ 1 and the
    /// (k + m)·L segment buffer within <see cref="Array.MaxLength"/>. Returns the codec.
    /// </summary>
    public static ReedSolomonCodec CheckShape(ReedSolomonCodec codec, int shardLength, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardLength, 1, parameterName);
        if ((long)codec.TotalShards * shardLength > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(parameterName, shardLength, $"{codec.TotalShards} shards of {shardLength} bytes exceed the largest buffer ({Array.MaxLength} bytes); use a shorter segment.");
        }

        return codec;
    }

    /// <summary>Writes the header with the CRC of header and <paramref name="payload"/>.</summary>
    public void Write(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        destination = destination[..Size];
        destination.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        destination[4] = Version;
        destination[5] = IsLast ? (byte)1 : (byte)0;
        destination[6] = checked((byte)DataShards);
        destination[7] = checked((byte)ParityShards);
        destination[8] = checked((byte)ShardIndex);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], ShardLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], SegmentIndex);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], DataLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], Checksum(destination, payload));
    }

    /// <summary>
    /// Parses a header; false when the magic, version, reserved bytes or length fields are not
    /// those of a valid header (the CRC is checked later, with the payload, by <see cref="ChecksumMatches"/>).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SegmentHeader header)
    {
        header = default;
        if (source.Length < Size
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic
            || source[4] != Version
            || (source[5] & ~1) != 0
            || source[9] != 0 || source[10] != 0 || source[11] != 0)
        {
            return false;
        }

        int k = source[6];
        int m = source[7];
        int shardLength = BinaryPrimitives.ReadInt32LittleEndian(source[12..]);
        long segment = BinaryPrimitives.ReadInt64LittleEndian(source[16..]);
        int dataLength = BinaryPrimitives.ReadInt32LittleEndian(source[24..]);
        if (k < 1 || m < 1 || k + m > 256 || source[8] >= k + m || shardLength < 0 || segment < 0 || dataLength < 0
            || ((long)dataLength + k - 1) / k != shardLength)
        {
            return false;
        }

        header = new SegmentHeader((source[5] & 1) != 0, k, m, source[8], shardLength, segment, dataLength);
        return true;
    }

    /// <summary>Whether the CRC stored in <paramref name="source"/> matches it and <paramref name="payload"/>.</summary>
    public static bool ChecksumMatches(ReadOnlySpan<byte> source, ReadOnlySpan<byte> payload) =>
        BinaryPrimitives.ReadUInt32LittleEndian(source[28..]) == Checksum(source, payload);

    /// <summary>Whether two headers describe the same segment (all but the shard index agree).</summary>
    public bool SameSegment(SegmentHeader other) => this with { ShardIndex = other.ShardIndex } == other;

    private static uint Checksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        Crc32C.Append(Crc32C.Append(0, header[..28]), payload);
}
