using System.Security.Cryptography;
using System.Text;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>HKDF-SHA256 with salt = SHA-256(transcript) and info = UTF-8(label): the one KDF shape of key wrapping.</summary>
internal static class Kdf
{
    public static void Derive(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> transcript, string label, Span<byte> output)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        if (output.IsEmpty || output.Length > 255 * SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"HKDF-SHA256 output must be 1..8160 bytes; got {output.Length}.", nameof(output));
        }

        Span<byte> salt = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(transcript, salt);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, output, salt, Encoding.UTF8.GetBytes(label));
    }
}
