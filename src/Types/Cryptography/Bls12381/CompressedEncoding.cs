using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// The three flag bits of the compressed encoding (the ZCash format the IETF draft adopts): bit 7
/// says compressed, bit 6 the point at infinity, bit 5 that y is the lexicographically larger root.
/// </summary>
internal static class CompressedEncoding
{
    public const byte CompressionFlag = 0x80;
    public const byte InfinityFlag = 0x40;
    public const byte SignFlag = 0x20;

    /// <summary>What the flags of an encoding say, before the coordinates are read.</summary>
    public enum Kind
    {
        Invalid,
        Infinity,
        Point,
    }

    /// <summary>
    /// Checks the flags of <paramref name="encoding"/>: compression must be set; the infinity flag
    /// demands a clear sign flag and all other bits zero.
    /// </summary>
    public static Kind Classify(ReadOnlySpan<byte> encoding, out bool sign)
    {
        byte first = encoding[0];
        sign = (first & SignFlag) != 0;
        if ((first & CompressionFlag) == 0)
        {
            return Kind.Invalid;
        }

        if ((first & InfinityFlag) != 0)
        {
            bool rest = (first & 0x3F) != 0 || encoding[1..].ContainsAnyExcept((byte)0);
            return sign || rest ? Kind.Invalid : Kind.Infinity;
        }

        return Kind.Point;
    }

    /// <summary>The encoding with the flag bits cleared, for reading the x coordinate.</summary>
    public static void CopyWithoutFlags(ReadOnlySpan<byte> encoding, Span<byte> destination)
    {
        encoding.CopyTo(destination);
        destination[0] &= 0x1F;
    }

    /// <summary>The compressed encoding of a point: x big-endian with the flags in the first byte.</summary>
    public static byte[] Compress<TField, TCurve>(in ProjectivePoint<TField, TCurve> p)
        where TField : struct, IBlsField<TField>
        where TCurve : struct, IBlsCurve<TField>
    {
        if (p.IsIdentity)
        {
            return InfinityEncoding(TField.ByteLength);
        }

        (TField x, TField y) = ToAffine(p);
        var bytes = new byte[TField.ByteLength];
        x.WriteBytes(bytes);
        bytes[0] |= CompressionFlag;
        if (y.IsLexicographicallyLargest)
        {
            bytes[0] |= SignFlag;
        }

        return bytes;
    }

    /// <summary>
    /// Decodes a compressed point with every check but the subgroup's: length, flags, x below p
    /// (each half for Fp2), x on the curve. The identity decodes.
    /// </summary>
    public static bool TryDecompress<TField, TCurve>(ReadOnlySpan<byte> encoding, out ProjectivePoint<TField, TCurve> point)
        where TField : struct, IBlsField<TField>
        where TCurve : struct, IBlsCurve<TField>
    {
        point = ProjectivePoint<TField, TCurve>.Identity;
        if (encoding.Length != TField.ByteLength)
        {
            return false;
        }

        switch (Classify(encoding, out bool sign))
        {
            case Kind.Infinity:
                return true;
            case Kind.Invalid:
                return false;
        }

        Span<byte> xBytes = stackalloc byte[TField.ByteLength];
        CopyWithoutFlags(encoding, xBytes);
        if (!TField.TryFromBytes(xBytes, out TField x))
        {
            return false;
        }

        TField rhs = TField.Add(TField.Mul(TField.Square(x), x), TCurve.B);
        if (!TrySqrt(rhs, out TField y))
        {
            return false;
        }

        if (y.IsLexicographicallyLargest != sign)
        {
            y = TField.Negate(y);
        }

        point = ProjectivePoint<TField, TCurve>.FromAffine(x, y);
        return true;
    }

    /// <summary>a ↦ a^(p−2), the Fermat inverse by the sliding window (82 multiplications beside the squarings, not 229).</summary>
    private static readonly FpFixedPower InversePower = new(Fp.Modulus - 2);

    /// <summary>
    /// The affine coordinates for compression; for Fp and Fp2 the inversion of Z takes the sliding
    /// window (a fixed sequence of operations, as the field's own Fermat inversion: Z may depend on
    /// a secret through the constant-time multiplication that produced a signature).
    /// </summary>
    private static (TField X, TField Y) ToAffine<TField, TCurve>(in ProjectivePoint<TField, TCurve> p)
        where TField : struct, IBlsField<TField>
        where TCurve : struct, IBlsCurve<TField>
    {
        TField zi;
        if (typeof(TField) == typeof(Fp2))
        {
            Fp2 z = Unsafe.As<TField, Fp2>(ref Unsafe.AsRef(in p.Z));
            Fp ni = InversePower.Pow(Fp2SqrtRatio.Norm(z));
            Fp2 inverse = new(Fp.Mul(z.C0, ni), Fp.Negate(Fp.Mul(z.C1, ni)));
            zi = Unsafe.As<Fp2, TField>(ref inverse);
        }
        else if (typeof(TField) == typeof(Fp))
        {
            Fp inverse = InversePower.Pow(Unsafe.As<TField, Fp>(ref Unsafe.AsRef(in p.Z)));
            zi = Unsafe.As<Fp, TField>(ref inverse);
        }
        else
        {
            zi = TField.Inverse(p.Z);
        }

        return (TField.Mul(p.X, zi), TField.Mul(p.Y, zi));
    }

    /// <summary>
    /// A square root for decompression: for Fp and Fp2 by <see cref="Fp2SqrtRatio"/> (sliding-window
    /// powers; two exponentiations in Fp for Fp2 instead of up to four), otherwise the field's own.
    /// </summary>
    private static bool TrySqrt<TField>(in TField a, out TField root)
        where TField : struct, IBlsField<TField>
    {
        if (typeof(TField) == typeof(Fp2))
        {
            bool ok = Fp2SqrtRatio.TrySqrt(Unsafe.As<TField, Fp2>(ref Unsafe.AsRef(in a)), out Fp2 r2);
            root = Unsafe.As<Fp2, TField>(ref r2);
            return ok;
        }

        if (typeof(TField) == typeof(Fp))
        {
            bool ok = Fp2SqrtRatio.TrySqrt(Unsafe.As<TField, Fp>(ref Unsafe.AsRef(in a)), out Fp r1);
            root = Unsafe.As<Fp, TField>(ref r1);
            return ok;
        }

        return TField.TrySqrt(a, out root);
    }

    public static byte[] InfinityEncoding(int length)
    {
        var bytes = new byte[length];
        bytes[0] = CompressionFlag | InfinityFlag;
        return bytes;
    }
}
