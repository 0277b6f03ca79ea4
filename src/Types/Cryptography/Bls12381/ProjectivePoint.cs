using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// A point (X : Y : Z) of y² = x³ + b in homogeneous projective coordinates (x = X/Z, y = Y/Z;
/// the identity is (0 : 1 : 0)). Addition and doubling are the complete formulas of Renes,
/// Costello and Batina (eprint 2015/1060, algorithms 7 and 9 for a = 0): one code path for every
/// input, including the identity, P + P and P + (-P), so the constant-time scalar multiplication
/// needs no special cases.
/// </summary>
internal readonly struct ProjectivePoint<TField, TCurve>
    where TField : struct, IBlsField<TField>
    where TCurve : struct, IBlsCurve<TField>
{
    public readonly TField X;
    public readonly TField Y;
    public readonly TField Z;

    public ProjectivePoint(in TField x, in TField y, in TField z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static ProjectivePoint<TField, TCurve> Identity => new(TField.Zero, TField.One, TField.Zero);

    public bool IsIdentity => Z.IsZero;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> FromAffine(in TField x, in TField y) => new(x, y, TField.One);

    /// <summary>Whether the point satisfies Y²Z = X³ + bZ³ (the identity does).</summary>
    public bool IsOnCurve
    {
        get
        {
            TField lhs = TField.Mul(TField.Square(Y), Z);
            TField z3 = TField.Mul(TField.Square(Z), Z);
            TField rhs = TField.Add(TField.Mul(TField.Square(X), X), TField.Mul(TCurve.B, z3));
            return TField.AreEqual(lhs, rhs);
        }
    }

    /// <summary>The affine coordinates (zero, zero for the identity).</summary>
    public (TField X, TField Y) ToAffine()
    {
        TField zi = TField.Inverse(Z);
        return (TField.Mul(X, zi), TField.Mul(Y, zi));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> Negate(in ProjectivePoint<TField, TCurve> p) => new(p.X, TField.Negate(p.Y), p.Z);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AreEqual(in ProjectivePoint<TField, TCurve> a, in ProjectivePoint<TField, TCurve> b) =>
        TField.AreEqual(TField.Mul(a.X, b.Z), TField.Mul(b.X, a.Z)) & TField.AreEqual(TField.Mul(a.Y, b.Z), TField.Mul(b.Y, a.Z));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> Select(in ProjectivePoint<TField, TCurve> a, in ProjectivePoint<TField, TCurve> b, ulong mask) =>
        new(TField.Select(a.X, b.X, mask), TField.Select(a.Y, b.Y, mask), TField.Select(a.Z, b.Z, mask));

    /// <summary>Complete addition (RCB16 algorithm 7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> Add(in ProjectivePoint<TField, TCurve> p, in ProjectivePoint<TField, TCurve> q)
    {
        TField t0 = TField.Mul(p.X, q.X);
        TField t1 = TField.Mul(p.Y, q.Y);
        TField t2 = TField.Mul(p.Z, q.Z);
        TField t3 = TField.Mul(TField.Add(p.X, p.Y), TField.Add(q.X, q.Y));
        t3 = TField.Sub(t3, TField.Add(t0, t1));
        TField t4 = TField.Mul(TField.Add(p.Y, p.Z), TField.Add(q.Y, q.Z));
        t4 = TField.Sub(t4, TField.Add(t1, t2));
        TField y3 = TField.Mul(TField.Add(p.X, p.Z), TField.Add(q.X, q.Z));
        y3 = TField.Sub(y3, TField.Add(t0, t2));
        TField x3 = TField.Add(t0, t0);
        t0 = TField.Add(x3, t0);
        t2 = TCurve.MulByB3(t2);
        TField z3 = TField.Add(t1, t2);
        t1 = TField.Sub(t1, t2);
        y3 = TCurve.MulByB3(y3);
        x3 = TField.Mul(t4, y3);
        t2 = TField.Mul(t3, t1);
        x3 = TField.Sub(t2, x3);
        y3 = TField.Mul(y3, t0);
        t1 = TField.Mul(t1, z3);
        y3 = TField.Add(t1, y3);
        t0 = TField.Mul(t0, t3);
        z3 = TField.Mul(z3, t4);
        z3 = TField.Add(z3, t0);
        return new(x3, y3, z3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> Sub(in ProjectivePoint<TField, TCurve> p, in ProjectivePoint<TField, TCurve> q) => Add(p, Negate(q));

    /// <summary>Complete doubling (RCB16 algorithm 9).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> Double(in ProjectivePoint<TField, TCurve> p)
    {
        TField t0 = TField.Square(p.Y);
        TField z3 = TField.Add(t0, t0);
        z3 = TField.Add(z3, z3);
        z3 = TField.Add(z3, z3);
        TField t1 = TField.Mul(p.Y, p.Z);
        TField t2 = TField.Square(p.Z);
        t2 = TCurve.MulByB3(t2);
        TField x3 = TField.Mul(t2, z3);
        TField y3 = TField.Add(t0, t2);
        z3 = TField.Mul(t1, z3);
        t1 = TField.Add(t2, t2);
        t2 = TField.Add(t1, t2);
        t0 = TField.Sub(t0, t2);
        y3 = TField.Mul(t0, y3);
        y3 = TField.Add(x3, y3);
        t1 = TField.Mul(p.X, p.Y);
        x3 = TField.Mul(t0, t1);
        x3 = TField.Add(x3, x3);
        return new(x3, y3, z3);
    }

    /// <summary>
    /// [k]P for a public scalar (big-endian bytes): double-and-add, time depends on k. Never use
    /// with a secret scalar; <see cref="MultiplyConstantTime"/> is for those.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> MultiplyVartime(in ProjectivePoint<TField, TCurve> p, ReadOnlySpan<byte> scalar)
    {
        ProjectivePoint<TField, TCurve> r = Identity;
        foreach (byte b in scalar)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                r = Double(r);
                if (((b >> bit) & 1) != 0)
                {
                    r = Add(r, p);
                }
            }
        }

        return r;
    }

    /// <summary>[k]P for a public 64-bit scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> MultiplyVartime(in ProjectivePoint<TField, TCurve> p, ulong scalar)
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, scalar);
        return MultiplyVartime(p, bytes[(System.Numerics.BitOperations.LeadingZeroCount(scalar) / 8)..]);
    }

    /// <summary>
    /// [k]P for a secret scalar of 32 big-endian bytes: a fixed 4-bit window over all 64 nibbles
    /// (4 doublings and 1 complete addition each, whatever the nibble), the addend read from the
    /// 16-entry table by scanning every entry with a masked select, so neither branches nor memory
    /// addresses depend on k.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> MultiplyConstantTime(in ProjectivePoint<TField, TCurve> p, ReadOnlySpan<byte> scalar32)
    {
        if (scalar32.Length != 32)
        {
            throw new ArgumentException("The scalar must be 32 bytes.", nameof(scalar32));
        }

        var table = new ProjectivePoint<TField, TCurve>[16];
        table[0] = Identity;
        table[1] = p;
        for (int i = 2; i < 16; i++)
        {
            table[i] = Add(table[i - 1], p);
        }

        ProjectivePoint<TField, TCurve> r = Identity;
        for (int i = 0; i < 64; i++)
        {
            r = Double(Double(Double(Double(r))));
            int nibble = (scalar32[i >> 1] >> (((i & 1) ^ 1) << 2)) & 0xF;
            r = Add(r, Lookup(table, nibble));
        }

        return r;
    }

    /// <summary>table[index] read by scanning every entry with a masked select (no secret-dependent address).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ProjectivePoint<TField, TCurve> Lookup(ProjectivePoint<TField, TCurve>[] table, int index)
    {
        ProjectivePoint<TField, TCurve> r = table[0];
        for (int i = 1; i < table.Length; i++)
        {
            // mask = all ones exactly when i == index, computed without a comparison branch
            ulong diff = (ulong)(uint)(i ^ index);
            ulong mask = ((diff | (0 - diff)) >> 63) - 1;
            r = Select(r, table[i], mask);
        }

        return r;
    }
}
