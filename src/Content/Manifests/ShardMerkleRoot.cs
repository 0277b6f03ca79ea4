using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>
/// The manifest's Merkle root over every shard key in table order (segment 0 shard 0 first): leaves
/// are the keys, an inner node is BLAKE3(0x01 || left || right), an odd node is carried up
/// unchanged; the root of no shards is 32 zero bytes.
/// </summary>
internal sealed class ShardMerkleRoot
{
    private readonly List<Hash256?> _levels = [];

    /// <summary>Adds the next leaf (O(log n) memory: one pending node per level).</summary>
    public void Add(DhtKey leaf)
    {
        Hash256 node = leaf.Value;
        for (int level = 0; ; level++)
        {
            if (level == _levels.Count)
            {
                _levels.Add(node);
                return;
            }

            if (_levels[level] is not { } left)
            {
                _levels[level] = node;
                return;
            }

            node = Combine(left, node);
            _levels[level] = null;
        }
    }

    /// <summary>The root of the leaves added so far.</summary>
    public Hash256 Root()
    {
        Hash256? carry = null;
        foreach (Hash256? pending in _levels)
        {
            if (pending is { } left)
            {
                carry = carry is { } right ? Combine(left, right) : left;
            }
        }

        return carry ?? Hash256.Zero;
    }

    private static Hash256 Combine(Hash256 left, Hash256 right)
    {
        Span<byte> bytes = stackalloc byte[1 + (2 * Hash256.Size)];
        bytes[0] = 1;
        left.WriteTo(bytes[1..]);
        right.WriteTo(bytes[(1 + Hash256.Size)..]);
        return Blake3Hashing.Compute(bytes);
    }
}
