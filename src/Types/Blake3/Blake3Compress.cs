using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>
/// The compression function on one block (as specified in the BLAKE3 paper): chunk blocks in a
/// chunk state, parent nodes and root (output) blocks.
/// </summary>
internal static class Blake3Compress
{
    /// <summary>Replaces <paramref name="cv"/> with the chaining value of compressing one block.</summary>
    /// <param name="path">The SIMD path (Vector256 and up compress with row vectors).</param>
    /// <param name="cv">The input chaining value; overwritten with the output chaining value.</param>
    /// <param name="block">The first of 64 readable bytes (zero-padded beyond <paramref name="blockLen"/>).</param>
    /// <param name="blockLen">The number of message bytes in the block (0..64).</param>
    /// <param name="counter">The chunk counter, or the output block counter of a root block.</param>
    /// <param name="flags">The domain flags.</param>
    [SkipLocalsInit]
    public static void InPlace(Blake3Path path, ref CvWords cv, ref readonly byte block, uint blockLen, ulong counter, uint flags)
    {
        Vec16<uint> state;
        Run(path, in cv, in block, blockLen, counter, flags, out state);
        cv = Unsafe.As<Vec16<uint>, CvWords>(ref state);
    }

    /// <summary>
    /// Compresses <paramref name="count"/> consecutive full blocks of one chunk into
    /// <paramref name="cv"/>; the first block gets <paramref name="firstFlags"/>, the others
    /// <paramref name="flags"/>.
    /// </summary>
    public static void Blocks(Blake3Path path, ref CvWords cv, ref readonly byte blocks, int count, ulong counter, uint firstFlags, uint flags)
    {
        if (path >= Blake3Path.Vector512 && Avx512Rows.IsSupported)
        {
            Blake3RowCompress.CompressBlocks<Avx512Rows>(ref cv, in blocks, count, counter, firstFlags, flags);
            return;
        }

        if (path >= Blake3Path.Vector256 && Avx2Rows.IsSupported)
        {
            Blake3RowCompress.CompressBlocks<Avx2Rows>(ref cv, in blocks, count, counter, firstFlags, flags);
            return;
        }

        uint blockFlags = firstFlags;
        for (int b = 0; b < count; b++)
        {
            InPlace(path, ref cv, in Unsafe.Add(ref Unsafe.AsRef(in blocks), b * Blake3Constants.BlockLen), Blake3Constants.BlockLen, counter, blockFlags);
            blockFlags = flags;
        }
    }

    /// <summary>Writes the 64 bytes of extended output of one root block to <paramref name="output"/>.</summary>
    [SkipLocalsInit]
    public static void Xof(Blake3Path path, in CvWords cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, ref byte output)
    {
        Vec16<uint> state;
        Run(path, in cv, in block, blockLen, counter, flags, out state);
        for (int i = 0; i < 16; i++)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, 4 * i), ScalarLanes.ToLittleEndian(state[i]));
        }
    }

    /// <summary>
    /// Compresses into 16 output words: the chaining value, then the second half of the extended
    /// output. Paths from Vector256 up use row vectors (AVX2; AVX-512VL for Vector512), the others
    /// the scalar rounds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Run(Blake3Path path, in CvWords cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, out Vec16<uint> state)
    {
        Unsafe.SkipInit(out state);
        if (path >= Blake3Path.Vector512 && Avx512Rows.IsSupported)
        {
            Blake3RowCompress.Compress<Avx512Rows>(in cv, in block, blockLen, counter, flags, ref state);
            return;
        }

        if (path >= Blake3Path.Vector256 && Avx2Rows.IsSupported)
        {
            Blake3RowCompress.Compress<Avx2Rows>(in cv, in block, blockLen, counter, flags, ref state);
            return;
        }

        Vec16<uint> message;
        Unsafe.SkipInit(out message);
        ScalarLanes.LoadWords(ref Unsafe.AsRef(in block), ref message);
        Unsafe.As<Vec16<uint>, CvWords>(ref state) = cv;
        Blake3Rounds.Compress<ScalarLanes, uint>(ref state, ref message, (uint)counter, (uint)(counter >> 32), blockLen, flags);
    }
}
