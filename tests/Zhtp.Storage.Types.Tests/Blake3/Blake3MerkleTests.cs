using Zhtp.Storage.Types.Blake3;

namespace Zhtp.Storage.Types.Tests.Blake3;

/// <summary>Rebuilding the BLAKE3 tree node by node gives the same root as hashing the input.</summary>
public sealed class Blake3MerkleTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    public void RootFromSingleChunk_OneChunkInput_EqualsHash(int length)
    {
        byte[] input = Blake3TestVectors.Input(length);
        Assert.Equal(Hasher.Hash(input), Blake3Merkle.RootFromSingleChunk(input));
    }

    [Theory]
    [InlineData(1025)]
    [InlineData(2048)]
    [InlineData(3000)]
    [InlineData(5 * 1024)]
    [InlineData((7 * 1024) + 9)]
    [InlineData(16 * 1024)]
    [InlineData(100_000)]
    public void RootFromChildren_TreeBuiltFromChunks_EqualsHash(int length)
    {
        byte[] input = Blake3TestVectors.Input(length);
        int chunks = (length + Blake3Merkle.ChunkSize - 1) / Blake3Merkle.ChunkSize;
        byte[] left = Subtree(input, 0, LeftChunks(chunks));
        byte[] right = Subtree(input, LeftChunks(chunks), chunks - LeftChunks(chunks));
        Assert.Equal(Hasher.Hash(input), Blake3Merkle.RootFromChildren(left, right));
    }

    private static int LeftChunks(int chunks) => 1 << (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)(chunks - 1)));

    private static byte[] Subtree(byte[] input, int firstChunk, int chunks)
    {
        byte[] cv = new byte[32];
        if (chunks == 1)
        {
            int start = firstChunk * Blake3Merkle.ChunkSize;
            Blake3Merkle.ChunkChainingValue(input.AsSpan(start, Math.Min(Blake3Merkle.ChunkSize, input.Length - start)), (ulong)firstChunk, cv);
            return cv;
        }

        int left = LeftChunks(chunks);
        Blake3Merkle.ParentChainingValue(Subtree(input, firstChunk, left), Subtree(input, firstChunk + left, chunks - left), cv);
        return cv;
    }
}
