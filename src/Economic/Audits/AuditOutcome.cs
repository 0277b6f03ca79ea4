using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Audits;

/// <summary>The result of one audit of one host.</summary>
/// <param name="ContractId">The contract audited.</param>
/// <param name="ShardId">The shard challenged.</param>
/// <param name="LeafIndex">The leaf challenged.</param>
/// <param name="Result">How it ended.</param>
/// <param name="ResponseTime">Time from sending the challenge to the answer (or the timeout).</param>
public readonly record struct AuditOutcome(Hash256 ContractId, Hash256 ShardId, long LeafIndex, AuditResult Result, TimeSpan ResponseTime);
