using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Contracts;

/// <summary>One shard under contract: its content hash, size and the BLAKE3 Merkle root the renter kept for audits.</summary>
/// <param name="ShardId">BLAKE3 of the shard's bytes.</param>
/// <param name="SizeBytes">Shard size.</param>
/// <param name="MerkleRoot">Root of <see cref="ShardMerkleTree"/> over the shard.</param>
public readonly record struct ShardTerms(Hash256 ShardId, long SizeBytes, Hash256 MerkleRoot);
