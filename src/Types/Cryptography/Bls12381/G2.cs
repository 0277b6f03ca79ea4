using System.Runtime.CompilerServices;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// G2: the order-r subgroup of the twist E'(Fp2), its generator, the untwist-Frobenius-twist
/// endomorphism ψ, the subgroup check, cofactor clearing and the 96-byte compressed encoding.
/// </summary>
internal static class G2
{
    public const int CompressedSize = 96;

    public static readonly G2Point Generator = G2Point.FromAffine(
        new Fp2(
            Fp.FromHex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"),
            Fp.FromHex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")),
        new Fp2(
            Fp.FromHex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"),
            Fp.FromHex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be")));

    // ψ(x, y) = (conj(x)·γ^-2, conj(y)·γ^-3) with γ = ξ^((p-1)/6): untwist (x·w^-2, y·w^-3), Frobenius, twist back.
    private static readonly Fp2 PsiX = Fp2.Inverse(Fp2.Square(Fp12.Gamma));
    private static readonly Fp2 PsiY = Fp2.Inverse(Fp2.Mul(Fp2.Square(Fp12.Gamma), Fp12.Gamma));

    /// <summary>ψ on projective coordinates (conjugation is a field automorphism, so Z is conjugated too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static G2Point Psi(in G2Point p) =>
        new(Fp2.Mul(Fp2.Conjugate(p.X), PsiX), Fp2.Mul(Fp2.Conjugate(p.Y), PsiY), Fp2.Conjugate(p.Z));

    /// <summary>[x]P for the (negative) curve parameter x; public points only (Jacobian, variable time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static G2Point MultiplyByX(in G2Point p) => G2Point.Negate(G2Jacobian.MultiplyByXAbs(p));

    /// <summary>Whether P (on the curve) lies in G2: ψ(P) = [x]P (Scott, eprint 2021/1130).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsInSubgroup(in G2Point p) => G2Point.AreEqual(Psi(p), MultiplyByX(p));

    /// <summary>
    /// [h_eff]P by the Budroni–Pintore decomposition (RFC 9380 appendix G.3):
    /// [x² - x - 1]P + [x - 1]ψ(P) + ψ²([2]P).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static G2Point ClearCofactor(in G2Point p)
    {
        G2Point t1 = MultiplyByX(p);
        G2Point t2 = Psi(p);
        G2Point t3 = Psi(Psi(G2Point.Double(p)));
        t3 = G2Point.Sub(t3, t2);
        t2 = MultiplyByX(G2Point.Add(t1, t2));
        t3 = G2Point.Add(t3, t2);
        t3 = G2Point.Sub(t3, t1);
        return G2Point.Sub(t3, p);
    }

    /// <summary>The compressed encoding (for G2: x·c1 first, then x·c0).</summary>
    public static byte[] Compress(in G2Point p) => CompressedEncoding.Compress(p);

    /// <summary>
    /// Decodes a compressed point with every check: length, flags, x below p, x on the curve, and
    /// membership of G2. The identity decodes (callers that must reject it do so).
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> encoding, out G2Point point) =>
        CompressedEncoding.TryDecompress(encoding, out point) && IsInSubgroup(point);
}
