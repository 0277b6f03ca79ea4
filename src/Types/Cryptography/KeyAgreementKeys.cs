namespace Zhtp.Storage.Types.Cryptography;

/// <summary>Creates and imports <see cref="IKeyAgreementKey"/>s (ECDH P-256 on the platform, X25519 on BouncyCastle).</summary>
public static class KeyAgreementKeys
{
    /// <summary>Bytes of a shared secret of every algorithm.</summary>
    public const int SharedSecretSize = 32;

    /// <summary>A new random key of <paramref name="algorithm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown algorithm.</exception>
    public static IKeyAgreementKey Generate(KeyAgreementAlgorithm algorithm) => algorithm switch
    {
        KeyAgreementAlgorithm.EcdhP256 => EcdhP256AgreementKey.Generate(),
        KeyAgreementAlgorithm.X25519 => X25519AgreementKey.Generate(),
        _ => throw UnknownAlgorithm(algorithm),
    };

    /// <summary>Imports the 32-byte private key exported by <see cref="IKeyAgreementKey.ExportPrivateKey"/>.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The bytes are not a private key of <paramref name="algorithm"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Unknown algorithm.</exception>
    public static IKeyAgreementKey Import(KeyAgreementAlgorithm algorithm, ReadOnlySpan<byte> privateKey) => algorithm switch
    {
        KeyAgreementAlgorithm.EcdhP256 => EcdhP256AgreementKey.Import(privateKey),
        KeyAgreementAlgorithm.X25519 => X25519AgreementKey.Import(privateKey),
        _ => throw UnknownAlgorithm(algorithm),
    };

    /// <summary>Bytes of an encoded public key of <paramref name="algorithm"/> (65 or 32).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown algorithm.</exception>
    public static int PublicKeySize(KeyAgreementAlgorithm algorithm) => algorithm switch
    {
        KeyAgreementAlgorithm.EcdhP256 => EcPoints.PointBytes,
        KeyAgreementAlgorithm.X25519 => X25519AgreementKey.KeyBytes,
        _ => throw UnknownAlgorithm(algorithm),
    };

    internal static bool CheckSecretSpan(Span<byte> sharedSecret) => sharedSecret.Length >= SharedSecretSize
        ? true
        : throw new ArgumentException($"The shared-secret buffer holds {sharedSecret.Length} bytes; it needs {SharedSecretSize}.", nameof(sharedSecret));

    private static ArgumentOutOfRangeException UnknownAlgorithm(KeyAgreementAlgorithm algorithm) =>
        new(nameof(algorithm), algorithm, $"Unknown key-agreement algorithm {(byte)algorithm}; use EcdhP256 or X25519.");
}
