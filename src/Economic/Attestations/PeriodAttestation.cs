using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Attestations;

/// <summary>
/// The holders' acknowledgements of every step of one billing period of a contract (from the step after
/// the previous period's close to this period's PassPeriod or FailPeriod), their aggregates combined
/// into one 96-byte signature (<see cref="ContractAttestation.Combine"/>).
/// </summary>
/// <param name="Steps">The steps' attestations (their statements and signers; their own aggregates are not needed to verify).</param>
/// <param name="Combined">The combined signature.</param>
internal sealed record PeriodAttestation(IReadOnlyList<ContractAttestation> Steps, byte[] Combined)
{
    /// <summary>One AggregateVerify over every step (<see cref="ContractAttestation.VerifyCombined"/>).</summary>
    public bool Verify(Func<NodeId, PublicKey?> blsKeys) => ContractAttestation.VerifyCombined(Steps, Combined, blsKeys);
}
