using System.Runtime.CompilerServices;
namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>The constant of a curve y² = x³ + b over <typeparamref name="TField"/> (E for G1, the twist E' for G2).</summary>
internal interface IBlsCurve<TField>
    where TField : struct, IBlsField<TField>
{
    static abstract TField B { get; }

    /// <summary>3·b·a, used by the complete formulas (by additions: 3b is 12 or 12(1 + u)).</summary>
    static abstract TField MulByB3(in TField a);
}

/// <summary>E: y² = x³ + 4 over Fp.</summary>
internal readonly struct G1Curve : IBlsCurve<Fp>
{
    public static Fp B { get; } = Fp.FromUInt64(4);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp MulByB3(in Fp a)
    {
        Fp a4 = Fp.Double(Fp.Double(a));
        return Fp.Add(Fp.Double(a4), a4);
    }
}

/// <summary>E': y² = x³ + 4(1 + u) over Fp2.</summary>
internal readonly struct G2Curve : IBlsCurve<Fp2>
{
    public static Fp2 B { get; } = new(Fp.FromUInt64(4), Fp.FromUInt64(4));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Fp2 MulByB3(in Fp2 a)
    {
        Fp2 a4 = Fp2.Double(Fp2.Double(Fp2.MulByXi(a)));
        return Fp2.Add(Fp2.Double(a4), a4);
    }
}
