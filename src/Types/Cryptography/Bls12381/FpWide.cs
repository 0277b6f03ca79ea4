using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// An unreduced 768-bit product of two Fp values (twelve 64-bit little-endian limbs), for lazy
/// reduction: products are summed and differenced here and reduced once
/// (<see cref="Fp.MontgomeryReduce"/>, which needs the value below p·2^384). No operation branches on
/// the value.
/// </summary>
internal readonly struct FpWide
{
    public readonly ulong W0, W1, W2, W3, W4, W5, W6, W7, W8, W9, W10, W11;

    public FpWide(ulong w0, ulong w1, ulong w2, ulong w3, ulong w4, ulong w5, ulong w6, ulong w7, ulong w8, ulong w9, ulong w10, ulong w11)
    {
        W0 = w0;
        W1 = w1;
        W2 = w2;
        W3 = w3;
        W4 = w4;
        W5 = w5;
        W6 = w6;
        W7 = w7;
        W8 = w8;
        W9 = w9;
        W10 = w10;
        W11 = w11;
    }

    /// <summary>a − b for a ≥ b (the caller's bound; no reduction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static FpWide Sub(in FpWide a, in FpWide b)
    {
        ulong br = 0;
        return new FpWide(
            Fp.SubB(a.W0, b.W0, ref br), Fp.SubB(a.W1, b.W1, ref br), Fp.SubB(a.W2, b.W2, ref br),
            Fp.SubB(a.W3, b.W3, ref br), Fp.SubB(a.W4, b.W4, ref br), Fp.SubB(a.W5, b.W5, ref br),
            Fp.SubB(a.W6, b.W6, ref br), Fp.SubB(a.W7, b.W7, ref br), Fp.SubB(a.W8, b.W8, ref br),
            Fp.SubB(a.W9, b.W9, ref br), Fp.SubB(a.W10, b.W10, ref br), Fp.SubB(a.W11, b.W11, ref br));
    }

    /// <summary>
    /// a − b, plus p·2^384 (a multiple of p) when that is negative, selected by mask: for a, b below
    /// p·2^384 the result is congruent to a − b mod p, non-negative and below p·2^384.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static FpWide SubModulusShifted(in FpWide a, in FpWide b)
    {
        ulong br = 0;
        ulong r0 = Fp.SubB(a.W0, b.W0, ref br), r1 = Fp.SubB(a.W1, b.W1, ref br), r2 = Fp.SubB(a.W2, b.W2, ref br);
        ulong r3 = Fp.SubB(a.W3, b.W3, ref br), r4 = Fp.SubB(a.W4, b.W4, ref br), r5 = Fp.SubB(a.W5, b.W5, ref br);
        ulong r6 = Fp.SubB(a.W6, b.W6, ref br), r7 = Fp.SubB(a.W7, b.W7, ref br), r8 = Fp.SubB(a.W8, b.W8, ref br);
        ulong r9 = Fp.SubB(a.W9, b.W9, ref br), r10 = Fp.SubB(a.W10, b.W10, ref br), r11 = Fp.SubB(a.W11, b.W11, ref br);
        ulong mask = 0 - br, c = 0;
        r6 = Fp.AddC(r6, Fp.P0 & mask, ref c);
        r7 = Fp.AddC(r7, Fp.P1 & mask, ref c);
        r8 = Fp.AddC(r8, Fp.P2 & mask, ref c);
        r9 = Fp.AddC(r9, Fp.P3 & mask, ref c);
        r10 = Fp.AddC(r10, Fp.P4 & mask, ref c);
        r11 = Fp.AddC(r11, Fp.P5 & mask, ref c);
        return new FpWide(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11);
    }
}
