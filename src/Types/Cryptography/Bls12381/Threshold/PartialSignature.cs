namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>
/// Member <paramref name="Index"/>'s signature share: a BLS signature by its secret share. Verify it
/// with <see cref="ThresholdBls.VerifyPartial"/>; combine t of them with <see cref="ThresholdBls.Combine"/>.
/// </summary>
/// <param name="Index">The signer's 1-based member index.</param>
/// <param name="Signature">[s_i]·H(message) in G2.</param>
public sealed record PartialSignature(int Index, Signature Signature);
