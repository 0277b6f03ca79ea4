namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>The constant of a curve y² = x³ + b over <typeparamref name="TField"/> (E for G1, the twist E' for G2).</summary>
internal interface IBlsCurve<TField>
    where TField : struct, IBlsField<TField>
{
    static abstract TField B { get; }

    /// <summary>3·b, used by the complete formulas.</summary>
    static abstract TField B3 { get; }
}

/// <summary>E: y² = x³ + 4 over Fp.</summary>
internal readonly struct G1Curve : IBlsCurve<Fp>
{
    public static Fp B { get; } = Fp.FromUInt64(4);

    public static Fp B3 { get; } = Fp.FromUInt64(12);
}

/// <summary>E': y² = x³ + 4(1 + u) over Fp2.</summary>
internal readonly struct G2Curve : IBlsCurve<Fp2>
{
    public static Fp2 B { get; } = new(Fp.FromUInt64(4), Fp.FromUInt64(4));

    public static Fp2 B3 { get; } = new(Fp.FromUInt64(12), Fp.FromUInt64(12));
}
