using System.Security.Cryptography;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Unified.Economics;

/// <summary>
/// The BLS key a node acknowledges contract steps with as a holder (<see cref="ZhtpStorageOptions.BlsAcknowledgements"/>),
/// kept in the data directory so the node keeps the same holder key, and the renters' checks of its earlier
/// acknowledgements keep one key, across restarts: 32 bytes, the big-endian scalar, mode 0600.
/// </summary>
internal static class HolderBlsKeyFile
{
    /// <summary>The file name inside the data directory's <c>economic</c> folder.</summary>
    public const string FileName = "holder-bls.key";

    /// <summary>Loads the key from <paramref name="path"/>, or draws a new one (KeyGen from 32 random bytes) and writes it there.</summary>
    /// <exception cref="UnifiedStorageException">The file exists but does not hold a BLS12-381 secret key.</exception>
    public static SecretKey LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            byte[] bytes = File.ReadAllBytes(path);
            try
            {
                return SecretKey.FromBytes(bytes);
            }
            catch (Exception e) when (e is BlsFormatException or ArgumentException)
            {
                throw new UnifiedStorageException(
                    $"The holder BLS key file '{path}' holds {bytes.Length} bytes that are not a BLS12-381 secret key (32 bytes, 0 < key < r). Restore it from a backup, or move it away to start with a new holder key (acknowledgements made under the old key verify only under that key).", e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }

        Span<byte> ikm = stackalloc byte[32];
        RandomNumberGenerator.Fill(ikm);
        SecretKey key = SecretKey.KeyGen(ikm);
        CryptographicOperations.ZeroMemory(ikm);
        byte[] secret = key.ToBytes();
        try
        {
            KeyFiles.WriteNew(path, secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }

        return key;
    }
}
