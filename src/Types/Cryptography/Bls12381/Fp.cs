using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// An element of the BLS12-381 base field (p is 381 bits), six 64-bit little-endian limbs in
/// Montgomery form (a·R mod p, R = 2^384). Multiplication is CIOS Montgomery with a masked final
/// subtraction; addition and subtraction correct with masks; no operation branches on the value.
/// </summary>
internal readonly struct Fp : IBlsField<Fp>
{
    public const int Size = 48;

    public static int ByteLength => Size;

    internal const ulong P0 = 0xb9feffffffffaaab, P1 = 0x1eabfffeb153ffff, P2 = 0x6730d2a0f6b0f624;
    internal const ulong P3 = 0x64774b84f38512bf, P4 = 0x4b1ba7b6434bacd7, P5 = 0x1a0111ea397fe69a;

    /// <summary>The modulus p.</summary>
    public static readonly BigInteger Modulus = BigInteger.Parse(
        "01a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab",
        System.Globalization.NumberStyles.HexNumber,
        System.Globalization.CultureInfo.InvariantCulture);

    private const ulong Inv = 0x89f3fffcfffcfffd; // -p⁻¹ mod 2^64 (checked against ComputeInv in the tests)
    private static readonly Fp R2 = FromRawBig(BigInteger.ModPow(2, 768, Modulus));
    private static readonly byte[] InverseWindows = Windows(Modulus - 2);
    private static readonly byte[] SqrtWindows = Windows((Modulus + 1) / 4);
    private static readonly byte[] InverseSqrtWindows = Windows((Modulus - 3) / 4);
    private static readonly BigInteger HalfModulus = (Modulus - 1) / 2;

    public readonly ulong L0, L1, L2, L3, L4, L5;

    public Fp(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4, ulong l5)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
        L4 = l4;
        L5 = l5;
    }

    public static Fp Zero => default;

    public static Fp One { get; } = FromRawBig(BigInteger.ModPow(2, 384, Modulus));

    public bool IsZero => (L0 | L1 | L2 | L3 | L4 | L5) == 0;

    /// <summary>Whether the canonical value is odd (sgn0 of RFC 9380 for p ≡ 3 mod 4).</summary>
    public bool Sgn0 => (FromMontgomery().L0 & 1) == 1;

    /// <summary>Whether the canonical value exceeds (p-1)/2 (the serialization sign flag).</summary>
    public bool IsLexicographicallyLargest => ToBigInteger() > HalfModulus;

    /// <summary>The element of a canonical integer below p (tests and constants).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp FromBigInteger(BigInteger value)
    {
        BigInteger v = BigInteger.Remainder(value, Modulus);
        if (v.Sign < 0)
        {
            v += Modulus;
        }

        return Mul(FromRawBig(v), R2);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp FromHex(string hex) => FromBigInteger(BigInteger.Parse("0" + hex.Replace("0x", string.Empty, StringComparison.Ordinal), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp FromUInt64(ulong value) => Mul(new Fp(value, 0, 0, 0, 0, 0), R2);

    /// <summary>Reads 48 big-endian bytes; false when the value is not below p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out Fp result)
    {
        var raw = new Fp(
            ReadLimb(bytes, 5), ReadLimb(bytes, 4), ReadLimb(bytes, 3), ReadLimb(bytes, 2), ReadLimb(bytes, 1), ReadLimb(bytes, 0));
        SubBorrow(raw, out ulong borrow);
        result = Mul(raw, R2);
        return borrow != 0;
    }

    /// <summary>Reads a big-endian integer of any length reduced mod p (public data only: hash_to_field).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp FromBytesReduced(ReadOnlySpan<byte> bytes) =>
        FromBigInteger(new BigInteger(bytes, isUnsigned: true, isBigEndian: true));

    public void WriteBytes(Span<byte> destination)
    {
        Fp c = FromMontgomery();
        WriteLimb(destination, 0, c.L5);
        WriteLimb(destination, 1, c.L4);
        WriteLimb(destination, 2, c.L3);
        WriteLimb(destination, 3, c.L2);
        WriteLimb(destination, 4, c.L1);
        WriteLimb(destination, 5, c.L0);
    }

    public BigInteger ToBigInteger()
    {
        Span<byte> b = stackalloc byte[Size];
        WriteBytes(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static Fp Add(in Fp a, in Fp b)
    {
        ulong c = 0;
        ulong r0 = AddC(a.L0, b.L0, ref c), r1 = AddC(a.L1, b.L1, ref c), r2 = AddC(a.L2, b.L2, ref c);
        ulong r3 = AddC(a.L3, b.L3, ref c), r4 = AddC(a.L4, b.L4, ref c), r5 = AddC(a.L5, b.L5, ref c);
        return ReduceOnce(r0, r1, r2, r3, r4, r5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static Fp Sub(in Fp a, in Fp b)
    {
        ulong br = 0;
        ulong r0 = SubB(a.L0, b.L0, ref br), r1 = SubB(a.L1, b.L1, ref br), r2 = SubB(a.L2, b.L2, ref br);
        ulong r3 = SubB(a.L3, b.L3, ref br), r4 = SubB(a.L4, b.L4, ref br), r5 = SubB(a.L5, b.L5, ref br);
        ulong mask = 0 - br;
        ulong c = 0;
        r0 = AddC(r0, P0 & mask, ref c);
        r1 = AddC(r1, P1 & mask, ref c);
        r2 = AddC(r2, P2 & mask, ref c);
        r3 = AddC(r3, P3 & mask, ref c);
        r4 = AddC(r4, P4 & mask, ref c);
        r5 = AddC(r5, P5 & mask, ref c);
        return new Fp(r0, r1, r2, r3, r4, r5);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp Negate(in Fp a) => Sub(Zero, a);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp Double(in Fp a) => Add(a, a);

    /// <summary>Montgomery product a·b·R⁻¹ mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static Fp Mul(in Fp a, in Fp b) => MulCore<HardwareWideMultiply>(a, b);

    /// <summary>
    /// CIOS Montgomery multiplication in its "no-carry" form (gnark-crypto): since p's top limb is
    /// below 2^63 − 1, the running sum never needs a seventh word, so each round keeps two carry words
    /// (ca for a·b_i, cm for m·p) and ends with t5 = ca + cm. Every multiply-add x·y + s + c fits in 128
    /// bits, so adding the carry flags into the high word never overflows. Masked final subtraction.
    /// <typeparamref name="TMul"/> supplies the high word (tests run the portable one).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Fp MulCore<TMul>(in Fp a, in Fp b)
        where TMul : struct, IWideMultiply
    {
        ulong t0, t1, t2, t3, t4, t5, ca, cm, m, hi, lo;
        // round 0: (ca, t) = t + a·b0; m = t0·Inv; (cm, t) = (t + m·p) / 2^64, interleaved
        t0 = a.L0 * b.L0; ca = TMul.High(a.L0, b.L0);
        m = t0 * Inv;
        lo = (m * P0) + t0; cm = TMul.High(m, P0) + Carry(lo, t0);
        lo = (a.L1 * b.L0) + ca; hi = TMul.High(a.L1, b.L0) + Carry(lo, ca); t1 = lo; ca = hi;
        lo = (m * P1) + cm; hi = TMul.High(m, P1) + Carry(lo, cm); t0 = t1 + lo; cm = hi + Carry(t0, lo);
        lo = (a.L2 * b.L0) + ca; hi = TMul.High(a.L2, b.L0) + Carry(lo, ca); t2 = lo; ca = hi;
        lo = (m * P2) + cm; hi = TMul.High(m, P2) + Carry(lo, cm); t1 = t2 + lo; cm = hi + Carry(t1, lo);
        lo = (a.L3 * b.L0) + ca; hi = TMul.High(a.L3, b.L0) + Carry(lo, ca); t3 = lo; ca = hi;
        lo = (m * P3) + cm; hi = TMul.High(m, P3) + Carry(lo, cm); t2 = t3 + lo; cm = hi + Carry(t2, lo);
        lo = (a.L4 * b.L0) + ca; hi = TMul.High(a.L4, b.L0) + Carry(lo, ca); t4 = lo; ca = hi;
        lo = (m * P4) + cm; hi = TMul.High(m, P4) + Carry(lo, cm); t3 = t4 + lo; cm = hi + Carry(t3, lo);
        lo = (a.L5 * b.L0) + ca; hi = TMul.High(a.L5, b.L0) + Carry(lo, ca); t5 = lo; ca = hi;
        lo = (m * P5) + cm; hi = TMul.High(m, P5) + Carry(lo, cm); t4 = t5 + lo; cm = hi + Carry(t4, lo);
        t5 = cm + ca;
        // round 1: (ca, t) = t + a·b1; m = t0·Inv; (cm, t) = (t + m·p) / 2^64, interleaved
        lo = a.L0 * b.L1; ca = TMul.High(a.L0, b.L1); t0 += lo; ca += Carry(t0, lo);
        m = t0 * Inv;
        lo = (m * P0) + t0; cm = TMul.High(m, P0) + Carry(lo, t0);
        lo = (a.L1 * b.L1) + ca; hi = TMul.High(a.L1, b.L1) + Carry(lo, ca); t1 += lo; ca = hi + Carry(t1, lo);
        lo = (m * P1) + cm; hi = TMul.High(m, P1) + Carry(lo, cm); t0 = t1 + lo; cm = hi + Carry(t0, lo);
        lo = (a.L2 * b.L1) + ca; hi = TMul.High(a.L2, b.L1) + Carry(lo, ca); t2 += lo; ca = hi + Carry(t2, lo);
        lo = (m * P2) + cm; hi = TMul.High(m, P2) + Carry(lo, cm); t1 = t2 + lo; cm = hi + Carry(t1, lo);
        lo = (a.L3 * b.L1) + ca; hi = TMul.High(a.L3, b.L1) + Carry(lo, ca); t3 += lo; ca = hi + Carry(t3, lo);
        lo = (m * P3) + cm; hi = TMul.High(m, P3) + Carry(lo, cm); t2 = t3 + lo; cm = hi + Carry(t2, lo);
        lo = (a.L4 * b.L1) + ca; hi = TMul.High(a.L4, b.L1) + Carry(lo, ca); t4 += lo; ca = hi + Carry(t4, lo);
        lo = (m * P4) + cm; hi = TMul.High(m, P4) + Carry(lo, cm); t3 = t4 + lo; cm = hi + Carry(t3, lo);
        lo = (a.L5 * b.L1) + ca; hi = TMul.High(a.L5, b.L1) + Carry(lo, ca); t5 += lo; ca = hi + Carry(t5, lo);
        lo = (m * P5) + cm; hi = TMul.High(m, P5) + Carry(lo, cm); t4 = t5 + lo; cm = hi + Carry(t4, lo);
        t5 = cm + ca;
        // round 2: (ca, t) = t + a·b2; m = t0·Inv; (cm, t) = (t + m·p) / 2^64, interleaved
        lo = a.L0 * b.L2; ca = TMul.High(a.L0, b.L2); t0 += lo; ca += Carry(t0, lo);
        m = t0 * Inv;
        lo = (m * P0) + t0; cm = TMul.High(m, P0) + Carry(lo, t0);
        lo = (a.L1 * b.L2) + ca; hi = TMul.High(a.L1, b.L2) + Carry(lo, ca); t1 += lo; ca = hi + Carry(t1, lo);
        lo = (m * P1) + cm; hi = TMul.High(m, P1) + Carry(lo, cm); t0 = t1 + lo; cm = hi + Carry(t0, lo);
        lo = (a.L2 * b.L2) + ca; hi = TMul.High(a.L2, b.L2) + Carry(lo, ca); t2 += lo; ca = hi + Carry(t2, lo);
        lo = (m * P2) + cm; hi = TMul.High(m, P2) + Carry(lo, cm); t1 = t2 + lo; cm = hi + Carry(t1, lo);
        lo = (a.L3 * b.L2) + ca; hi = TMul.High(a.L3, b.L2) + Carry(lo, ca); t3 += lo; ca = hi + Carry(t3, lo);
        lo = (m * P3) + cm; hi = TMul.High(m, P3) + Carry(lo, cm); t2 = t3 + lo; cm = hi + Carry(t2, lo);
        lo = (a.L4 * b.L2) + ca; hi = TMul.High(a.L4, b.L2) + Carry(lo, ca); t4 += lo; ca = hi + Carry(t4, lo);
        lo = (m * P4) + cm; hi = TMul.High(m, P4) + Carry(lo, cm); t3 = t4 + lo; cm = hi + Carry(t3, lo);
        lo = (a.L5 * b.L2) + ca; hi = TMul.High(a.L5, b.L2) + Carry(lo, ca); t5 += lo; ca = hi + Carry(t5, lo);
        lo = (m * P5) + cm; hi = TMul.High(m, P5) + Carry(lo, cm); t4 = t5 + lo; cm = hi + Carry(t4, lo);
        t5 = cm + ca;
        // round 3: (ca, t) = t + a·b3; m = t0·Inv; (cm, t) = (t + m·p) / 2^64, interleaved
        lo = a.L0 * b.L3; ca = TMul.High(a.L0, b.L3); t0 += lo; ca += Carry(t0, lo);
        m = t0 * Inv;
        lo = (m * P0) + t0; cm = TMul.High(m, P0) + Carry(lo, t0);
        lo = (a.L1 * b.L3) + ca; hi = TMul.High(a.L1, b.L3) + Carry(lo, ca); t1 += lo; ca = hi + Carry(t1, lo);
        lo = (m * P1) + cm; hi = TMul.High(m, P1) + Carry(lo, cm); t0 = t1 + lo; cm = hi + Carry(t0, lo);
        lo = (a.L2 * b.L3) + ca; hi = TMul.High(a.L2, b.L3) + Carry(lo, ca); t2 += lo; ca = hi + Carry(t2, lo);
        lo = (m * P2) + cm; hi = TMul.High(m, P2) + Carry(lo, cm); t1 = t2 + lo; cm = hi + Carry(t1, lo);
        lo = (a.L3 * b.L3) + ca; hi = TMul.High(a.L3, b.L3) + Carry(lo, ca); t3 += lo; ca = hi + Carry(t3, lo);
        lo = (m * P3) + cm; hi = TMul.High(m, P3) + Carry(lo, cm); t2 = t3 + lo; cm = hi + Carry(t2, lo);
        lo = (a.L4 * b.L3) + ca; hi = TMul.High(a.L4, b.L3) + Carry(lo, ca); t4 += lo; ca = hi + Carry(t4, lo);
        lo = (m * P4) + cm; hi = TMul.High(m, P4) + Carry(lo, cm); t3 = t4 + lo; cm = hi + Carry(t3, lo);
        lo = (a.L5 * b.L3) + ca; hi = TMul.High(a.L5, b.L3) + Carry(lo, ca); t5 += lo; ca = hi + Carry(t5, lo);
        lo = (m * P5) + cm; hi = TMul.High(m, P5) + Carry(lo, cm); t4 = t5 + lo; cm = hi + Carry(t4, lo);
        t5 = cm + ca;
        // round 4: (ca, t) = t + a·b4; m = t0·Inv; (cm, t) = (t + m·p) / 2^64, interleaved
        lo = a.L0 * b.L4; ca = TMul.High(a.L0, b.L4); t0 += lo; ca += Carry(t0, lo);
        m = t0 * Inv;
        lo = (m * P0) + t0; cm = TMul.High(m, P0) + Carry(lo, t0);
        lo = (a.L1 * b.L4) + ca; hi = TMul.High(a.L1, b.L4) + Carry(lo, ca); t1 += lo; ca = hi + Carry(t1, lo);
        lo = (m * P1) + cm; hi = TMul.High(m, P1) + Carry(lo, cm); t0 = t1 + lo; cm = hi + Carry(t0, lo);
        lo = (a.L2 * b.L4) + ca; hi = TMul.High(a.L2, b.L4) + Carry(lo, ca); t2 += lo; ca = hi + Carry(t2, lo);
        lo = (m * P2) + cm; hi = TMul.High(m, P2) + Carry(lo, cm); t1 = t2 + lo; cm = hi + Carry(t1, lo);
        lo = (a.L3 * b.L4) + ca; hi = TMul.High(a.L3, b.L4) + Carry(lo, ca); t3 += lo; ca = hi + Carry(t3, lo);
        lo = (m * P3) + cm; hi = TMul.High(m, P3) + Carry(lo, cm); t2 = t3 + lo; cm = hi + Carry(t2, lo);
        lo = (a.L4 * b.L4) + ca; hi = TMul.High(a.L4, b.L4) + Carry(lo, ca); t4 += lo; ca = hi + Carry(t4, lo);
        lo = (m * P4) + cm; hi = TMul.High(m, P4) + Carry(lo, cm); t3 = t4 + lo; cm = hi + Carry(t3, lo);
        lo = (a.L5 * b.L4) + ca; hi = TMul.High(a.L5, b.L4) + Carry(lo, ca); t5 += lo; ca = hi + Carry(t5, lo);
        lo = (m * P5) + cm; hi = TMul.High(m, P5) + Carry(lo, cm); t4 = t5 + lo; cm = hi + Carry(t4, lo);
        t5 = cm + ca;
        // round 5: (ca, t) = t + a·b5; m = t0·Inv; (cm, t) = (t + m·p) / 2^64, interleaved
        lo = a.L0 * b.L5; ca = TMul.High(a.L0, b.L5); t0 += lo; ca += Carry(t0, lo);
        m = t0 * Inv;
        lo = (m * P0) + t0; cm = TMul.High(m, P0) + Carry(lo, t0);
        lo = (a.L1 * b.L5) + ca; hi = TMul.High(a.L1, b.L5) + Carry(lo, ca); t1 += lo; ca = hi + Carry(t1, lo);
        lo = (m * P1) + cm; hi = TMul.High(m, P1) + Carry(lo, cm); t0 = t1 + lo; cm = hi + Carry(t0, lo);
        lo = (a.L2 * b.L5) + ca; hi = TMul.High(a.L2, b.L5) + Carry(lo, ca); t2 += lo; ca = hi + Carry(t2, lo);
        lo = (m * P2) + cm; hi = TMul.High(m, P2) + Carry(lo, cm); t1 = t2 + lo; cm = hi + Carry(t1, lo);
        lo = (a.L3 * b.L5) + ca; hi = TMul.High(a.L3, b.L5) + Carry(lo, ca); t3 += lo; ca = hi + Carry(t3, lo);
        lo = (m * P3) + cm; hi = TMul.High(m, P3) + Carry(lo, cm); t2 = t3 + lo; cm = hi + Carry(t2, lo);
        lo = (a.L4 * b.L5) + ca; hi = TMul.High(a.L4, b.L5) + Carry(lo, ca); t4 += lo; ca = hi + Carry(t4, lo);
        lo = (m * P4) + cm; hi = TMul.High(m, P4) + Carry(lo, cm); t3 = t4 + lo; cm = hi + Carry(t3, lo);
        lo = (a.L5 * b.L5) + ca; hi = TMul.High(a.L5, b.L5) + Carry(lo, ca); t5 += lo; ca = hi + Carry(t5, lo);
        lo = (m * P5) + cm; hi = TMul.High(m, P5) + Carry(lo, cm); t4 = t5 + lo; cm = hi + Carry(t4, lo);
        t5 = cm + ca;
        return ReduceOnce(t0, t1, t2, t3, t4, t5);
    }

    /// <summary>a + b without reduction (below 2p &lt; 2^382 for inputs below p): an operand of <see cref="MulWide"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    internal static Fp AddUnreduced(in Fp a, in Fp b)
    {
        ulong c = 0;
        ulong r0 = AddC(a.L0, b.L0, ref c), r1 = AddC(a.L1, b.L1, ref c), r2 = AddC(a.L2, b.L2, ref c);
        ulong r3 = AddC(a.L3, b.L3, ref c), r4 = AddC(a.L4, b.L4, ref c), r5 = AddC(a.L5, b.L5, ref c);
        return new Fp(r0, r1, r2, r3, r4, r5);
    }

    /// <summary>The full 768-bit product a·b (schoolbook by rows), to be reduced by <see cref="MontgomeryReduce"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static FpWide MulWide(in Fp a, in Fp b) => MulWideCore<HardwareWideMultiply>(a, b);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static FpWide MulWideCore<TMul>(in Fp a, in Fp b)
        where TMul : struct, IWideMultiply
    {
        ulong w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, c, hi, lo;
        w0 = a.L0 * b.L0; c = TMul.High(a.L0, b.L0);
        lo = (a.L0 * b.L1) + c; c = TMul.High(a.L0, b.L1) + Carry(lo, c); w1 = lo;
        lo = (a.L0 * b.L2) + c; c = TMul.High(a.L0, b.L2) + Carry(lo, c); w2 = lo;
        lo = (a.L0 * b.L3) + c; c = TMul.High(a.L0, b.L3) + Carry(lo, c); w3 = lo;
        lo = (a.L0 * b.L4) + c; c = TMul.High(a.L0, b.L4) + Carry(lo, c); w4 = lo;
        lo = (a.L0 * b.L5) + c; c = TMul.High(a.L0, b.L5) + Carry(lo, c); w5 = lo;
        w6 = c;
        lo = a.L1 * b.L0; hi = TMul.High(a.L1, b.L0); w1 += lo; c = hi + Carry(w1, lo);
        lo = (a.L1 * b.L1) + c; hi = TMul.High(a.L1, b.L1) + Carry(lo, c); w2 += lo; c = hi + Carry(w2, lo);
        lo = (a.L1 * b.L2) + c; hi = TMul.High(a.L1, b.L2) + Carry(lo, c); w3 += lo; c = hi + Carry(w3, lo);
        lo = (a.L1 * b.L3) + c; hi = TMul.High(a.L1, b.L3) + Carry(lo, c); w4 += lo; c = hi + Carry(w4, lo);
        lo = (a.L1 * b.L4) + c; hi = TMul.High(a.L1, b.L4) + Carry(lo, c); w5 += lo; c = hi + Carry(w5, lo);
        lo = (a.L1 * b.L5) + c; hi = TMul.High(a.L1, b.L5) + Carry(lo, c); w6 += lo; c = hi + Carry(w6, lo);
        w7 = c;
        lo = a.L2 * b.L0; hi = TMul.High(a.L2, b.L0); w2 += lo; c = hi + Carry(w2, lo);
        lo = (a.L2 * b.L1) + c; hi = TMul.High(a.L2, b.L1) + Carry(lo, c); w3 += lo; c = hi + Carry(w3, lo);
        lo = (a.L2 * b.L2) + c; hi = TMul.High(a.L2, b.L2) + Carry(lo, c); w4 += lo; c = hi + Carry(w4, lo);
        lo = (a.L2 * b.L3) + c; hi = TMul.High(a.L2, b.L3) + Carry(lo, c); w5 += lo; c = hi + Carry(w5, lo);
        lo = (a.L2 * b.L4) + c; hi = TMul.High(a.L2, b.L4) + Carry(lo, c); w6 += lo; c = hi + Carry(w6, lo);
        lo = (a.L2 * b.L5) + c; hi = TMul.High(a.L2, b.L5) + Carry(lo, c); w7 += lo; c = hi + Carry(w7, lo);
        w8 = c;
        lo = a.L3 * b.L0; hi = TMul.High(a.L3, b.L0); w3 += lo; c = hi + Carry(w3, lo);
        lo = (a.L3 * b.L1) + c; hi = TMul.High(a.L3, b.L1) + Carry(lo, c); w4 += lo; c = hi + Carry(w4, lo);
        lo = (a.L3 * b.L2) + c; hi = TMul.High(a.L3, b.L2) + Carry(lo, c); w5 += lo; c = hi + Carry(w5, lo);
        lo = (a.L3 * b.L3) + c; hi = TMul.High(a.L3, b.L3) + Carry(lo, c); w6 += lo; c = hi + Carry(w6, lo);
        lo = (a.L3 * b.L4) + c; hi = TMul.High(a.L3, b.L4) + Carry(lo, c); w7 += lo; c = hi + Carry(w7, lo);
        lo = (a.L3 * b.L5) + c; hi = TMul.High(a.L3, b.L5) + Carry(lo, c); w8 += lo; c = hi + Carry(w8, lo);
        w9 = c;
        lo = a.L4 * b.L0; hi = TMul.High(a.L4, b.L0); w4 += lo; c = hi + Carry(w4, lo);
        lo = (a.L4 * b.L1) + c; hi = TMul.High(a.L4, b.L1) + Carry(lo, c); w5 += lo; c = hi + Carry(w5, lo);
        lo = (a.L4 * b.L2) + c; hi = TMul.High(a.L4, b.L2) + Carry(lo, c); w6 += lo; c = hi + Carry(w6, lo);
        lo = (a.L4 * b.L3) + c; hi = TMul.High(a.L4, b.L3) + Carry(lo, c); w7 += lo; c = hi + Carry(w7, lo);
        lo = (a.L4 * b.L4) + c; hi = TMul.High(a.L4, b.L4) + Carry(lo, c); w8 += lo; c = hi + Carry(w8, lo);
        lo = (a.L4 * b.L5) + c; hi = TMul.High(a.L4, b.L5) + Carry(lo, c); w9 += lo; c = hi + Carry(w9, lo);
        w10 = c;
        lo = a.L5 * b.L0; hi = TMul.High(a.L5, b.L0); w5 += lo; c = hi + Carry(w5, lo);
        lo = (a.L5 * b.L1) + c; hi = TMul.High(a.L5, b.L1) + Carry(lo, c); w6 += lo; c = hi + Carry(w6, lo);
        lo = (a.L5 * b.L2) + c; hi = TMul.High(a.L5, b.L2) + Carry(lo, c); w7 += lo; c = hi + Carry(w7, lo);
        lo = (a.L5 * b.L3) + c; hi = TMul.High(a.L5, b.L3) + Carry(lo, c); w8 += lo; c = hi + Carry(w8, lo);
        lo = (a.L5 * b.L4) + c; hi = TMul.High(a.L5, b.L4) + Carry(lo, c); w9 += lo; c = hi + Carry(w9, lo);
        lo = (a.L5 * b.L5) + c; hi = TMul.High(a.L5, b.L5) + Carry(lo, c); w10 += lo; c = hi + Carry(w10, lo);
        w11 = c;
        return new FpWide(w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11);
    }

    /// <summary>
    /// w·R⁻¹ mod p for w below p·2^384: six rounds of m = t0·Inv, t = (t + m·p)/2^64 on the low half
    /// (which stays within six words and ends at most p), then the high half (below p) added and p
    /// subtracted by mask.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Fp MontgomeryReduce(in FpWide w) => MontgomeryReduceCore<HardwareWideMultiply>(w);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Fp MontgomeryReduceCore<TMul>(in FpWide w)
        where TMul : struct, IWideMultiply
    {
        ulong t0 = w.W0, t1 = w.W1, t2 = w.W2, t3 = w.W3, t4 = w.W4, t5 = w.W5, m, c, hi, lo;
        // round 0: t = (t + m·p) / 2^64
        m = t0 * Inv;
        lo = (m * P0) + t0; c = TMul.High(m, P0) + Carry(lo, t0);
        lo = (m * P1) + c; hi = TMul.High(m, P1) + Carry(lo, c); t0 = t1 + lo; c = hi + Carry(t0, lo);
        lo = (m * P2) + c; hi = TMul.High(m, P2) + Carry(lo, c); t1 = t2 + lo; c = hi + Carry(t1, lo);
        lo = (m * P3) + c; hi = TMul.High(m, P3) + Carry(lo, c); t2 = t3 + lo; c = hi + Carry(t2, lo);
        lo = (m * P4) + c; hi = TMul.High(m, P4) + Carry(lo, c); t3 = t4 + lo; c = hi + Carry(t3, lo);
        lo = (m * P5) + c; hi = TMul.High(m, P5) + Carry(lo, c); t4 = t5 + lo; c = hi + Carry(t4, lo);
        t5 = c;
        // round 1: t = (t + m·p) / 2^64
        m = t0 * Inv;
        lo = (m * P0) + t0; c = TMul.High(m, P0) + Carry(lo, t0);
        lo = (m * P1) + c; hi = TMul.High(m, P1) + Carry(lo, c); t0 = t1 + lo; c = hi + Carry(t0, lo);
        lo = (m * P2) + c; hi = TMul.High(m, P2) + Carry(lo, c); t1 = t2 + lo; c = hi + Carry(t1, lo);
        lo = (m * P3) + c; hi = TMul.High(m, P3) + Carry(lo, c); t2 = t3 + lo; c = hi + Carry(t2, lo);
        lo = (m * P4) + c; hi = TMul.High(m, P4) + Carry(lo, c); t3 = t4 + lo; c = hi + Carry(t3, lo);
        lo = (m * P5) + c; hi = TMul.High(m, P5) + Carry(lo, c); t4 = t5 + lo; c = hi + Carry(t4, lo);
        t5 = c;
        // round 2: t = (t + m·p) / 2^64
        m = t0 * Inv;
        lo = (m * P0) + t0; c = TMul.High(m, P0) + Carry(lo, t0);
        lo = (m * P1) + c; hi = TMul.High(m, P1) + Carry(lo, c); t0 = t1 + lo; c = hi + Carry(t0, lo);
        lo = (m * P2) + c; hi = TMul.High(m, P2) + Carry(lo, c); t1 = t2 + lo; c = hi + Carry(t1, lo);
        lo = (m * P3) + c; hi = TMul.High(m, P3) + Carry(lo, c); t2 = t3 + lo; c = hi + Carry(t2, lo);
        lo = (m * P4) + c; hi = TMul.High(m, P4) + Carry(lo, c); t3 = t4 + lo; c = hi + Carry(t3, lo);
        lo = (m * P5) + c; hi = TMul.High(m, P5) + Carry(lo, c); t4 = t5 + lo; c = hi + Carry(t4, lo);
        t5 = c;
        // round 3: t = (t + m·p) / 2^64
        m = t0 * Inv;
        lo = (m * P0) + t0; c = TMul.High(m, P0) + Carry(lo, t0);
        lo = (m * P1) + c; hi = TMul.High(m, P1) + Carry(lo, c); t0 = t1 + lo; c = hi + Carry(t0, lo);
        lo = (m * P2) + c; hi = TMul.High(m, P2) + Carry(lo, c); t1 = t2 + lo; c = hi + Carry(t1, lo);
        lo = (m * P3) + c; hi = TMul.High(m, P3) + Carry(lo, c); t2 = t3 + lo; c = hi + Carry(t2, lo);
        lo = (m * P4) + c; hi = TMul.High(m, P4) + Carry(lo, c); t3 = t4 + lo; c = hi + Carry(t3, lo);
        lo = (m * P5) + c; hi = TMul.High(m, P5) + Carry(lo, c); t4 = t5 + lo; c = hi + Carry(t4, lo);
        t5 = c;
        // round 4: t = (t + m·p) / 2^64
        m = t0 * Inv;
        lo = (m * P0) + t0; c = TMul.High(m, P0) + Carry(lo, t0);
        lo = (m * P1) + c; hi = TMul.High(m, P1) + Carry(lo, c); t0 = t1 + lo; c = hi + Carry(t0, lo);
        lo = (m * P2) + c; hi = TMul.High(m, P2) + Carry(lo, c); t1 = t2 + lo; c = hi + Carry(t1, lo);
        lo = (m * P3) + c; hi = TMul.High(m, P3) + Carry(lo, c); t2 = t3 + lo; c = hi + Carry(t2, lo);
        lo = (m * P4) + c; hi = TMul.High(m, P4) + Carry(lo, c); t3 = t4 + lo; c = hi + Carry(t3, lo);
        lo = (m * P5) + c; hi = TMul.High(m, P5) + Carry(lo, c); t4 = t5 + lo; c = hi + Carry(t4, lo);
        t5 = c;
        // round 5: t = (t + m·p) / 2^64
        m = t0 * Inv;
        lo = (m * P0) + t0; c = TMul.High(m, P0) + Carry(lo, t0);
        lo = (m * P1) + c; hi = TMul.High(m, P1) + Carry(lo, c); t0 = t1 + lo; c = hi + Carry(t0, lo);
        lo = (m * P2) + c; hi = TMul.High(m, P2) + Carry(lo, c); t1 = t2 + lo; c = hi + Carry(t1, lo);
        lo = (m * P3) + c; hi = TMul.High(m, P3) + Carry(lo, c); t2 = t3 + lo; c = hi + Carry(t2, lo);
        lo = (m * P4) + c; hi = TMul.High(m, P4) + Carry(lo, c); t3 = t4 + lo; c = hi + Carry(t3, lo);
        lo = (m * P5) + c; hi = TMul.High(m, P5) + Carry(lo, c); t4 = t5 + lo; c = hi + Carry(t4, lo);
        t5 = c;
        ulong k = 0;
        t0 = AddC(t0, w.W6, ref k);
        t1 = AddC(t1, w.W7, ref k);
        t2 = AddC(t2, w.W8, ref k);
        t3 = AddC(t3, w.W9, ref k);
        t4 = AddC(t4, w.W10, ref k);
        t5 = AddC(t5, w.W11, ref k);
        return ReduceOnce(t0, t1, t2, t3, t4, t5);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp Square(in Fp a) => Mul(a, a);

    /// <summary>a^(p-2): Fermat inversion, a fixed sequence of squarings and multiplications (zero maps to zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp Inverse(in Fp a) => PowWindowed(a, InverseWindows);

    /// <summary>Square root (a^((p+1)/4), p ≡ 3 mod 4); false when a is not a square.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TrySqrt(in Fp a, out Fp root)
    {
        root = PowWindowed(a, SqrtWindows);
        return AreEqual(Square(root), a);
    }

    /// <summary>
    /// a^((p−3)/4). For a square a ≠ 0 it is 1/√a (its square is 1/a, and a times it is √a); for a
    /// non-square its square is −1/a. One exponentiation gives a square root and its inverse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp PowInverseSqrt(in Fp a) => PowWindowed(a, InverseSqrtWindows);

    /// <summary>
    /// a^e for a public exponent given as 4-bit windows, most significant first: a table of a^0 … a^15,
    /// then four squarings and one table multiplication per window (skipped for a zero window; the
    /// sequence depends on the public exponent only).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp PowWindowed(in Fp a, byte[] windows)
    {
        Span<Fp> table = stackalloc Fp[16];
        table[0] = One;
        table[1] = a;
        for (int i = 2; i < 16; i++)
        {
            table[i] = Mul(table[i - 1], a);
        }

        Fp r = table[windows[0]];
        for (int i = 1; i < windows.Length; i++)
        {
            r = Square(Square(Square(Square(r))));
            if (windows[i] != 0)
            {
                r = Mul(r, table[windows[i]]);
            }
        }

        return r;
    }

    private static byte[] Windows(BigInteger e)
    {
        byte[] bytes = e.ToByteArray(isUnsigned: true, isBigEndian: true);
        var windows = new byte[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            windows[2 * i] = (byte)(bytes[i] >> 4);
            windows[(2 * i) + 1] = (byte)(bytes[i] & 15);
        }

        return windows;
    }

    /// <summary>a^e for a public exponent e (square-and-multiply over e's bits).</summary>
    public static Fp Pow(in Fp a, BigInteger e) => BlsPow.Pow(a, e);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp Select(in Fp a, in Fp b, ulong mask) => new(
        a.L0 ^ ((a.L0 ^ b.L0) & mask),
        a.L1 ^ ((a.L1 ^ b.L1) & mask),
        a.L2 ^ ((a.L2 ^ b.L2) & mask),
        a.L3 ^ ((a.L3 ^ b.L3) & mask),
        a.L4 ^ ((a.L4 ^ b.L4) & mask),
        a.L5 ^ ((a.L5 ^ b.L5) & mask));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AreEqual(in Fp a, in Fp b) =>
        ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3) | (a.L4 ^ b.L4) | (a.L5 ^ b.L5)) == 0;

    public override string ToString() => "0x" + ToBigInteger().ToString("x96", System.Globalization.CultureInfo.InvariantCulture);

    private Fp FromMontgomery() => Mul(this, new Fp(1, 0, 0, 0, 0, 0));

    /// <summary>The carry out of sum = x + addend: sum &lt; addend as a setb-style 0/1 (a bool reinterpreted, never a branch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static ulong Carry(ulong sum, ulong addend) => Unsafe.BitCast<bool, byte>(sum < addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    internal static ulong AddC(ulong a, ulong b, ref ulong carry)
    {
        ulong s = a + b + carry;
        carry = ((a & b) | ((a | b) & ~s)) >> 63;
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    internal static ulong SubB(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b - borrow;
        borrow = ((~a & b) | (~(a ^ b) & d)) >> 63;
        return d;
    }

    /// <summary>Subtracts p when the value (below 2p) is at least p, by mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static Fp ReduceOnce(ulong r0, ulong r1, ulong r2, ulong r3, ulong r4, ulong r5)
    {
        ulong br = 0;
        ulong s0 = SubB(r0, P0, ref br), s1 = SubB(r1, P1, ref br), s2 = SubB(r2, P2, ref br);
        ulong s3 = SubB(r3, P3, ref br), s4 = SubB(r4, P4, ref br), s5 = SubB(r5, P5, ref br);
        ulong keep = 0 - br; // all ones when r < p
        return new Fp(
            s0 ^ ((s0 ^ r0) & keep),
            s1 ^ ((s1 ^ r1) & keep),
            s2 ^ ((s2 ^ r2) & keep),
            s3 ^ ((s3 ^ r3) & keep),
            s4 ^ ((s4 ^ r4) & keep),
            s5 ^ ((s5 ^ r5) & keep));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubBorrow(in Fp a, out ulong borrow)
    {
        ulong br = 0;
        _ = SubB(a.L0, P0, ref br);
        _ = SubB(a.L1, P1, ref br);
        _ = SubB(a.L2, P2, ref br);
        _ = SubB(a.L3, P3, ref br);
        _ = SubB(a.L4, P4, ref br);
        _ = SubB(a.L5, P5, ref br);
        borrow = br;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong ReadLimb(ReadOnlySpan<byte> bytes, int index) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(index * 8, 8));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteLimb(Span<byte> bytes, int index, ulong value) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.Slice(index * 8, 8), value);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Fp FromRawBig(BigInteger v)
    {
        Span<byte> b = stackalloc byte[Size];
        b.Clear();
        int written = v.GetByteCount(isUnsigned: true);
        v.TryWriteBytes(b[(Size - written)..], out _, isUnsigned: true, isBigEndian: true);
        return new Fp(ReadLimb(b, 5), ReadLimb(b, 4), ReadLimb(b, 3), ReadLimb(b, 2), ReadLimb(b, 1), ReadLimb(b, 0));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong ComputeInv()
    {
        ulong inv = 1;
        for (int i = 0; i < 7; i++)
        {
            inv *= 2 - (P0 * inv);
        }

        return 0 - inv;
    }
}
