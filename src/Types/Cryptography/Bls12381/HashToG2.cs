using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// hash_to_curve for G2 (RFC 9380, suite BLS12381G2_XMD:SHA-256_SSWU_RO_): expand_message_xmd
/// with SHA-256, hash_to_field into two Fp2 elements, the simplified SWU map onto the 3-isogenous
/// curve E2': y² = x³ + 240u·x + 1012(1 + u), the 3-isogeny to E', addition, and cofactor clearing.
/// Messages are public, so this code may branch on its values.
/// </summary>
internal static class HashToG2
{
    private const int FieldBytes = 64; // L = ceil((381 + 128) / 8)

    private static readonly Fp2 IsoA = new(Fp.Zero, Fp.FromUInt64(240));
    private static readonly Fp2 IsoB = new(Fp.FromUInt64(1012), Fp.FromUInt64(1012));
    private static readonly Fp2 SswuZ = Fp2.Negate(new Fp2(Fp.FromUInt64(2), Fp.One));
    private static readonly Fp2 MinusBOverA = Fp2.Negate(Fp2.Mul(IsoB, Fp2.Inverse(IsoA)));
    private static readonly Fp2 BOverZA = Fp2.Mul(IsoB, Fp2.Inverse(Fp2.Mul(SswuZ, IsoA)));
    private static readonly Fp2 SswuZCubed = Fp2.Mul(Fp2.Square(SswuZ), SswuZ);

    /// <summary>√(−125) in Fp: norm(Z³) = 5³ and 5 is not a square, so −125 is.</summary>
    private static readonly Fp SqrtMinus125 = Fp.TrySqrt(Fp.Negate(Fp.FromUInt64(125)), out Fp root)
        ? root
        : throw new InvalidOperationException("−125 has no square root in Fp; the field arithmetic is broken.");

    // RFC 9380 appendix E.3: the 3-isogeny map's coefficients k_(1,i) .. k_(4,i), lowest degree first.
    private static readonly Fp2[] XNum =
    [
        F2("5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6", "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6"),
        F2("0", "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a"),
        F2("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e", "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38d"),
        F2("171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1", "0"),
    ];

    private static readonly Fp2[] XDen =
    [
        F2("0", "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa63"),
        F2("c", "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa9f"),
        F2("1", "0"),
    ];

    private static readonly Fp2[] YNum =
    [
        F2("1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706", "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706"),
        F2("0", "5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be"),
        F2("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c", "8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38f"),
        F2("124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10", "0"),
    ];

    private static readonly Fp2[] YDen =
    [
        F2("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb", "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb"),
        F2("0", "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa9d3"),
        F2("12", "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa99"),
        F2("1", "0"),
    ];

