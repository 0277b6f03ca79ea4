using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Audits;

// Implementation notes
// Our own Merkle construction over BLAKE3 (not BLAKE3's internal chunk tree, which is not part of
// the public hash API): the shard is cut into 512-byte leaves (the last may be
// shorter; an empty shard is one empty leaf). leaf = BLAKE3(0x00 || block), parent =
// BLAKE3(0x01 || left || right); the prefixes keep a leaf from ever verifying as an inner node
// (second-preimage separation as in RFC 6962 §2.1). A level with an odd count promotes its last
// node unchanged. A proof lists the siblings from the leaf up, skipping levels where the node was
// promoted; the verifier knows the leaf count from the contract and so knows which levels those are.
// Why 512 bytes: a signed answer (leaf + 11 siblings for a 1 MiB shard + signature) must fit one
// DHT datagram payload (about 1,100 bytes); 1 KiB leaves would not.
/// <summary>BLAKE3 Merkle tree over a shard's 512-byte blocks, for proofs of storage.</summary>
public static class ShardMerkleTree
{
    /// <summary>Bytes per leaf.</summary>
    public const int LeafSize = 512;

    private static ReadOnlySpan<byte> LeafPrefix => [0];

    /// <summary>Number of leaves of a shard of <paramref name="sizeBytes"/> bytes (at least 1).</summary>
    public static long LeafCount(long sizeBytes) => sizeBytes <= 0 ? 1 : (sizeBytes + LeafSize - 1) / LeafSize;

    /// <summary>The root of the tree over <paramref name="shard"/>.</summary>
    public static Hash256 ComputeRoot(ReadOnlySpan<byte> shard)
    {
        var level = Leaves(shard);
        while (level.Length > 1)
        {
            level = Up(level);
        }

        return level[0];
    }

    /// <summary>The proof that leaf <paramref name="index"/> belongs to <paramref name="shard"/>'s tree.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a leaf index of the shard.</exception>
    public static MerkleProof Prove(ReadOnlySpan<byte> shard, long index)
    {
        var count = LeafCount(shard.Length);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        var siblings = new List<Hash256>();
        var level = Leaves(shard);
        var i = (int)index;
        while (level.Length > 1)
        {
            var sibling = i ^ 1;
            if (sibling < level.Length)
            {
                siblings.Add(level[sibling]);
            }

            level = Up(level);
            i >>= 1;
        }

        return new MerkleProof(index, Block(shard, index).ToArray(), siblings);
    }

    /// <summary>True when <paramref name="proof"/> proves its leaf under <paramref name="root"/> for a shard of <paramref name="sizeBytes"/> bytes.</summary>
    public static bool Verify(Hash256 root, long sizeBytes, MerkleProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var count = LeafCount(sizeBytes);
        if (proof.LeafIndex < 0 || proof.LeafIndex >= count)
        {
            return false;
        }

        var expectedLength = proof.LeafIndex == count - 1 ? sizeBytes - (proof.LeafIndex * LeafSize) : LeafSize;
        if (proof.Leaf.Length != Math.Max(0, expectedLength))
        {
            return false;
        }

        var node = LeafHash(proof.Leaf.Span);
        var index = proof.LeafIndex;
        var width = count;
        var used = 0;
        while (width > 1)
        {
            var sibling = index ^ 1;
            if (sibling < width)
            {
                if (used >= proof.Siblings.Count)
                {
                    return false;
                }

                node = (index & 1) == 0 ? Parent(node, proof.Siblings[used]) : Parent(proof.Siblings[used], node);
                used++;
            }

            index >>= 1;
            width = (width + 1) / 2;
        }

        return used == proof.Siblings.Count && node == root;
    }

    private static ReadOnlySpan<byte> Block(ReadOnlySpan<byte> shard, long index)
    {
        var start = (int)(index * LeafSize);
        return shard.Slice(start, Math.Min(LeafSize, shard.Length - start));
    }

    private static Hash256[] Leaves(ReadOnlySpan<byte> shard)
    {
        var leaves = new Hash256[LeafCount(shard.Length)];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = LeafHash(shard.Length == 0 ? [] : Block(shard, i));
        }

        return leaves;
    }

    private static Hash256[] Up(Hash256[] level)
    {
        var next = new Hash256[(level.Length + 1) / 2];
        for (var i = 0; i < next.Length; i++)
        {
            var left = 2 * i;
            next[i] = left + 1 < level.Length ? Parent(level[left], level[left + 1]) : level[left];
        }

        return next;
    }

    private static Hash256 LeafHash(ReadOnlySpan<byte> block)
    {
        return Blake3Hashing.Compute(LeafPrefix, block);
    }

    private static Hash256 Parent(Hash256 left, Hash256 right)
    {
        Span<byte> input = stackalloc byte[1 + (2 * Hash256.Size)];
        input[0] = 1;
        left.WriteTo(input[1..]);
        right.WriteTo(input[(1 + Hash256.Size)..]);
        return Blake3Hashing.Compute(input);
    }
}
