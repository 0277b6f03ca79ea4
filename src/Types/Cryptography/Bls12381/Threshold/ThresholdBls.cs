using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>
/// t-of-n threshold BLS over the POP ciphersuite: partial signatures are ordinary BLS signatures by
/// secret shares; any t of them combine by Lagrange interpolation at 0 in G2 into the signature of
/// the group secret, which <see cref="Bls.Verify"/> accepts under the group public key
/// (<see cref="FeldmanCommitment.PublicKey"/> of the group commitment). Fewer than t partials combine
/// to a signature that does not verify.
/// </summary>
public static class ThresholdBls
{
    /// <summary>Whether <paramref name="partial"/> is a valid signature of <paramref name="message"/> by member partial.Index's public share under <paramref name="groupCommitment"/>.</summary>
    public static bool VerifyPartial(FeldmanCommitment groupCommitment, ReadOnlySpan<byte> message, PartialSignature partial)
    {
        ArgumentNullException.ThrowIfNull(groupCommitment);
        ArgumentNullException.ThrowIfNull(partial);
        return partial.Index >= 1 && Bls.Verify(groupCommitment.PublicShare(partial.Index), message, partial.Signature);
    }

    /// <summary>
    /// Σ λ_i·σ_i over the given partials (λ_i the Lagrange coefficients at 0 of their indices). With t
    /// valid partials of one message the result is the group signature; it is not checked here (call
    /// <see cref="Bls.Verify"/>, or verify each partial first to find a bad signer).
    /// </summary>
    /// <exception cref="ArgumentException">No partials, an index below 1, or an index given twice.</exception>
    public static Signature Combine(IReadOnlyCollection<PartialSignature> partials)
    {
        ArgumentNullException.ThrowIfNull(partials);
        if (partials.Count == 0)
        {
            throw new ArgumentException("Combining needs at least one partial signature (t of them for a valid group signature).", nameof(partials));
        }

        var indices = new List<int>(partials.Count);
        foreach (PartialSignature p in partials)
        {
            if (p.Index < 1 || indices.Contains(p.Index))
            {
                throw new ArgumentException($"Partial signature index {p.Index} is below 1 or appears twice; pass one partial per distinct member.", nameof(partials));
            }

            indices.Add(p.Index);
        }

        Fr[] lambdas = Lagrange.AtZero(indices);
        G2Point sum = G2Point.Identity;
        int k = 0;
        foreach (PartialSignature p in partials)
        {
            // Lagrange coefficients and partial signatures are public: variable-time multiplication.
            sum = G2Point.Add(sum, G2Point.MultiplyVartime(p.Signature.Point, lambdas[k++].ToBytes()));
        }

        return new Signature(sum);
    }
}
