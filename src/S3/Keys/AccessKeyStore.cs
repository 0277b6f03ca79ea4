using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.S3.Keys;

// Implementation notes
// A SigV4 secret is an HMAC key: the gateway must hold it in the clear to check a signature, so it cannot be
// stored as a one-way hash. With a data directory, each key is two owner-only files under s3/keys:
//   <id>.identity  the identity the key acts as, ZhtpIdentity.ExportSealed under a passphrase derived from the
//                  node-local master key (Argon2id, the identity file format of docs/security.md);
//   <id>.secret    the secret, AES-256-GCM under the master key (nonce 12 | ciphertext | tag 16), the key id as
//                  associated data so a file renamed to another id does not open.
// The master key is 32 random bytes in s3/master.key (0600, KeyFiles.WriteNew). The secret file is written last,
// so a key is complete or absent. Keys created by `zhtp s3 key create` while the gateway runs are found on first
// use (a miss looks at the files). Without a data directory, keys live in memory only.

/// <summary>Creates and finds access keys (docs/s3.md "Access keys", docs/security.md "S3 access keys").</summary>
internal sealed class AccessKeyStore : IDisposable
{
    public const string KeysFolder = "keys";
    public const string MasterKeyFile = "master.key";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static readonly System.Buffers.SearchValues<char> IdCharacters = System.Buffers.SearchValues.Create(IdAlphabet);
    private readonly string? _directory;
    private readonly byte[]? _master;
    private readonly ConcurrentDictionary<string, AccessKeyEntry> _keys = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <param name="directory">The gateway's folder in the data directory (s3), or null for keys in memory.</param>
    public AccessKeyStore(string? directory)
    {
        _directory = directory;
        if (directory is not null)
        {
            _master = LoadOrCreateMaster(Path.Combine(directory, MasterKeyFile));
        }
    }

    /// <summary>Creates a key acting as a new identity (a fresh Hybrid identity made on this node).</summary>
    public AccessKeyEntry Create()
    {
        string id = "ZHTP" + RandomNumberGenerator.GetString(IdAlphabet, 16);
        byte[] secret = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetString(SecretAlphabet, 40));
        ZhtpIdentity identity = ZhtpIdentity.Create(new IdentityOptions());
        try
        {
            if (_directory is not null && _master is not null)
            {
                string folder = Path.Combine(_directory, KeysFolder);
                byte[] sealedIdentity = identity.ExportSealed(IdentityPassphrase(id), Argon2idParameters.Default);
                KeyFiles.WriteNew(Path.Combine(folder, id + ".identity"), sealedIdentity);
                KeyFiles.WriteNew(Path.Combine(folder, id + ".secret"), SealSecret(id, secret));
            }
        }
        catch
        {
            identity.Dispose();
            throw;
        }

        var entry = new AccessKeyEntry(id, secret, identity);
        _keys[id] = entry;
        return entry;
    }

    /// <summary>The key with id <paramref name="accessKeyId"/>, or null when there is none (in memory or in the data directory).</summary>
    public async ValueTask<AccessKeyEntry?> FindAsync(string accessKeyId, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(accessKeyId, out AccessKeyEntry? entry))
        {
            return entry;
        }

        if (_directory is null || _master is null || accessKeyId.Length != 20 || !accessKeyId.StartsWith("ZHTP", StringComparison.Ordinal) || accessKeyId.AsSpan(4).ContainsAnyExcept(IdCharacters))
        {
            return null;
        }

        string folder = Path.Combine(_directory, KeysFolder);
        string secretPath = Path.Combine(folder, accessKeyId + ".secret");
        if (!File.Exists(secretPath))
        {
            return null;
        }

        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_keys.TryGetValue(accessKeyId, out entry))
            {
                return entry;
            }

            byte[] secret = OpenSecret(accessKeyId, await File.ReadAllBytesAsync(secretPath, cancellationToken).ConfigureAwait(false));
            byte[] sealedIdentity = await File.ReadAllBytesAsync(Path.Combine(folder, accessKeyId + ".identity"), cancellationToken).ConfigureAwait(false);
            string passphrase = IdentityPassphrase(accessKeyId);
            ZhtpIdentity identity = await Task.Run(() => ZhtpIdentity.ImportSealed(sealedIdentity, passphrase), cancellationToken).ConfigureAwait(false);
            entry = new AccessKeyEntry(accessKeyId, secret, identity);
            _keys[accessKeyId] = entry;
            return entry;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the secrets held in memory; the identities stay with the content managers acting as them until the node stops.</summary>
    public void Dispose()
    {
        foreach (AccessKeyEntry entry in _keys.Values)
        {
            CryptographicOperations.ZeroMemory(entry.Secret);
        }

        _keys.Clear();
        if (_master is not null)
        {
            CryptographicOperations.ZeroMemory(_master);
        }

        _loading.Dispose();
    }

    private static byte[] LoadOrCreateMaster(string path)
    {
        if (!File.Exists(path))
        {
            try
            {
                KeyFiles.WriteNew(path, RandomNumberGenerator.GetBytes(32));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (zhtp s3 key create, or the gateway) created it first: use theirs.
            }
        }

        byte[] master = File.ReadAllBytes(path);
        if (master.Length != 32)
        {
            throw new InvalidDataException($"The S3 gateway master key {path} has {master.Length} bytes, not 32: it is damaged. Restore it from a backup (without it no access key opens).");
        }

        return master;
    }

    private string IdentityPassphrase(string accessKeyId) =>
        Convert.ToBase64String(HKDF.DeriveKey(HashAlgorithmName.SHA256, _master!, 32, info: Encoding.UTF8.GetBytes("zhtp-s3-identity/" + accessKeyId)));

    private byte[] SealSecret(string accessKeyId, byte[] secret)
    {
        byte[] output = new byte[NonceSize + secret.Length + TagSize];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceSize));
        using var aes = new AesGcm(_master!, TagSize);
        aes.Encrypt(output.AsSpan(0, NonceSize), secret, output.AsSpan(NonceSize, secret.Length), output.AsSpan(NonceSize + secret.Length), Encoding.UTF8.GetBytes("zhtp-s3-secret/" + accessKeyId));
        return output;
    }

    private byte[] OpenSecret(string accessKeyId, byte[] data)
    {
        if (data.Length <= NonceSize + TagSize)
        {
            throw new InvalidDataException($"The secret file of access key {accessKeyId} is truncated.");
        }

        byte[] secret = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_master!, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, secret.Length), data.AsSpan(NonceSize + secret.Length), secret, Encoding.UTF8.GetBytes("zhtp-s3-secret/" + accessKeyId));
        return secret;
    }
}