    /// <summary>hash_to_curve(msg) with domain separation tag <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static G2Point Hash(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<byte> uniform = stackalloc byte[4 * FieldBytes];
        ExpandMessageXmd(message, dst, uniform);
        Fp2 u0 = new(Fp.FromBytesReduced(uniform[..64]), Fp.FromBytesReduced(uniform[64..128]));
        Fp2 u1 = new(Fp.FromBytesReduced(uniform[128..192]), Fp.FromBytesReduced(uniform[192..]));
        G2Point q0 = MapToCurve(u0);
        G2Point q1 = MapToCurve(u1);
        return G2.ClearCofactor(G2Point.Add(q0, q1));
    }

    /// <summary>expand_message_xmd with SHA-256 (RFC 9380 section 5.3.1) into <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpandMessageXmd(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<byte> output)
    {
        const int hashBytes = 32, blockBytes = 64;
        int ell = (output.Length + hashBytes - 1) / hashBytes;
        if (ell > 255 || output.Length > 65535 || dst.Length > 255)
        {
            throw new ArgumentException("expand_message_xmd: the output is longer than 255 hashes, or the DST longer than 255 bytes.");
        }

        byte[] dstPrime = [.. dst, (byte)dst.Length];
        using var h0 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h0.AppendData(new byte[blockBytes]);
        h0.AppendData(message);
        h0.AppendData([(byte)(output.Length >> 8), (byte)output.Length, 0]);
        h0.AppendData(dstPrime);
        byte[] b0 = h0.GetHashAndReset();

        Span<byte> previous = stackalloc byte[hashBytes];
        Span<byte> input = stackalloc byte[hashBytes + 1 + dstPrime.Length];
        for (int i = 1; i <= ell; i++)
        {
            for (int k = 0; k < hashBytes; k++)
            {
                input[k] = (byte)(i == 1 ? b0[k] : b0[k] ^ previous[k]);
            }

            input[hashBytes] = (byte)i;
            dstPrime.CopyTo(input[(hashBytes + 1)..]);
            SHA256.HashData(input, previous);
            int offset = (i - 1) * hashBytes;
            previous[..Math.Min(hashBytes, output.Length - offset)].CopyTo(output[offset..]);
        }
    }

    /// <summary>
    /// map_to_curve: simplified SWU onto E2' (RFC 9380 section 6.6.2), then the 3-isogeny to E'.
    /// x1 = Xn/Xd is kept as a fraction and g(x1) = U/V with V = Xd³, so one
    /// <see cref="Fp2SqrtRatio"/> (two Fp exponentiations) gives y without any inversion; when
    /// g(x1) is not a square, g(x2) = Z³u⁶·g(x1) and the norm's root is reused
    /// (√(125·n) = √(−125)·√(−n), −125 being a square in Fp), so the second candidate costs no
    /// further exponentiation. The isogeny takes x as a fraction too. Rare inputs the shortcut does
    /// not cover (denominator zero, A0 + r = 0) take <see cref="MapToCurveReference"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static G2Point MapToCurve(in Fp2 u)
    {
        Fp2 zu2 = Fp2.Mul(SswuZ, Fp2.Square(u));
        Fp2 d = Fp2.Add(Fp2.Square(zu2), zu2);
        if (d.IsZero)
        {
            return MapToCurveReference(u);
        }

        // x1 = (−B/A)(1 + 1/d) = Xn/Xd; g(x1) = (Xn³ + A·Xn·Xd² + B·Xd³)/Xd³ = U/V
        Fp2 xn = Fp2.Negate(Fp2.Mul(IsoB, Fp2.Add(d, Fp2.One)));
        Fp2 xd = Fp2.Mul(IsoA, d);
        Fp2 xd2 = Fp2.Square(xd);
        Fp2 v = Fp2.Mul(xd2, xd);
        Fp2 numerator = Fp2.Add(Fp2.Mul(Fp2.Add(Fp2.Square(xn), Fp2.Mul(IsoA, xd2)), xn), Fp2.Mul(IsoB, v));
        Fp2 a = Fp2.Mul(numerator, Fp2.Conjugate(v));
        Fp n = Fp2SqrtRatio.Norm(v);
        Fp normA = Fp2SqrtRatio.Norm(a);
        Fp r = Fp2SqrtRatio.SqrtPower.Pow(normA);
        Fp2 y;
        if (Fp.AreEqual(Fp.Square(r), normA))
        {
            if (!Fp2SqrtRatio.TryRoot(a, n, r, out y))
            {
                return MapToCurveReference(u);
            }
        }
        else
        {
            // g(x2) = Z³u⁶·g(x1): y2 = u³·√(Z³·A/N), norm(Z³A) = 125·norm(A) and r² = −norm(A)
            if (!Fp2SqrtRatio.TryRoot(Fp2.Mul(SswuZCubed, a), n, Fp.Mul(SqrtMinus125, r), out Fp2 y2))
            {
                return MapToCurveReference(u);
            }

            y = Fp2.Mul(Fp2.Mul(Fp2.Square(u), u), y2);
            xn = Fp2.Mul(zu2, xn);
        }

        if (u.Sgn0 != y.Sgn0)
        {
            y = Fp2.Negate(y);
        }

        return IsoMap(xn, xd, y);
    }

    /// <summary>map_to_curve as RFC 9380 writes it: an inversion and up to two square roots (tests and rare inputs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static G2Point MapToCurveReference(in Fp2 u)
    {
        Fp2 u2 = Fp2.Square(u);
        Fp2 zu2 = Fp2.Mul(SswuZ, u2);
        Fp2 tv1 = Fp2.Inverse(Fp2.Add(Fp2.Square(zu2), zu2));
        Fp2 x1 = tv1.IsZero ? BOverZA : Fp2.Mul(MinusBOverA, Fp2.Add(Fp2.One, tv1));
        Fp2 x;
        if (Fp2.TrySqrt(IsoCurveRhs(x1), out Fp2 y))
        {
            x = x1;
        }
        else
        {
            x = Fp2.Mul(zu2, x1);
            if (!Fp2.TrySqrt(IsoCurveRhs(x), out y))
            {
                throw new InvalidOperationException("Simplified SWU found neither g(x1) nor g(x2) square; the field arithmetic is broken.");
            }
        }

        if (u.Sgn0 != y.Sgn0)
        {
            y = Fp2.Negate(y);
        }

        return IsoMap(x, Fp2.One, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp2 IsoCurveRhs(in Fp2 x) => Fp2.Add(Fp2.Mul(Fp2.Add(Fp2.Square(x), IsoA), x), IsoB);

    /// <summary>
    /// The 3-isogeny E2' → E' (RFC 9380 appendix E.3) at x = xn/xd, in projective form to need no
    /// inversion: each polynomial of degree k is evaluated homogeneously, Σ c_i·xn^i·xd^(k−i).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static G2Point IsoMap(in Fp2 xn, in Fp2 xd, in Fp2 y)
    {
        Fp2 xd2 = Fp2.Square(xd);
        Fp2 xd3 = Fp2.Mul(xd2, xd);
        ReadOnlySpan<Fp2> powers = [Fp2.One, xd, xd2, xd3];

        // xNum·xd³, xDen·xd², yNum·xd³, yDen·xd³
        Fp2 xNum = Horner(XNum, xn, powers), xDen = Horner(XDen, xn, powers), yNum = Horner(YNum, xn, powers), yDen = Horner(YDen, xn, powers);
        if (xDen.IsZero || yDen.IsZero)
        {
            return G2Point.Identity;
        }

        // (xNum/(xDen·xd), y·yNum/yDen) = (xNum·yDen : y·yNum·xDen·xd : xDen·xd·yDen)
        Fp2 xDenXd = Fp2.Mul(xDen, xd);
        return new G2Point(Fp2.Mul(xNum, yDen), Fp2.Mul(Fp2.Mul(y, yNum), xDenXd), Fp2.Mul(xDenXd, yDen));
    }

    /// <summary>Σ c_i·xn^i·xd^(k−i) for the coefficients c_0 … c_k (a leading 1 costs no multiplication).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp2 Horner(Fp2[] coefficients, in Fp2 xn, ReadOnlySpan<Fp2> xdPowers)
    {
        int k = coefficients.Length - 1;
        Fp2 r = coefficients[k];
        for (int i = k - 1; i >= 0; i--)
        {
            r = Fp2.Add(Fp2.Mul(r, xn), Fp2.Mul(coefficients[i], xdPowers[k - i]));
        }

        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp2 F2(string c0, string c1) => new(Fp.FromHex(c0), Fp.FromHex(c1));
}
