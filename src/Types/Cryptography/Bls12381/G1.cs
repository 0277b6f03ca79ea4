using System.Numerics;
using System.Runtime.CompilerServices;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>G1: the order-r subgroup of E(Fp), its generator, subgroup check and 48-byte compressed encoding.</summary>
internal static class G1
{
    public const int CompressedSize = 48;

    public static readonly G1Point Generator = G1Point.FromAffine(
        Fp.FromHex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"),
        Fp.FromHex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1"));

    /// <summary>The cube root of unity β whose endomorphism σ(x, y) = (βx, y) acts on G1 as [-x²].</summary>
    private static readonly Fp Beta = FindBeta();

    /// <summary>σ(P) = (βX : Y : Z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static G1Point Sigma(in G1Point p) => new(Fp.Mul(p.X, Beta), p.Y, p.Z);

    /// <summary>
    /// Whether P (on the curve) lies in G1: σ(P) = [-x²]P (Bowe, eprint 2019/814; Scott 2021/1130),
    /// two 64-bit multiplications instead of one by r.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsInSubgroup(in G1Point p)
    {
        G1Point xx = G1Point.MultiplyVartime(G1Point.MultiplyVartime(p, BlsParameters.XAbs), BlsParameters.XAbs);
        return G1Point.AreEqual(Sigma(p), G1Point.Negate(xx));
    }

    /// <summary>The 48-byte compressed encoding.</summary>
    public static byte[] Compress(in G1Point p) => CompressedEncoding.Compress(p);

    /// <summary>
    /// Decodes a compressed point with every check: length, flags, x below p, x on the curve, and
    /// membership of G1. The identity decodes (callers that must reject it do so).
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> encoding, out G1Point point) =>
        CompressedEncoding.TryDecompress(encoding, out point) && IsInSubgroup(point);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp FindBeta()
    {
        BigInteger third = (Fp.Modulus - 1) / 3;
        for (ulong g = 2; ; g++)
        {
            Fp beta = Fp.Pow(Fp.FromUInt64(g), third);
            if (Fp.AreEqual(beta, Fp.One))
            {
                continue;
            }

            G1Point xx = G1Point.MultiplyVartime(G1Point.MultiplyVartime(Generator, BlsParameters.XAbs), BlsParameters.XAbs);
            G1Point sigma = new(Fp.Mul(Generator.X, beta), Generator.Y, Generator.Z);
            return G1Point.AreEqual(sigma, G1Point.Negate(xx)) ? beta : Fp.Square(beta);
        }
    }
}
