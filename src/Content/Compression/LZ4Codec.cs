using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// LZ4 block compression and decompression over spans (the raw LZ4 Block Format, no frame: the
/// caller keeps the uncompressed length). Same shape as K4os.Compression.LZ4's <c>LZ4Codec</c>.
/// All methods are thread-safe and allocation-free; <see cref="LZ4Level.L00_FAST"/> keeps its
/// 16 KiB hash table on the stack, the higher levels rent 256 KiB of chain state from
/// <see cref="ArrayPool{T}.Shared"/> for the call.
/// </summary>
public static unsafe class LZ4Codec
{
    /// <summary>
    /// The largest compressed size of <paramref name="length"/> input bytes
    /// (<c>length + length / 255 + 16</c>). A target this large never makes
    /// <see cref="Encode"/> fail.
    /// </summary>
    /// <param name="length">Uncompressed length, 0..0x7E000000.</param>
    public static int MaximumOutputSize(int length)
    {
        if ((uint)length > LZ4Primitives.MaxInputSize)
        {
            LZ4ThrowHelper.ArgumentOutOfRange(nameof(length), "LZ4 blocks hold 0..0x7E000000 bytes; split larger inputs (the frame format does).");
        }

        return length + (length / 255) + 16;
    }

    /// <summary>
    /// Compresses <paramref name="source"/> into <paramref name="target"/> as one LZ4 block.
    /// Returns the compressed length, or -1 when <paramref name="target"/> is too small (size it
    /// with <see cref="MaximumOutputSize"/> to rule that out).
    /// </summary>
    /// <param name="source">Uncompressed bytes, at most 0x7E000000.</param>
    /// <param name="target">Where the block is written; bytes past the returned length may be overwritten.</param>
    /// <param name="level">Compression level.</param>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> target, LZ4Level level = LZ4Level.L00_FAST)
    {
        if ((uint)source.Length > LZ4Primitives.MaxInputSize)
        {
            LZ4ThrowHelper.ArgumentOutOfRange(nameof(source), "LZ4 blocks hold at most 0x7E000000 bytes; split larger inputs (the frame format does).");
        }

        if (target.IsEmpty)
        {
            return -1;
        }

        int written;
        fixed (byte* src = source)
        fixed (byte* dst = target)
        {
            // An empty span may pin to null; the encoders only read a zero-length input's bounds.
            byte dummy = 0;
            byte* s = src == null ? &dummy : src;
            written = level == LZ4Level.L00_FAST
                ? EncodeFast(s, source.Length, dst, target.Length)
                : EncodeHigh(s, source.Length, dst, target.Length, LZ4HighEncoder.Attempts(level));
        }

        return written > 0 ? written : -1;
    }

    /// <summary>
    /// Decompresses the LZ4 block <paramref name="source"/> into <paramref name="target"/> and
    /// returns the decompressed length. Never reads or writes outside the two spans, whatever
    /// the input; bytes of <paramref name="target"/> past the returned length may be overwritten.
    /// </summary>
    /// <param name="source">One complete LZ4 block.</param>
    /// <param name="target">At least the original length.</param>
    /// <exception cref="LZ4FormatException">The block is malformed or decodes to more than <paramref name="target"/> holds.</exception>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> target)
    {
        fixed (byte* src = source)
        fixed (byte* dst = target)
        {
            // An empty target may pin to null; the decoder's end-of-buffer limits need a real
            // address (nothing is written to it: the capacity stays 0).
            byte dummy = 0;
            return LZ4BlockDecoder.Decode(src, source.Length, dst == null ? &dummy : dst, target.Length);
        }
    }

    [SkipLocalsInit]
    private static int EncodeFast(byte* src, int length, byte* dst, int capacity)
    {
        byte* table = stackalloc byte[LZ4FastEncoder.TableBytes];
        return LZ4FastEncoder.Compress(src, 0, length, dst, capacity, table);
    }

    private static int EncodeHigh(byte* src, int length, byte* dst, int capacity, int attempts)
    {
        byte[] state = ArrayPool<byte>.Shared.Rent(LZ4HighEncoder.StateBytes);
        try
        {
            fixed (byte* s = state)
            {
                return LZ4HighEncoder.Compress(src, 0, length, dst, capacity, s, attempts);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(state);
        }
    }

    /// <summary>Compresses with a caller-owned state (frame encoder): fast table or chain state by level.</summary>
    internal static int EncodeWithState(byte* src, int prefix, int length, byte* dst, int capacity, LZ4Level level, Span<byte> state)
    {
        fixed (byte* s = &MemoryMarshal.GetReference(state))
        {
            return level == LZ4Level.L00_FAST
                ? LZ4FastEncoder.Compress(src, prefix, length, dst, capacity, s)
                : LZ4HighEncoder.Compress(src, prefix, length, dst, capacity, s, LZ4HighEncoder.Attempts(level));
        }
    }

    /// <summary>Bytes of encoder state <see cref="EncodeWithState"/> needs for <paramref name="level"/>.</summary>
    internal static int StateBytes(LZ4Level level) =>
        level == LZ4Level.L00_FAST ? LZ4FastEncoder.TableBytes : LZ4HighEncoder.StateBytes;
}
