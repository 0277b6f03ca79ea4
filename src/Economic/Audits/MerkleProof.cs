using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Audits;

/// <summary>A leaf of a shard's <see cref="ShardMerkleTree"/> with the sibling hashes up to the root.</summary>
/// <param name="LeafIndex">Which 1 KiB block.</param>
/// <param name="Leaf">The block's bytes (at most <see cref="ShardMerkleTree.LeafSize"/>).</param>
/// <param name="Siblings">Sibling hashes from the leaf's level up (levels where the node was promoted are skipped).</param>
public sealed record MerkleProof(long LeafIndex, ReadOnlyMemory<byte> Leaf, IReadOnlyList<Hash256> Siblings);
