using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

// Implementation notes (the BLAKE3 paper on incremental hashing, and the reference implementation's
// compress_subtree_wide): a run of whole chunks is split into a left subtree of the largest
// power-of-two number of chunks that leaves at least one byte on the right, recursively, until a
// piece fits the SIMD degree; those chunks are hashed in one hash_many call. On the way back up
// each level merges the children's chaining values two by two, again with hash_many, so both the
// leaves and the parents run in SIMD lanes. The left subtree always being a complete power of
// two keeps the tree shape identical to hashing chunk by chunk.

/// <summary>Hashes whole subtrees of chunks with the parallel kernels.</summary>
internal static unsafe class Blake3Tree
{
    private const int MaxSimdDegreeOr2 = Blake3Constants.MaxSimdDegree > 2 ? Blake3Constants.MaxSimdDegree : 2;

    /// <summary>
    /// Compresses an input of more than one chunk, starting at chunk <paramref name="chunkCounter"/>,
    /// to the two chaining values of its root's children, written to <paramref name="output"/> (64 bytes).
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CompressSubtreeToParentNode(Blake3Path path, byte* input, int length, in CvWords key, ulong chunkCounter, uint flags, byte* output)
    {
        byte* cvs = stackalloc byte[MaxSimdDegreeOr2 * Blake3Constants.OutLen];
        byte* merged = stackalloc byte[MaxSimdDegreeOr2 * Blake3Constants.OutLen / 2];
        int count = CompressSubtreeWide(path, input, length, in key, chunkCounter, flags, cvs);
        while (count > 2)
        {
            count = CompressParentsParallel(path, cvs, count, in key, flags, merged);
            Unsafe.CopyBlockUnaligned(cvs, merged, (uint)(count * Blake3Constants.OutLen));
        }

        Unsafe.CopyBlockUnaligned(output, cvs, 2 * Blake3Constants.OutLen);
    }

    /// <summary>The root output of hashing <paramref name="input"/> in one piece.</summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Blake3Output HashAll(Blake3Path path, ReadOnlySpan<byte> input, in CvWords key, uint flags)
    {
        if (input.Length <= Blake3Constants.ChunkLen)
        {
            var chunk = new ChunkState(in key, 0, flags);
            chunk.Update(path, input);
            return chunk.Output();
        }

        Span<byte> children = stackalloc byte[2 * Blake3Constants.OutLen];
        fixed (byte* p = input)
        fixed (byte* c = children)
        {
            CompressSubtreeToParentNode(path, p, input.Length, in key, 0, flags, c);
        }

        return Blake3Output.Parent(children, in key, flags);
    }

    /// <summary>
    /// Hashes a subtree and returns the number of chaining values written to <paramref name="output"/>:
    /// at most the SIMD degree (at least 2 when the input spans more than one chunk).
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompressSubtreeWide(Blake3Path path, byte* input, int length, in CvWords key, ulong chunkCounter, uint flags, byte* output)
    {
        int simdDegree = Blake3Simd.Degree(path);
        if (length <= simdDegree * Blake3Constants.ChunkLen)
        {
            return CompressChunksParallel(path, input, length, in key, chunkCounter, flags, output);
        }

        int leftLength = LeftLength(length);
        ulong rightChunkCounter = chunkCounter + (ulong)(leftLength / Blake3Constants.ChunkLen);
        byte* cvs = stackalloc byte[2 * MaxSimdDegreeOr2 * Blake3Constants.OutLen];
        int degree = leftLength == Blake3Constants.ChunkLen ? 1 : Math.Max(simdDegree, 2);
        int leftCount = CompressSubtreeWide(path, input, leftLength, in key, chunkCounter, flags, cvs);
        int rightCount = CompressSubtreeWide(path, input + leftLength, length - leftLength, in key, rightChunkCounter, flags, cvs + (degree * Blake3Constants.OutLen));

        // With one lane and two single-chunk children, hand both up unmerged so a caller always gets two.
        if (leftCount == 1)
        {
            Unsafe.CopyBlockUnaligned(output, cvs, 2 * Blake3Constants.OutLen);
            return 2;
        }

        return CompressParentsParallel(path, cvs, leftCount + rightCount, in key, flags, output);
    }

    /// <summary>Hashes whole chunks in parallel and a trailing partial chunk alone; returns the number of chaining values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompressChunksParallel(Blake3Path path, byte* input, int length, in CvWords key, ulong chunkCounter, uint flags, byte* output)
    {
        int wholeChunks = length / Blake3Constants.ChunkLen;
        Blake3HashMany.Run(
            path, input, Blake3Constants.ChunkLen, wholeChunks, Blake3Constants.ChunkLen / Blake3Constants.BlockLen, in key,
            chunkCounter, incrementCounter: true, flags, Blake3Constants.ChunkStart, Blake3Constants.ChunkEnd, output);
        int tail = length - (wholeChunks * Blake3Constants.ChunkLen);
        if (tail == 0)
        {
            return wholeChunks;
        }

        var chunk = new ChunkState(in key, chunkCounter + (ulong)wholeChunks, flags);
        chunk.Update(path, new ReadOnlySpan<byte>(input + (wholeChunks * Blake3Constants.ChunkLen), tail));
        CvWords cv = chunk.Output().ChainingValue(path);
        Blake3Output.WriteWords(in cv, new Span<byte>(output + (wholeChunks * Blake3Constants.OutLen), Blake3Constants.OutLen));
        return wholeChunks + 1;
    }

    /// <summary>Merges pairs of chaining values in parallel; an odd last one passes through. Returns the number written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CompressParentsParallel(Blake3Path path, byte* cvs, int count, in CvWords key, uint flags, byte* output)
    {
        int pairs = count / 2;
        Blake3HashMany.Run(
            path, cvs, Blake3Constants.BlockLen, pairs, 1, in key,
            0, incrementCounter: false, flags | Blake3Constants.Parent, 0, 0, output);
        if ((count & 1) == 0)
        {
            return pairs;
        }

        Unsafe.CopyBlockUnaligned(output + (pairs * Blake3Constants.OutLen), cvs + (pairs * Blake3Constants.BlockLen), Blake3Constants.OutLen);
        return pairs + 1;
    }

    /// <summary>The length of the left subtree: the largest power-of-two number of whole chunks below <paramref name="length"/>.</summary>
    private static int LeftLength(int length)
    {
        uint wholeChunks = (uint)((length - 1) / Blake3Constants.ChunkLen);
        return (1 << BitOperations.Log2(wholeChunks)) * Blake3Constants.ChunkLen;
    }
}
