using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>A multiplicative structure (Fp, Fp2, Fp12), so one square-and-multiply serves all of them.</summary>
internal interface IBlsMultiplicative<T>
    where T : struct, IBlsMultiplicative<T>
{
    static abstract T One { get; }

    static abstract T Mul(in T a, in T b);

    static abstract T Square(in T a);
}

/// <summary>Exponentiation by public exponents.</summary>
internal static class BlsPow
{
    /// <summary>a^e for a public exponent e (square-and-multiply over e's big-endian bytes; the sequence depends on e only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Pow<T>(in T a, BigInteger e)
        where T : struct, IBlsMultiplicative<T>
    {
        T r = T.One;
        foreach (byte b in e.ToByteArray(isUnsigned: true, isBigEndian: true))
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                r = T.Square(r);
                if (((b >> bit) & 1) != 0)
                {
                    r = T.Mul(r, a);
                }
            }
        }

        return r;
    }
}
