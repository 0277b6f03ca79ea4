using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>P-256 encodings shared by ECDSA and ECDH: uncompressed SEC1 points and 32-byte scalars.</summary>
internal static class EcPoints
{
    public const int CoordinateBytes = 32;
    public const int PointBytes = 1 + (2 * CoordinateBytes);

    public static byte[] Encode(ECPoint q)
    {
        var bytes = new byte[PointBytes];
        bytes[0] = 0x04;
        q.X.AsSpan().CopyTo(bytes.AsSpan(1 + CoordinateBytes - q.X!.Length));
        q.Y.AsSpan().CopyTo(bytes.AsSpan(PointBytes - q.Y!.Length));
        return bytes;
    }

    /// <summary>Splits an uncompressed point; whether it is on the curve is checked by the platform's import.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out ECPoint q)
    {
        q = default;
        if (encoded.Length != PointBytes || encoded[0] != 0x04)
        {
            return false;
        }

        q = new ECPoint { X = encoded.Slice(1, CoordinateBytes).ToArray(), Y = encoded.Slice(1 + CoordinateBytes, CoordinateBytes).ToArray() };
        return true;
    }

    public static ECParameters PrivateParameters(ReadOnlySpan<byte> scalar, string what)
    {
        if (scalar.Length != CoordinateBytes)
        {
            throw new CryptographicException($"An {what} private key is the 32-byte scalar; got {scalar.Length} bytes.");
        }

        // The platform derives Q from D when Q is absent.
        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar.ToArray() };
        return parameters;
    }

    public static byte[] ExportScalar(ECParameters parameters)
    {
        var scalar = new byte[CoordinateBytes];
        parameters.D.AsSpan().CopyTo(scalar.AsSpan(CoordinateBytes - parameters.D!.Length));
        CryptographicOperations.ZeroMemory(parameters.D);
        return scalar;
    }
}
