using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace Zhtp.Storage.Content.Compression;

// Implementation notes: the LZ4 Frame Format description (v1.6): magic 0x184D2204; a frame
// descriptor FLG (version 01, B.Indep, B.Checksum, C.Size, C.Checksum, reserved, DictID), BD
// (block maximum size code 4..7 in bits 6-4), optional 8-byte content size, optional 4-byte
// dictionary id, then HC = (xxh32(descriptor) >> 8) & 0xFF; data blocks with a 4-byte size whose
// high bit marks an uncompressed block, an optional xxh32 per block, a zero EndMark and an
// optional xxh32 of the content. Skippable frames have magics 0x184D2A50..0x184D2A5F and a
// 4-byte length.

/// <summary>LZ4 frame constants and the frame descriptor.</summary>
internal static class LZ4FrameFormat
{
    internal const uint Magic = 0x184D2204;
    internal const uint SkippableMagic = 0x184D2A50;
    internal const uint SkippableMask = 0xFFFFFFF0;
    internal const uint LegacyMagic = 0x184C2102;
    internal const int MinBlockSize = 64 * 1024;
    internal const int MaxBlockSize = 4 * 1024 * 1024;
    internal const int MaxHeaderSize = 4 + 2 + 8 + 4 + 1;
    internal const uint UncompressedFlag = 0x80000000;
    internal const int DictionaryWindow = 64 * 1024;

    private const byte FlagVersion = 0x40;
    private const byte FlagVersionMask = 0xC0;
    private const byte FlagIndependent = 0x20;
    private const byte FlagBlockChecksum = 0x10;
    private const byte FlagContentSize = 0x08;
    private const byte FlagContentChecksum = 0x04;
    private const byte FlagReserved = 0x02;
    private const byte FlagDictionaryId = 0x01;

    /// <summary>The block size code (4..7) for a requested size, rounded up.</summary>
    internal static int BlockSizeCode(int blockSize)
    {
        if (blockSize <= 0 || blockSize > MaxBlockSize)
        {
            LZ4ThrowHelper.ArgumentOutOfRange(nameof(blockSize), "LZ4 frame block size must be 1..4194304 bytes (64 KiB, 256 KiB, 1 MiB or 4 MiB).");
        }

        int code = 4;
        while (BlockSizeOf(code) < blockSize)
        {
            code++;
        }

        return code;
    }

    /// <summary>The maximum block size of code 4..7.</summary>
    internal static int BlockSizeOf(int code) => 1 << (8 + (2 * code));

    /// <summary>Length of the descriptor (FLG through HC) given FLG.</summary>
    internal static int DescriptorLength(byte flg) =>
        3 + ((flg & FlagContentSize) != 0 ? 8 : 0) + ((flg & FlagDictionaryId) != 0 ? 4 : 0);

    /// <summary>Writes magic and descriptor; returns the length (7..15).</summary>
    internal static int WriteHeader(Span<byte> dst, in FrameDescriptor d)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(dst, Magic);
        byte flg = (byte)(FlagVersion
            | (d.Independent ? FlagIndependent : 0)
            | (d.BlockChecksum ? FlagBlockChecksum : 0)
            | (d.ContentSize.HasValue ? FlagContentSize : 0)
            | (d.ContentChecksum ? FlagContentChecksum : 0));
        dst[4] = flg;
        dst[5] = (byte)(BlockSizeCode(d.BlockSize) << 4);
        int pos = 6;
        if (d.ContentSize is long size)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(dst[pos..], (ulong)size);
            pos += 8;
        }

        dst[pos] = (byte)(XxHash32.HashToUInt32(dst[4..pos]) >> 8);
        return pos + 1;
    }

    /// <summary>Parses a descriptor (FLG .. HC, <see cref="DescriptorLength"/> bytes).</summary>
    internal static FrameDescriptor ReadDescriptor(ReadOnlySpan<byte> descriptor)
    {
        byte flg = descriptor[0];
        byte bd = descriptor[1];
        if ((flg & FlagVersionMask) != FlagVersion)
        {
            LZ4ThrowHelper.Format(string.Create(CultureInfo.InvariantCulture,
                $"LZ4 frame version {(flg >> 6)} is not supported (only version 01 is defined); the data is corrupt or not an LZ4 frame."));
        }

        if ((flg & FlagReserved) != 0 || (bd & 0x8F) != 0)
        {
            LZ4ThrowHelper.Format("LZ4 frame descriptor has reserved bits set; the data is corrupt or from an unsupported format revision.");
        }

        int code = (bd >> 4) & 7;
        if (code < 4)
        {
            LZ4ThrowHelper.Format(string.Create(CultureInfo.InvariantCulture,
                $"LZ4 frame block maximum size code {code} is invalid (4..7 are defined); the data is corrupt."));
        }

        int hcAt = descriptor.Length - 1;
        byte expected = (byte)(XxHash32.HashToUInt32(descriptor[..hcAt]) >> 8);
        if (descriptor[hcAt] != expected)
        {
            LZ4ThrowHelper.Format("LZ4 frame header checksum does not match; the header is corrupt.");
        }

        if ((flg & FlagDictionaryId) != 0)
        {
            LZ4ThrowHelper.Format("LZ4 frame needs a predefined dictionary (DictID set), which this decoder does not support; recompress without a dictionary.");
        }

        long? contentSize = null;
        if ((flg & FlagContentSize) != 0)
        {
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(descriptor[2..]);
            if (size > long.MaxValue)
            {
                LZ4ThrowHelper.Format("LZ4 frame content size exceeds 2^63-1 bytes; the header is corrupt.");
            }

            contentSize = (long)size;
        }

        return new FrameDescriptor(
            BlockSizeOf(code),
            (flg & FlagIndependent) != 0,
            (flg & FlagBlockChecksum) != 0,
            (flg & FlagContentChecksum) != 0,
            contentSize);
    }
}

/// <summary>The options a frame was written with.</summary>
/// <param name="BlockSize">Maximum block size in bytes.</param>
/// <param name="Independent">Blocks do not refer to earlier blocks.</param>
/// <param name="BlockChecksum">Every block is followed by its xxHash32.</param>
/// <param name="ContentChecksum">The frame ends with the xxHash32 of the content.</param>
/// <param name="ContentSize">The content size, if the header carries it.</param>
internal readonly record struct FrameDescriptor(int BlockSize, bool Independent, bool BlockChecksum, bool ContentChecksum, long? ContentSize);
