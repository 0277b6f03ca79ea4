using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// The hybrid combiner of the quantum-resistant level, in the style of TLS X25519MLKEM768
/// (docs/security.md, "Key wrapping and the hybrid combiner"): the ML-KEM-768 secret and the
/// ECDH secret are concatenated (ML-KEM first) and fed to HKDF-SHA256, so the output stays
/// secret while either input does.
/// </summary>
public static class HybridSecret
{
    /// <summary>
    /// <paramref name="output"/> = HKDF-SHA256(ikm = <paramref name="mlKemSecret"/> || <paramref name="ecdhSecret"/>,
    /// salt = SHA-256(<paramref name="transcript"/>), info = UTF-8(<paramref name="label"/>)). The
    /// transcript must bind everything both sides saw (ML-KEM ciphertext, ephemeral ECDH key,
    /// recipient keys), so a secret is never reused across exchanges.
    /// </summary>
    /// <exception cref="ArgumentException">A secret is not 32 bytes, the label is empty, or the output is empty or longer than 8160 bytes.</exception>
    public static void Derive(ReadOnlySpan<byte> mlKemSecret, ReadOnlySpan<byte> ecdhSecret, ReadOnlySpan<byte> transcript, string label, Span<byte> output)
    {
        if (mlKemSecret.Length != MLKem768.SharedSecretSize)
        {
            throw new ArgumentException($"The ML-KEM secret must be {MLKem768.SharedSecretSize} bytes; got {mlKemSecret.Length}.", nameof(mlKemSecret));
        }

        if (ecdhSecret.Length != KeyAgreementKeys.SharedSecretSize)
        {
            throw new ArgumentException($"The ECDH secret must be {KeyAgreementKeys.SharedSecretSize} bytes; got {ecdhSecret.Length}.", nameof(ecdhSecret));
        }

        Span<byte> ikm = stackalloc byte[MLKem768.SharedSecretSize + KeyAgreementKeys.SharedSecretSize];
        mlKemSecret.CopyTo(ikm);
        ecdhSecret.CopyTo(ikm[MLKem768.SharedSecretSize..]);
        try
        {
            Kdf.Derive(ikm, transcript, label, output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikm);
        }
    }
}
