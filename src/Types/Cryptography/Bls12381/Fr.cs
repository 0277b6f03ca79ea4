using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// An element of the BLS12-381 scalar field Fr (r, 255 bits): four 64-bit little-endian limbs in
/// Montgomery form (a·2^256 mod r). Multiplication is CIOS with a masked final subtraction; addition
/// and subtraction correct with masks; no operation branches on the value (threshold shares are
/// secret Fr elements).
/// </summary>
internal readonly struct Fr
{
    public const int Size = 32;

    private const ulong R0 = 0xffffffff00000001, R1 = 0x53bda402fffe5bfe, R2L = 0x3339d80809a1d805, R3 = 0x73eda753299d7d48;
    private const ulong Inv = 0xfffffffeffffffff; // -r⁻¹ mod 2^64

    private static readonly Fr Mont2 = FromRawBig(BigInteger.ModPow(2, 512, BlsParameters.R));
    private static readonly Fr Mont3 = FromRawBig(BigInteger.ModPow(2, 768, BlsParameters.R));
    private static readonly BigInteger RMinus2 = BlsParameters.R - 2;

    public readonly ulong L0, L1, L2, L3;

    private Fr(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    public static Fr Zero => default;

    public static Fr One { get; } = FromRawBig(BigInteger.ModPow(2, 256, BlsParameters.R));

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    /// <summary>A small public integer (member indices).</summary>
    public static Fr FromUInt64(ulong value) => Mul(new Fr(value, 0, 0, 0), Mont2);

    /// <summary>Reads 32 big-endian bytes; false (and an unusable result) when the value is not below r. No branch on the value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes32, out Fr result)
    {
        Fr raw = ReadRaw(bytes32);
        ulong br = 0;
        _ = SubB(raw.L0, R0, ref br);
        _ = SubB(raw.L1, R1, ref br);
        _ = SubB(raw.L2, R2L, ref br);
        _ = SubB(raw.L3, R3, ref br);
        result = Mul(raw, Mont2);
        return br != 0;
    }

    /// <summary>A 64-byte big-endian integer reduced mod r (uniform scalars from random bytes), in constant time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fr FromBytesWide(ReadOnlySpan<byte> bytes64)
    {
        // hi·2^256 + lo: Mul(lo, R²) = lo·R and Mul(hi, R³) = hi·2^256·R. Each half (< 2^256 < 3r) is
        // first brought below r by two masked subtractions, as CIOS needs its inputs below r.
        Fr hi = Reduce(ReadRaw(bytes64[..Size]));
        Fr lo = Reduce(ReadRaw(bytes64[Size..]));
        return Add(Mul(lo, Mont2), Mul(hi, Mont3));
    }

    /// <summary>32 big-endian bytes of the canonical value.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        Fr c = Mul(this, new Fr(1, 0, 0, 0));
        BinaryPrimitives.WriteUInt64BigEndian(destination[..8], c.L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..16], c.L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..24], c.L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..32], c.L0);
    }

    public byte[] ToBytes()
    {
        var b = new byte[Size];
        WriteBytes(b);
        return b;
    }

    public BigInteger ToBigInteger() => new(ToBytes(), isUnsigned: true, isBigEndian: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fr Add(in Fr a, in Fr b)
    {
        ulong c = 0;
        ulong r0 = AddC(a.L0, b.L0, ref c), r1 = AddC(a.L1, b.L1, ref c), r2 = AddC(a.L2, b.L2, ref c), r3 = AddC(a.L3, b.L3, ref c);
        return ReduceOnce(r0, r1, r2, r3); // r < 2^255, so the sum never carries out of 256 bits
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fr Sub(in Fr a, in Fr b)
    {
        ulong br = 0;
        ulong r0 = SubB(a.L0, b.L0, ref br), r1 = SubB(a.L1, b.L1, ref br), r2 = SubB(a.L2, b.L2, ref br), r3 = SubB(a.L3, b.L3, ref br);
        ulong mask = 0 - br;
        ulong c = 0;
        r0 = AddC(r0, R0 & mask, ref c);
        r1 = AddC(r1, R1 & mask, ref c);
        r2 = AddC(r2, R2L & mask, ref c);
        r3 = AddC(r3, R3 & mask, ref c);
        return new Fr(r0, r1, r2, r3);
    }

    public static Fr Negate(in Fr a) => Sub(Zero, a);

    /// <summary>Montgomery product a·b·2^-256 mod r (CIOS over four rounds, masked final subtraction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fr Mul(in Fr a, in Fr b) => MulCore<HardwareWideMultiply>(a, b);

    /// <summary>The product with the high words from <typeparamref name="TMul"/> (tests run the portable one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Fr MulCore<TMul>(in Fr a, in Fr b)
        where TMul : struct, IWideMultiply
    {
        ReadOnlySpan<ulong> bl = [b.L0, b.L1, b.L2, b.L3];
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        for (int i = 0; i < 4; i++)
        {
            ulong bi = bl[i], c = 0;
            t0 = MulAdd<TMul>(a.L0, bi, t0, ref c);
            t1 = MulAdd<TMul>(a.L1, bi, t1, ref c);
            t2 = MulAdd<TMul>(a.L2, bi, t2, ref c);
            t3 = MulAdd<TMul>(a.L3, bi, t3, ref c);
            ulong t4 = c;
            ulong m = t0 * Inv;
            c = 0;
            _ = MulAdd<TMul>(m, R0, t0, ref c);
            t0 = MulAdd<TMul>(m, R1, t1, ref c);
            t1 = MulAdd<TMul>(m, R2L, t2, ref c);
            t2 = MulAdd<TMul>(m, R3, t3, ref c);
            t3 = t4 + c; // t < 2r < 2^256: no carry out
        }

        return ReduceOnce(t0, t1, t2, t3);
    }

    /// <summary>a^(r-2): inversion by a fixed public exponent (zero maps to zero). Used on public values (Lagrange).</summary>
    public static Fr Inverse(in Fr a)
    {
        Fr result = One;
        BigInteger e = RMinus2;
        for (int bit = (int)e.GetBitLength() - 1; bit >= 0; bit--)
        {
            result = Mul(result, result);
            if (!(e >> bit).IsEven)
            {
                result = Mul(result, a);
            }
        }

        return result;
    }

    public static bool AreEqual(in Fr a, in Fr b) => ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3)) == 0;

    public override string ToString() => "0x" + ToBigInteger().ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    internal static Fr FromBigInteger(BigInteger value)
    {
        BigInteger v = BigInteger.Remainder(value, BlsParameters.R);
        return Mul(FromRawBig(v.Sign < 0 ? v + BlsParameters.R : v), Mont2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd<TMul>(ulong a, ulong b, ulong t, ref ulong carry)
        where TMul : struct, IWideMultiply
    {
        ulong hi = TMul.High(a, b), lo = a * b;
        ulong s = lo + t;
        hi += Unsafe.BitCast<bool, byte>(s < lo);
        ulong r = s + carry;
        hi += Unsafe.BitCast<bool, byte>(r < s);
        carry = hi;
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddC(ulong a, ulong b, ref ulong carry)
    {
        ulong s = a + b + carry;
        carry = ((a & b) | ((a | b) & ~s)) >> 63;
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubB(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b - borrow;
        borrow = ((~a & b) | (~(a ^ b) & d)) >> 63;
        return d;
    }

    private static Fr ReduceOnce(ulong r0, ulong r1, ulong r2, ulong r3)
    {
        ulong br = 0;
        ulong s0 = SubB(r0, R0, ref br), s1 = SubB(r1, R1, ref br), s2 = SubB(r2, R2L, ref br), s3 = SubB(r3, R3, ref br);
        ulong keep = 0 - br;
        return new Fr(s0 ^ ((s0 ^ r0) & keep), s1 ^ ((s1 ^ r1) & keep), s2 ^ ((s2 ^ r2) & keep), s3 ^ ((s3 ^ r3) & keep));
    }

    private static Fr Reduce(in Fr raw)
    {
        Fr once = ReduceOnce(raw.L0, raw.L1, raw.L2, raw.L3);
        return ReduceOnce(once.L0, once.L1, once.L2, once.L3);
    }

    private static Fr ReadRaw(ReadOnlySpan<byte> b) => new(
        BinaryPrimitives.ReadUInt64BigEndian(b[24..32]),
        BinaryPrimitives.ReadUInt64BigEndian(b[16..24]),
        BinaryPrimitives.ReadUInt64BigEndian(b[8..16]),
        BinaryPrimitives.ReadUInt64BigEndian(b[..8]));

    private static Fr FromRawBig(BigInteger v)
    {
        Span<byte> b = stackalloc byte[Size];
        b.Clear();
        v.TryWriteBytes(b[(Size - v.GetByteCount(isUnsigned: true))..], out _, isUnsigned: true, isBigEndian: true);
        return ReadRaw(b);
    }
}
