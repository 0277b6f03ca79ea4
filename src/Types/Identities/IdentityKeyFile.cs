using System.Buffers;
using System.Security.Cryptography;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Identities;

/// <summary>
/// The <c>identity.key</c> file: <see cref="PassphraseSeal"/> (associated data
/// "zhtp-identity-key-v1") of MessagePack <c>["zhtp-identity-key", 1, identity.pub document (bin),
/// classical signing private key, agreement private key, ML-DSA-65 seed, ML-KEM-768 seed, SLH-DSA
/// root private key]</c> (bin each, empty when absent; algorithms are those of the public document).
/// </summary>
internal static class IdentityKeyFile
{
    private const string Magic = "zhtp-identity-key";
    private const int FormatVersion = 1;
    private static readonly byte[] AssociatedData = "zhtp-identity-key-v1"u8.ToArray();

    public static byte[] Seal(PublicIdentity identity, ISigningKey? classical, IKeyAgreementKey? agreement, ISigningKey? postQuantum, IKemKey? kem, ISigningKey? root, string passphrase, Argon2idParameters parameters)
    {
        byte[][] secrets = [classical?.ExportPrivateKey() ?? [], agreement?.ExportPrivateKey() ?? [], postQuantum?.ExportPrivateKey() ?? [], kem?.ExportSeed() ?? [], root?.ExportPrivateKey() ?? []];
        var buffer = new ArrayBufferWriter<byte>(8192);
        try
        {
            var writer = new MessagePackWriter(buffer);
            writer.WriteArrayHeader(8);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(identity.Encode());
            foreach (byte[] secret in secrets)
            {
                writer.Write(secret);
            }

            writer.Flush();
            return PassphraseSeal.Seal(buffer.WrittenSpan, passphrase, parameters, AssociatedData);
        }
        finally
        {
            foreach (byte[] secret in secrets)
            {
                CryptographicOperations.ZeroMemory(secret);
            }

            buffer.Clear(); // zeroes the written payload
        }
    }

    /// <summary>Opens the file and returns the public document and the private keys (empty arrays where absent); the caller clears them.</summary>
    public static (PublicIdentity Public, byte[][] Secrets) Open(ReadOnlySpan<byte> sealedData, string passphrase)
    {
        byte[] payload = PassphraseSeal.Open(sealedData, passphrase, AssociatedData);
        try
        {
            var reader = new MessagePackReader(payload);
            if (reader.ReadArrayHeader() != 8 || reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion)
            {
                throw new SealedDataFormatException("The sealed data is not a format-1 zhtp identity key file.");
            }

            byte[] document = IdentityReading.Bin(ref reader, 16 * 1024, "public document");
            var secrets = new byte[5][];
            for (int i = 0; i < secrets.Length; i++)
            {
                secrets[i] = IdentityReading.Bin(ref reader, 128, "private key");
            }

            return (PublicIdentity.Decode(document), secrets);
        }
        catch (Exception e) when (IdentityReading.IsDecodeError(e) || e is IdentityFormatException)
        {
            throw new SealedDataFormatException($"The identity key file opened but its content is malformed: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }
}
