namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>
/// What a DKG leaves a member: its secret share of the group key, the group commitment (from which
/// the group public key and every member's public share follow) and the dealers that qualified.
/// Dispose zeroes the share.
/// </summary>
public sealed class ThresholdKeyShare : IDisposable
{
    internal ThresholdKeyShare(int members, SecretShare share, FeldmanCommitment groupCommitment, IReadOnlyList<int> qualified)
    {
        Members = members;
        Share = share;
        GroupCommitment = groupCommitment;
        QualifiedDealers = qualified;
    }

    /// <summary>n: committee size.</summary>
    public int Members { get; }

    /// <summary>t: partial signatures needed.</summary>
    public int Threshold => GroupCommitment.Threshold;

    /// <summary>This member's secret share (its index is the member index).</summary>
    public SecretShare Share { get; }

    /// <summary>Σ of the qualified dealers' commitments.</summary>
    public FeldmanCommitment GroupCommitment { get; }

    /// <summary>The group public key (C_0 of <see cref="GroupCommitment"/>); group signatures verify under it with <see cref="Bls.Verify"/>.</summary>
    public PublicKey GroupPublicKey => GroupCommitment.PublicKey;

    /// <summary>The qualified dealers' indices, ascending.</summary>
    public IReadOnlyList<int> QualifiedDealers { get; }

    /// <summary>Zeroes the share.</summary>
    public void Dispose() => Share.Dispose();
}
