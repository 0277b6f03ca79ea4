using System.Security.Cryptography;

namespace Zhtp.Storage.Economic;

/// <summary>
/// ECDSA P-256 with SHA-256 from System.Security.Cryptography. Public key: the 65-byte uncompressed
/// point (0x04 || X || Y); signature: 64 bytes r || s (IEEE P1363).
/// </summary>
public sealed class EcdsaP256Signer : IEconomicSigner, IDisposable
{
    private readonly ECDsa _key;
    private readonly byte[] _publicKey;

    private EcdsaP256Signer(ECDsa key)
    {
        _key = key;
        var p = key.ExportParameters(false);
        _publicKey = new byte[65];
        _publicKey[0] = 4;
        p.Q.X!.CopyTo(_publicKey, 1);
        p.Q.Y!.CopyTo(_publicKey, 33);
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>Creates a signer with a fresh key from the operating system's random source.</summary>
    public static EcdsaP256Signer Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Creates a signer from a 32-byte private scalar (tests and stored identities).</summary>
    /// <exception cref="CryptographicException">The scalar is not a valid P-256 private key.</exception>
    public static EcdsaP256Signer FromPrivateKey(ReadOnlySpan<byte> privateScalar)
    {
        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = privateScalar.ToArray() };
        return new(ECDsa.Create(parameters));
    }

    /// <summary>Creates a signer whose key is derived deterministically from <paramref name="seed"/> (tests and simulations only).</summary>
    public static EcdsaP256Signer FromSeed(int seed)
    {
        Span<byte> input = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input, seed);
        var scalar = SHA256.HashData(input);
        scalar[0] &= 0x7F; // stays below the group order
        scalar[31] |= 1;   // never zero
        return FromPrivateKey(scalar);
    }

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message) => _key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
