using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>
/// The compression function on one block (specification §2.2): chunk blocks in a chunk state,
/// parent nodes and root (output) blocks.
/// </summary>
internal static class Blake3Compress
{
    /// <summary>Replaces <paramref name="cv"/> with the chaining value of compressing one block.</summary>
    /// <param name="cv">The input chaining value; overwritten with the output chaining value.</param>
    /// <param name="block">The first of 64 readable bytes (zero-padded beyond <paramref name="blockLen"/>).</param>
    /// <param name="blockLen">The number of message bytes in the block (0..64).</param>
    /// <param name="counter">The chunk counter, or the output block counter of a root block.</param>
    /// <param name="flags">The domain flags.</param>
    [SkipLocalsInit]
    public static void InPlace(ref CvWords cv, ref readonly byte block, uint blockLen, ulong counter, uint flags)
    {
        Vec16<uint> state;
        Run(in cv, in block, blockLen, counter, flags, out state);
        for (int i = 0; i < 8; i++)
        {
            cv[i] = state[i] ^ state[i + 8];
        }
    }

    /// <summary>Writes the 64 bytes of extended output of one root block to <paramref name="output"/>.</summary>
    [SkipLocalsInit]
    public static void Xof(in CvWords cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, ref byte output)
    {
        Vec16<uint> state;
        Run(in cv, in block, blockLen, counter, flags, out state);
        for (int i = 0; i < 8; i++)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, 4 * i), ScalarLanes.ToLittleEndian(state[i] ^ state[i + 8]));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, 32 + (4 * i)), ScalarLanes.ToLittleEndian(state[i + 8] ^ cv[i]));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Run(in CvWords cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, out Vec16<uint> state)
    {
        Unsafe.SkipInit(out state);
        Vec16<uint> message;
        Unsafe.SkipInit(out message);
        ScalarLanes.LoadWords(ref Unsafe.AsRef(in block), ref message);
        for (int i = 0; i < 8; i++)
        {
            state[i] = cv[i];
        }

        state[8] = Blake3Constants.IV0;
        state[9] = Blake3Constants.IV1;
        state[10] = Blake3Constants.IV2;
        state[11] = Blake3Constants.IV3;
        state[12] = (uint)counter;
        state[13] = (uint)(counter >> 32);
        state[14] = blockLen;
        state[15] = flags;
        Blake3Rounds.Permute<ScalarLanes, uint>(ref state, ref message);
    }
}
