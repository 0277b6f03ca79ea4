using System.Runtime.CompilerServices;
using G2Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp2, Zhtp.Storage.Types.Cryptography.Bls12381.G2Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// Constant-time [k]P for P in G2 by the GLS endomorphism: on G2, ψ acts as [x] with
/// x = -u, u = |x| = 0xd201000000010000, so writing k in base u, k = d0 + d1·u + d2·u² + d3·u³
/// (0 ≤ d0, d1, d2 &lt; u; d3 &lt; 2^65 for any 256-bit k), gives
/// [k]P = [d0]P + [d1](-ψ(P)) + [d2]ψ²(P) + [d3](-ψ³(P)). All digits are non-negative, so no
/// sign handling is needed. The four digits are scanned jointly, bit by bit from bit 64 down: 65
/// doublings and 65 complete additions of an entry of the 16-entry table of subset sums of the
/// four base points (a quarter of the doublings of the 256-bit window). Constant time in k: the
/// base-u digits come from a bit-serial division with masked subtraction (no hardware divide, no
/// branch), the iteration count is fixed, and each addend is read by scanning the whole table
/// with masked selects.
/// </summary>
internal static class G2GlsMultiplication
{
    /// <summary>The number of joint bits scanned (d3 may have 65 bits for k ≥ u⁴).</summary>
    private const int Bits = 65;

    /// <summary>[k]P for a secret 32-byte big-endian k and P in G2 (ψ = [x] holds only there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static G2Point MultiplyConstantTime(in G2Point p, ReadOnlySpan<byte> scalar32)
    {
        if (scalar32.Length != 32)
        {
            throw new ArgumentException("The scalar must be 32 bytes.", nameof(scalar32));
        }

        // digits: d0, d1, d2, d3 low limbs, then d3's 65th bit
        Span<ulong> digits = stackalloc ulong[5];
        Decompose(scalar32, digits);

        G2Point q0 = p;
        G2Point psi1 = G2.Psi(p);
        G2Point psi2 = G2.Psi(psi1);
        G2Point q1 = G2Point.Negate(psi1);
        G2Point q2 = psi2;
        G2Point q3 = G2Point.Negate(G2.Psi(psi2));

        // table[b] = Σ_{i: bit i of b} q_i
        var table = new G2Point[16];
        table[0] = G2Point.Identity;
        table[1] = q0;
        table[2] = q1;
        table[3] = G2Point.Add(q1, q0);
        table[4] = q2;
        for (int i = 5; i < 8; i++)
        {
            table[i] = G2Point.Add(table[i - 4], q2);
        }

        table[8] = q3;
        for (int i = 9; i < 16; i++)
        {
            table[i] = G2Point.Add(table[i - 8], q3);
        }

        G2Point r = G2Point.Identity;
        for (int j = Bits - 1; j >= 0; j--)
        {
            r = G2Point.Double(r);
            int index = JointIndex(digits, j);
            r = G2Point.Add(r, G2Point.Lookup(table, index));
        }

        digits.Clear();
        return r;
    }

    /// <summary>Bit j of d0, d1, d2, d3 as a 4-bit index (j = 64 reads d3's top bit only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int JointIndex(ReadOnlySpan<ulong> digits, int j)
    {
        // j is public; for j = 64 the low-limb bits are taken as zero and d3's high bit is used
        int low = j & 63;
        ulong inLow = (ulong)((j >> 6) ^ 1); // 1 when j < 64
        ulong b0 = (digits[0] >> low) & inLow;
        ulong b1 = (digits[1] >> low) & inLow;
        ulong b2 = (digits[2] >> low) & inLow;
        ulong b3 = ((digits[3] >> low) & inLow) | (digits[4] & (inLow ^ 1));
        return (int)(b0 | (b1 << 1) | (b2 << 2) | (b3 << 3));
    }

    /// <summary>
    /// The base-u digits of a 256-bit big-endian k: d0, d1, d2 (each &lt; u) and d3 as a low limb
    /// (digits[3]) and its bit 64 (digits[4]). Three bit-serial divisions by the public u, each with
    /// a masked subtraction per bit; no branch or memory index depends on k.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Decompose(ReadOnlySpan<byte> scalar32, Span<ulong> digits)
    {
        // little-endian limbs of k
        Span<ulong> n = stackalloc ulong[4];
        for (int i = 0; i < 4; i++)
        {
            n[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(scalar32.Slice(24 - (8 * i), 8));
        }

        digits[0] = DivideByU(n);
        digits[1] = DivideByU(n);
        digits[2] = DivideByU(n);
        digits[3] = n[0];
        digits[4] = n[1];
        n.Clear();
    }

    /// <summary>n ← n div u; returns n mod u. Restoring division, one masked step per bit of n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong DivideByU(Span<ulong> n)
    {
        const ulong u = BlsParameters.XAbs;
        ulong rem = 0;
        for (int limb = 3; limb >= 0; limb--)
        {
            ulong word = n[limb];
            ulong quotient = 0;
            for (int bit = 63; bit >= 0; bit--)
            {
                // rem < u < 2^64 before the shift, so (hi, rem) = 2·rem + bit has hi ∈ {0, 1}
                ulong hi = rem >> 63;
                rem = (rem << 1) | ((word >> bit) & 1);
                ulong diff = rem - u;
                ulong borrow = ((~rem & u) | ((~rem | u) & diff)) >> 63;
                ulong take = hi | (borrow ^ 1); // 1 when (hi, rem) ≥ u
                ulong mask = 0 - take;
                rem = (diff & mask) | (rem & ~mask);
                quotient = (quotient << 1) | take;
            }

            n[limb] = quotient;
        }

        return rem;
    }
}
