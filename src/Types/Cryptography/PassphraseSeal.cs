using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// Seals bytes under a passphrase: Argon2id (BouncyCastle) derives an AES-256-GCM key and a
/// 16-byte passphrase check from the UTF-8 (NFC) passphrase and a random salt. Layout
/// (docs/security.md, "Passphrase sealing"): magic "zhtpseal", version 1, KDF id 1, memory KiB,
/// iterations, parallelism, salt (16), nonce (12), check (16), ciphertext, tag (16), SHA-256 of all
/// before it (32). The header and the caller's associated data are authenticated.
/// </summary>
public static class PassphraseSeal
{
    internal const int HeaderSize = 8 + 1 + 1 + 4 + 4 + 1 + SaltSize + NonceSize + CheckSize;
    internal const int Overhead = HeaderSize + TagSize + ChecksumSize;
    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int CheckSize = 16;
    private const int TagSize = 16;
    private const int KeySize = 32;
    private const int ChecksumSize = 32;
    private const byte Version = 1;
    private const byte KdfArgon2id13 = 1;
    private static readonly byte[] Magic = "zhtpseal"u8.ToArray();

    /// <summary>Test hook: Argon2id runs on this thread (a wrong passphrase must cost a full run).</summary>
    [ThreadStatic]
    internal static int KdfRunsOnThisThread;

    /// <summary>Seals <paramref name="plaintext"/>; <paramref name="associatedData"/> (may be empty) must be given again to open.</summary>
    /// <exception cref="ArgumentException">The passphrase is empty, or a parameter is outside the accepted range (the message names it).</exception>
    public static byte[] Seal(ReadOnlySpan<byte> plaintext, string passphrase, Argon2idParameters parameters, ReadOnlySpan<byte> associatedData)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(parameters));
        }

        var sealedData = new byte[Overhead + plaintext.Length];
        Span<byte> header = sealedData.AsSpan(0, HeaderSize);
        Magic.CopyTo(header);
        header[8] = Version;
        header[9] = KdfArgon2id13;
        BinaryPrimitives.WriteInt32BigEndian(header[10..], parameters.MemoryKiB);
        BinaryPrimitives.WriteInt32BigEndian(header[14..], parameters.Iterations);
        header[18] = (byte)parameters.Parallelism;
        RandomNumberGenerator.Fill(header.Slice(19, SaltSize + NonceSize));
        byte[] derived = Derive(passphrase, header.Slice(19, SaltSize), parameters);
        try
        {
            derived.AsSpan(KeySize, CheckSize).CopyTo(header[^CheckSize..]);
            using var aes = new AesGcm(derived.AsSpan(0, KeySize), TagSize);
            aes.Encrypt(
                header.Slice(19 + SaltSize, NonceSize),
                plaintext,
                sealedData.AsSpan(HeaderSize, plaintext.Length),
                sealedData.AsSpan(HeaderSize + plaintext.Length, TagSize),
                AuthenticatedData(header, associatedData));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }

        SHA256.HashData(sealedData.AsSpan(0, sealedData.Length - ChecksumSize), sealedData.AsSpan(sealedData.Length - ChecksumSize));
        return sealedData;
    }

    /// <summary>Opens what <see cref="Seal"/> made, with the same passphrase and associated data.</summary>
    /// <exception cref="WrongPassphraseException">The passphrase is wrong (raised after the full Argon2id cost).</exception>
    /// <exception cref="SealedDataFormatException">The data is damaged, truncated, altered, not sealed data, or claims parameters outside the accepted range.</exception>
    public static byte[] Open(ReadOnlySpan<byte> sealedData, string passphrase, ReadOnlySpan<byte> associatedData)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        if (sealedData.Length < Overhead || !sealedData[..8].SequenceEqual(Magic))
        {
            throw new SealedDataFormatException($"Not zhtp sealed data (expected the \"zhtpseal\" magic and at least {Overhead} bytes, got {sealedData.Length}).");
        }

        Span<byte> checksum = stackalloc byte[ChecksumSize];
        SHA256.HashData(sealedData[..^ChecksumSize], checksum);
        if (!checksum.SequenceEqual(sealedData[^ChecksumSize..]))
        {
            throw new SealedDataFormatException("The sealed data is damaged or truncated (its SHA-256 checksum does not match); restore it from a backup.");
        }

        ReadOnlySpan<byte> header = sealedData[..HeaderSize];
        if (header[8] != Version || header[9] != KdfArgon2id13)
        {
            throw new SealedDataFormatException($"Sealed-data version {header[8]} / KDF {header[9]} is not supported (this library reads version {Version} with Argon2id, KDF 1).");
        }

        var parameters = new Argon2idParameters(BinaryPrimitives.ReadInt32BigEndian(header[10..]), BinaryPrimitives.ReadInt32BigEndian(header[14..]), header[18]);
        if (parameters.Problem() is { } problem)
        {
            throw new SealedDataFormatException($"The sealed data claims Argon2id parameters outside the accepted range, refused: {problem}");
        }

        byte[] derived = Derive(passphrase, header.Slice(19, SaltSize), parameters);
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(derived.AsSpan(KeySize, CheckSize), header[^CheckSize..]))
            {
                throw new WrongPassphraseException();
            }

            int length = sealedData.Length - Overhead;
            var plaintext = new byte[length];
            using var aes = new AesGcm(derived.AsSpan(0, KeySize), TagSize);
            try
            {
                aes.Decrypt(header.Slice(19 + SaltSize, NonceSize), sealedData.Slice(HeaderSize, length), sealedData.Slice(HeaderSize + length, TagSize), plaintext, AuthenticatedData(header, associatedData));
            }
            catch (AuthenticationTagMismatchException e)
            {
                throw new SealedDataFormatException("The passphrase is right but the sealed data was altered, or the associated data differs from sealing; it cannot be trusted.", e);
            }

            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    private static byte[] AuthenticatedData(ReadOnlySpan<byte> header, ReadOnlySpan<byte> associatedData) => [.. header, .. associatedData];

    /// <summary>Argon2id v1.3 → 48 bytes: the AES key, then the passphrase check.</summary>
    private static byte[] Derive(string passphrase, ReadOnlySpan<byte> salt, Argon2idParameters parameters)
    {
        KdfRunsOnThisThread++;
        byte[] password = Encoding.UTF8.GetBytes(passphrase.Normalize(NormalizationForm.FormC));
        try
        {
            Argon2Parameters argon = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
                .WithVersion(Argon2Parameters.Version13)
                .WithSalt(salt.ToArray())
                .WithMemoryAsKB(parameters.MemoryKiB)
                .WithIterations(parameters.Iterations)
                .WithParallelism(parameters.Parallelism)
                .Build();
            var generator = new Argon2BytesGenerator();
            generator.Init(argon);
            var output = new byte[KeySize + CheckSize];
            generator.GenerateBytes(password, output);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }
}
