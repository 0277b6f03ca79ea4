using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Zhtp.Storage.Types.Blake3;

// Implementation notes: "hash many" compresses several equal-length inputs at once, one per SIMD
// lane, as in the reference implementation's hash_many: whole chunks (16 blocks each, counter
// incremented per input, CHUNK_START/CHUNK_END on the first/last block) or parent nodes (one
// block each: two concatenated chaining values, counter 0, PARENT). Inputs lie at a fixed stride
// (1024 for chunks, 64 for parents), so no pointer arrays are needed. The widest kernel the path
// allows takes as many inputs as it can; a remainder of two or more goes through the narrowest
// kernel that takes it whole (e.g. 11 chunks on the Vector512 path: one 16-lane pass), copied
// into a stack buffer so that the spare lanes read valid memory.

/// <summary>Compresses many inputs in parallel and writes one chaining value per input.</summary>
internal static unsafe class Blake3HashMany
{
    /// <summary>
    /// Compresses <paramref name="count"/> inputs of <paramref name="blocks"/> blocks each, input
    /// <c>i</c> at <c>input + i * stride</c>, and writes their chaining values to
    /// <c>output + 32 * i</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        Blake3Path path, byte* input, nint stride, int count, int blocks, in CvWords key,
        ulong counter, bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, byte* output)
    {
        switch (path)
        {
            case Blake3Path.Vector512:
                RunAll<Vector512Lanes, Vector512<uint>>(ref input, stride, ref count, blocks, in key, ref counter, incrementCounter, flags, flagsStart, flagsEnd, ref output);
                break;
            case Blake3Path.Vector256:
                RunAll<Vector256Lanes, Vector256<uint>>(ref input, stride, ref count, blocks, in key, ref counter, incrementCounter, flags, flagsStart, flagsEnd, ref output);
                break;
            case Blake3Path.Vector128:
                RunAll<Vector128Lanes, Vector128<uint>>(ref input, stride, ref count, blocks, in key, ref counter, incrementCounter, flags, flagsStart, flagsEnd, ref output);
                break;
            default:
                break;
        }

        // What is left is fewer than the widest kernel takes: one input goes alone, more go
        // through the narrowest kernel that takes them all, with the spare lanes padded.
        if (count == 0)
        {
            return;
        }

        if (count == 1 || path < Blake3Path.Vector128)
        {
            RunAll<ScalarLanes, uint>(ref input, stride, ref count, blocks, in key, ref counter, incrementCounter, flags, flagsStart, flagsEnd, ref output);
        }
        else if (count <= Vector128Lanes.Degree)
        {
            RunPadded<Vector128Lanes, Vector128<uint>>(input, stride, count, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
        }
        else if (count <= Vector256Lanes.Degree)
        {
            RunPadded<Vector256Lanes, Vector256<uint>>(input, stride, count, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
        }
        else
        {
            RunPadded<Vector512Lanes, Vector512<uint>>(input, stride, count, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
        }
    }

    /// <summary>
    /// Runs one kernel pass on <paramref name="count"/> inputs (at most the kernel's degree): the
    /// inputs are copied side by side into a stack buffer whose spare lanes are hashed and dropped.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPadded<TLanes, TVec>(
        byte* input, nint stride, int count, int blocks, in CvWords key,
        ulong counter, bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, byte* output)
        where TLanes : struct, IBlake3Lanes<TVec>
        where TVec : struct
    {
        if (count == TLanes.Degree)
        {
            Kernel<TLanes, TVec>(input, stride, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
            return;
        }

        int inputBytes = blocks * Blake3Constants.BlockLen;
        byte* lanes = stackalloc byte[TLanes.Degree * inputBytes];
        byte* cvs = stackalloc byte[TLanes.Degree * Blake3Constants.OutLen];
        for (int i = 0; i < count; i++)
        {
            Unsafe.CopyBlockUnaligned(lanes + (i * inputBytes), input + (i * stride), (uint)inputBytes);
        }

        Kernel<TLanes, TVec>(lanes, inputBytes, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, cvs);
        Unsafe.CopyBlockUnaligned(output, cvs, (uint)(count * Blake3Constants.OutLen));
    }

    /// <summary>
    /// Writes extended-output blocks <paramref name="counter"/>, <paramref name="counter"/> + 1, …
    /// of a root node, one per lane, <c>64 * Degree(path)</c> bytes in all, to <paramref name="output"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Xof(Blake3Path path, in CvWords cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, byte* output)
    {
        switch (path)
        {
            case Blake3Path.Vector512:
                XofKernel<Vector512Lanes, Vector512<uint>>(in cv, in block, blockLen, counter, flags, output);
                break;
            case Blake3Path.Vector256:
                XofKernel<Vector256Lanes, Vector256<uint>>(in cv, in block, blockLen, counter, flags, output);
                break;
            case Blake3Path.Vector128:
                XofKernel<Vector128Lanes, Vector128<uint>>(in cv, in block, blockLen, counter, flags, output);
                break;
            default:
                XofKernel<ScalarLanes, uint>(in cv, in block, blockLen, counter, flags, output);
                break;
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void XofKernel<TLanes, TVec>(in CvWords cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, byte* output)
        where TLanes : struct, IBlake3Lanes<TVec>
        where TVec : struct
    {
        Vec16<uint> words;
        Unsafe.SkipInit(out words);
        ScalarLanes.LoadWords(ref Unsafe.AsRef(in block), ref words);
        Vec16<TVec> message;
        Unsafe.SkipInit(out message);
        Vec16<TVec> state;
        Unsafe.SkipInit(out state);
        for (int i = 0; i < 16; i++)
        {
            message[i] = TLanes.Broadcast(words[i]);
        }

        for (int i = 0; i < 8; i++)
        {
            state[i] = TLanes.Broadcast(cv[i]);
        }

        Counters<TLanes, TVec>(counter, incrementCounter: true, out TVec counterLow, out TVec counterHigh);
        Blake3Rounds.Compress<TLanes, TVec>(ref state, ref message, counterLow, counterHigh, TLanes.Broadcast(blockLen), TLanes.Broadcast(flags));
        TLanes.StoreOutputBlocks(ref state, output);
    }

    /// <summary>The per-lane block counters: <paramref name="counter"/> + lane, or <paramref name="counter"/> in every lane.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Counters<TLanes, TVec>(ulong counter, bool incrementCounter, out TVec low, out TVec high)
        where TLanes : struct, IBlake3Lanes<TVec>
        where TVec : struct
    {
        uint* counterLow = stackalloc uint[Blake3Constants.MaxSimdDegree];
        uint* counterHigh = stackalloc uint[Blake3Constants.MaxSimdDegree];
        for (int lane = 0; lane < TLanes.Degree; lane++)
        {
            ulong c = counter + (incrementCounter ? (ulong)lane : 0);
            counterLow[lane] = (uint)c;
            counterHigh[lane] = (uint)(c >> 32);
        }

        low = TLanes.Load(ref *counterLow);
        high = TLanes.Load(ref *counterHigh);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunAll<TLanes, TVec>(
        ref byte* input, nint stride, ref int count, int blocks, in CvWords key,
        ref ulong counter, bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, ref byte* output)
        where TLanes : struct, IBlake3Lanes<TVec>
        where TVec : struct
    {
        int degree = TLanes.Degree;
        while (count >= degree)
        {
            Kernel<TLanes, TVec>(input, stride, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, output);
            input += degree * stride;
            output += degree * Blake3Constants.OutLen;
            count -= degree;
            if (incrementCounter)
            {
                counter += (ulong)degree;
            }
        }
    }

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<TLanes, TVec>(
        byte* input, nint stride, int blocks, in CvWords key,
        ulong counter, bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, byte* output)
        where TLanes : struct, IBlake3Lanes<TVec>
        where TVec : struct
    {
        Counters<TLanes, TVec>(counter, incrementCounter, out TVec ctrLow, out TVec ctrHigh);
        TVec blockLen = TLanes.Broadcast(Blake3Constants.BlockLen);

        Vec16<TVec> cv;
        Unsafe.SkipInit(out cv);
        for (int i = 0; i < 8; i++)
        {
            cv[i] = TLanes.Broadcast(key[i]);
        }

        Vec16<TVec> message;
        Unsafe.SkipInit(out message);
        uint blockFlags = flags | flagsStart;
        for (int b = 0; b < blocks; b++)
        {
            if (b == blocks - 1)
            {
                blockFlags |= flagsEnd;
            }

            TLanes.LoadMessage(input + (b * Blake3Constants.BlockLen), stride, ref message);
            Blake3Rounds.Compress<TLanes, TVec>(ref cv, ref message, ctrLow, ctrHigh, blockLen, TLanes.Broadcast(blockFlags));
            blockFlags = flags;
        }

        TLanes.StoreChainingValues(ref cv, output);
    }
}
