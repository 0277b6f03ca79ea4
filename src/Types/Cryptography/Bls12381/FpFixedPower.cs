using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// a^e in Fp for one fixed public exponent e by a left-to-right sliding window of width 5: the
/// window schedule is computed once from e, then each power costs bitlength(e) - 1 squarings, 15
/// multiplications for the table of odd powers a, a³, …, a³¹ and one multiplication per window
/// (≈ bitlength/6) instead of one per set bit (≈ bitlength/2). The sequence of operations depends
/// on e only, never on a.
/// </summary>
internal sealed class FpFixedPower
{
    private const int Width = 5;

    /// <summary>(squarings before the multiplication, index of the odd power a^(2i+1) to multiply by).</summary>
    private readonly (int Squarings, int Index)[] _steps;

    /// <summary>Squarings after the last multiplication (the trailing zero bits).</summary>
    private readonly int _tailSquarings;

    public FpFixedPower(BigInteger exponent)
    {
        if (exponent.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), "The exponent must be positive.");
        }

        int top = (int)exponent.GetBitLength() - 1;
        var steps = new List<(int, int)>();
        int pending = 0;
        int i = top;
        while (i >= 0)
        {
            if (!Bit(exponent, i))
            {
                pending++;
                i--;
                continue;
            }

            int low = Math.Max(i - Width + 1, 0);
            while (!Bit(exponent, low))
            {
                low++;
            }

            int value = 0;
            for (int j = i; j >= low; j--)
            {
                value = (value << 1) | (Bit(exponent, j) ? 1 : 0);
            }

            // the first window starts the product, so its squarings (of 1) are skipped
            steps.Add((steps.Count == 0 ? 0 : pending + (i - low + 1), value >> 1));
            pending = 0;
            i = low - 1;
        }

        _steps = [.. steps];
        _tailSquarings = pending;
    }

    /// <summary>a^e.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Fp Pow(in Fp a)
    {
        Span<Fp> odd = stackalloc Fp[1 << (Width - 1)];
        odd[0] = a;
        Fp a2 = Fp.Square(a);
        for (int k = 1; k < odd.Length; k++)
        {
            odd[k] = Fp.Mul(odd[k - 1], a2);
        }

        Fp r = odd[_steps[0].Index];
        for (int s = 1; s < _steps.Length; s++)
        {
            for (int k = 0; k < _steps[s].Squarings; k++)
            {
                r = Fp.Square(r);
            }

            r = Fp.Mul(r, odd[_steps[s].Index]);
        }

        for (int k = 0; k < _tailSquarings; k++)
        {
            r = Fp.Square(r);
        }

        return r;
    }

    private static bool Bit(BigInteger e, int i) => !((e >> i) & 1).IsZero;
}
