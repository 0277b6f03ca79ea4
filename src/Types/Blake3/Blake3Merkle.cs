namespace Zhtp.Storage.Types.Blake3;

// Implementation notes: BLAKE3 is a Merkle tree (see the BLAKE3 paper): chunk i of the
// input (1024 bytes; the last may be shorter) gives a chaining value under counter i, and parent
// nodes hash two child chaining values. The tree is left-heavy: a left subtree always holds the
// largest power of two of chunks smaller than the whole. Only the root compression differs
// (ROOT flag, extendable output), so proofs can be checked node by node with these functions.

/// <summary>
/// Node-level BLAKE3 (plain hash mode) for Merkle proofs over content: chunk and parent chaining
/// values, and the root from the top node. Not for general hashing; use <see cref="Hasher"/>.
/// </summary>
internal static class Blake3Merkle
{
    /// <summary>The size of a chunk, the tree's leaf.</summary>
    public const int ChunkSize = Blake3Constants.ChunkLen;

    /// <summary>Writes the chaining value of chunk <paramref name="chunkIndex"/> (1..1024 bytes; 0 only for empty input) to <paramref name="cv"/> (32 bytes).</summary>
    public static void ChunkChainingValue(ReadOnlySpan<byte> chunk, ulong chunkIndex, Span<byte> cv)
    {
        CheckChunk(chunk);
        Blake3Path path = Blake3Simd.Current;
        CvWords words = ChunkOutput(path, chunk, chunkIndex).ChainingValue(path);
        Blake3Output.WriteWords(in words, cv[..Blake3Constants.OutLen]);
    }

    /// <summary>Writes the chaining value of the parent of two children (32 bytes each) to <paramref name="cv"/>.</summary>
    public static void ParentChainingValue(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> cv)
    {
        Blake3Path path = Blake3Simd.Current;
        CvWords words = ParentOutput(left, right).ChainingValue(path);
        Blake3Output.WriteWords(in words, cv[..Blake3Constants.OutLen]);
    }

    /// <summary>The hash of the whole input when the parent of <paramref name="left"/> and <paramref name="right"/> is the root.</summary>
    public static Hash RootFromChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => Root(ParentOutput(left, right));

    /// <summary>The hash of an input that is this single chunk (at most 1024 bytes).</summary>
    public static Hash RootFromSingleChunk(ReadOnlySpan<byte> chunk)
    {
        CheckChunk(chunk);
        return Root(ChunkOutput(Blake3Simd.Current, chunk, 0));
    }

    private static Blake3Output ChunkOutput(Blake3Path path, ReadOnlySpan<byte> chunk, ulong chunkIndex)
    {
        var state = new ChunkState(Blake3Constants.IV, chunkIndex, 0);
        state.Update(path, chunk);
        return state.Output();
    }

    private static Blake3Output ParentOutput(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        CvWords l = Blake3Output.ReadWords(left[..Blake3Constants.OutLen]);
        CvWords r = Blake3Output.ReadWords(right[..Blake3Constants.OutLen]);
        return Blake3Output.Parent(in l, in r, Blake3Constants.IV, 0);
    }

    private static Hash Root(Blake3Output output)
    {
        Span<byte> bytes = stackalloc byte[Hash.Size];
        output.RootBytes(Blake3Simd.Current, 0, bytes);
        return new Hash(bytes);
    }

    private static void CheckChunk(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length > Blake3Constants.ChunkLen)
        {
            throw new ArgumentException($"A BLAKE3 chunk is at most {Blake3Constants.ChunkLen} bytes; got {chunk.Length}.", nameof(chunk));
        }
    }
}
