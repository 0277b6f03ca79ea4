using System.Security.Cryptography;
using G1Point = Zhtp.Storage.Types.Cryptography.Bls12381.ProjectivePoint<Zhtp.Storage.Types.Cryptography.Bls12381.Fp, Zhtp.Storage.Types.Cryptography.Bls12381.G1Curve>;

namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>
/// A dealer's secret polynomial f(x) = a_0 + a_1·x + … + a_(t-1)·x^(t-1) over Fr, its coefficients
/// uniform (64 random bytes reduced mod r each). Evaluation is Horner's rule in constant-time field
/// arithmetic; the commitment multiplies the G1 generator by each coefficient in constant time.
/// Dispose zeroes the coefficients.
/// </summary>
internal sealed class Polynomial : IDisposable
{
    private readonly Fr[] _coefficients;

    private Polynomial(Fr[] coefficients) => _coefficients = coefficients;

    public int Threshold => _coefficients.Length;

    /// <summary>A random polynomial of degree <paramref name="threshold"/> − 1.</summary>
    public static Polynomial Random(int threshold, Action<Span<byte>> fillRandom)
    {
        ArgumentNullException.ThrowIfNull(fillRandom);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var coefficients = new Fr[threshold];
        Span<byte> wide = stackalloc byte[64];
        for (int i = 0; i < threshold; i++)
        {
            fillRandom(wide);
            coefficients[i] = Fr.FromBytesWide(wide);
        }

        CryptographicOperations.ZeroMemory(wide);
        return new Polynomial(coefficients);
    }

    /// <summary>The polynomial with the given coefficients (tests).</summary>
    internal static Polynomial FromCoefficients(Fr[] coefficients) => new((Fr[])coefficients.Clone());

    /// <summary>f(x) for a public member index x ≥ 1.</summary>
    public Fr Evaluate(int x)
    {
        Fr at = Fr.FromUInt64((ulong)x);
        Fr result = Fr.Zero;
        for (int i = _coefficients.Length - 1; i >= 0; i--)
        {
            result = Fr.Add(Fr.Mul(result, at), _coefficients[i]);
        }

        return result;
    }

    /// <summary>The Feldman commitment [a_j]G1 for every coefficient.</summary>
    public FeldmanCommitment Commit()
    {
        var points = new G1Point[_coefficients.Length];
        Span<byte> scalar = stackalloc byte[Fr.Size];
        for (int i = 0; i < points.Length; i++)
        {
            _coefficients[i].WriteBytes(scalar);
            points[i] = G1Point.MultiplyConstantTime(G1.Generator, scalar);
        }

        CryptographicOperations.ZeroMemory(scalar);
        return new FeldmanCommitment(points);
    }

    public void Dispose() => Array.Clear(_coefficients);
}
