using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// Creates, imports and verifies <see cref="ISigningKey"/>s. ML-DSA-65 runs on the platform's
/// <see cref="MLDsa"/> where supported, else on BouncyCastle (<see cref="UsesPlatform"/>); both
/// produce and accept the same encodings.
/// </summary>
public static class SigningKeys
{
    /// <summary>A new random key of <paramref name="algorithm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown algorithm.</exception>
    public static ISigningKey Generate(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.EcdsaP256 => EcdsaP256SigningKey.Generate(),
        SignatureAlgorithm.Ed25519 => Ed25519SigningKey.Generate(),
        SignatureAlgorithm.MLDsa65 => PostQuantumBackend.MLDsaOnPlatform
            ? new PlatformMLDsa65SigningKey(MLDsa.GenerateKey(MLDsaAlgorithm.MLDsa65))
            : new BouncyCastleMLDsa65SigningKey(RandomNumberGenerator.GetBytes(MLDsa65Sizes.SeedBytes)),
        SignatureAlgorithm.SlhDsaSha2_128s => SlhDsaSha2128sSigningKey.Generate(),
        _ => throw UnknownAlgorithm(algorithm),
    };

    /// <summary>Imports a private key exported by <see cref="ISigningKey.ExportPrivateKey"/>.</summary>
    /// <exception cref="CryptographicException">The bytes are not a private key of <paramref name="algorithm"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown algorithm.</exception>
    public static ISigningKey Import(SignatureAlgorithm algorithm, ReadOnlySpan<byte> privateKey)
    {
        switch (algorithm)
        {
            case SignatureAlgorithm.EcdsaP256:
                return EcdsaP256SigningKey.Import(privateKey);
            case SignatureAlgorithm.Ed25519:
                return Ed25519SigningKey.Import(privateKey);
            case SignatureAlgorithm.MLDsa65:
                if (privateKey.Length != MLDsa65Sizes.SeedBytes)
                {
                    throw new CryptographicException($"An ML-DSA-65 private key is the 32-byte seed; got {privateKey.Length} bytes.");
                }

                return PostQuantumBackend.MLDsaOnPlatform
                    ? new PlatformMLDsa65SigningKey(MLDsa.ImportMLDsaPrivateSeed(MLDsaAlgorithm.MLDsa65, privateKey))
                    : new BouncyCastleMLDsa65SigningKey(privateKey);
            case SignatureAlgorithm.SlhDsaSha2_128s:
                return SlhDsaSha2128sSigningKey.Import(privateKey);
            default:
                throw UnknownAlgorithm(algorithm);
        }
    }

    /// <summary>
    /// True when <paramref name="signature"/> is a valid signature of <paramref name="data"/> under
    /// <paramref name="publicKey"/>. False, never an exception, for any malformed key or signature,
    /// wrong lengths, or an unknown algorithm.
    /// </summary>
    public static bool Verify(SignatureAlgorithm algorithm, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        switch (algorithm)
        {
            case SignatureAlgorithm.EcdsaP256:
                return EcdsaP256SigningKey.Verify(publicKey, data, signature);
            case SignatureAlgorithm.Ed25519:
                return Ed25519SigningKey.Verify(publicKey, data, signature);
            case SignatureAlgorithm.MLDsa65:
                if (publicKey.Length != MLDsa65Sizes.PublicKeyBytes || signature.Length != MLDsa65Sizes.SignatureBytes)
                {
                    return false;
                }

                return PostQuantumBackend.MLDsaOnPlatform
                    ? PlatformMLDsa65SigningKey.Verify(publicKey, data, signature)
                    : BouncyCastleMLDsa65SigningKey.Verify(publicKey, data, signature);
            case SignatureAlgorithm.SlhDsaSha2_128s:
                return SlhDsaSha2128sSigningKey.Verify(publicKey, data, signature);
            default:
                return false;
        }
    }

    /// <summary>Bytes of a signature of <paramref name="algorithm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown algorithm.</exception>
    public static int SignatureSize(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.EcdsaP256 => EcdsaP256SigningKey.SignatureBytes,
        SignatureAlgorithm.Ed25519 => Ed25519SigningKey.SignatureBytes,
        SignatureAlgorithm.MLDsa65 => MLDsa65Sizes.SignatureBytes,
        SignatureAlgorithm.SlhDsaSha2_128s => SlhDsaSha2128sSigningKey.SignatureBytes,
        _ => throw UnknownAlgorithm(algorithm),
    };

    /// <summary>Bytes of an encoded public key of <paramref name="algorithm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown algorithm.</exception>
    public static int PublicKeySize(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.EcdsaP256 => EcdsaP256SigningKey.PublicKeyBytes,
        SignatureAlgorithm.Ed25519 => Ed25519SigningKey.PublicKeyBytes,
        SignatureAlgorithm.MLDsa65 => MLDsa65Sizes.PublicKeyBytes,
        SignatureAlgorithm.SlhDsaSha2_128s => SlhDsaSha2128sSigningKey.PublicKeyBytes,
        _ => throw UnknownAlgorithm(algorithm),
    };

    /// <summary>True when <paramref name="algorithm"/> runs on the platform's implementation here, false when on BouncyCastle.</summary>
    public static bool UsesPlatform(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.EcdsaP256 => true,
        SignatureAlgorithm.MLDsa65 => PostQuantumBackend.MLDsaOnPlatform,
        _ => false,
    };

    internal static void CheckSignatureSpan(Span<byte> signature, int size)
    {
        if (signature.Length < size)
        {
            throw new ArgumentException($"The signature buffer holds {signature.Length} bytes; this algorithm needs {size}.", nameof(signature));
        }
    }

    private static ArgumentOutOfRangeException UnknownAlgorithm(SignatureAlgorithm algorithm) =>
        new(nameof(algorithm), algorithm, $"Unknown signature algorithm {(byte)algorithm}; use one of EcdsaP256, Ed25519, MLDsa65, SlhDsaSha2_128s.");
}
