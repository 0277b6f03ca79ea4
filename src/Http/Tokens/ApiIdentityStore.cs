using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Http.Tokens;

/// <summary>
/// The user identities API tokens act as (docs/security.md, "API tokens"): created on the node and kept by it
/// (node-custodial, as a gateway keeps its users' keys). Each is <c>api/identities/NAME.key</c>, sealed (Argon2id +
/// AES-256-GCM) under a random custody passphrase in <c>api/identities/custody.key</c> (0600), with its public document
/// beside it as <c>NAME.pub</c>. Whoever can read the data directory can open them, exactly as with the node key; the
/// sealing keeps them out of backups that skip the custody file. Loaded identities stay in memory until disposed.
/// </summary>
internal sealed partial class ApiIdentityStore : IDisposable
{
    /// <summary>The folder inside the data directory.</summary>
    public const string FolderName = "api/identities";

    private const string CustodyFile = "custody.key";
    private readonly string? _folder;
    private readonly ConcurrentDictionary<string, Lazy<ZhtpIdentity>> _loaded = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();
    private bool _disposed;

    /// <param name="dataDirectory">The data directory, or null to keep identities in memory only.</param>
    public ApiIdentityStore(string? dataDirectory) =>
        _folder = dataDirectory is null ? null : Path.Combine(Path.GetFullPath(dataDirectory), FolderName);

    /// <summary>True for 1 to 64 characters of a–z, 0–9, '-' and '_'.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>The identity named <paramref name="name"/>, created (and saved) when it does not exist yet.</summary>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public ZhtpIdentity GetOrCreate(string name)
    {
        CheckName(name);
        lock (_createLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_folder is not null && !File.Exists(KeyPath(name)))
            {
                Save(name);
            }

            return _folder is null
                ? _loaded.GetOrAdd(name, _ => new Lazy<ZhtpIdentity>(() => ZhtpIdentity.Create(new IdentityOptions()))).Value
                : Load(name);
        }
    }

    /// <summary>The saved identity named <paramref name="name"/> (unsealed once, then cached).</summary>
    /// <exception cref="KeyNotFoundException">No identity of that name exists on this node.</exception>
    public ZhtpIdentity Load(string name)
    {
        CheckName(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loaded.TryGetValue(name, out Lazy<ZhtpIdentity>? cached))
        {
            return cached.Value;
        }

        if (_folder is null || !File.Exists(KeyPath(name)))
        {
            throw new KeyNotFoundException($"No API identity named '{name}' exists on this node; create it with `zhtp token create --identity {name}`.");
        }

        return _loaded.GetOrAdd(name, n => new Lazy<ZhtpIdentity>(() => ZhtpIdentity.ImportSealed(File.ReadAllBytes(KeyPath(n)), CustodyPassphrase(create: false)))).Value;
    }

    /// <summary>
    /// The public document of the identity called <paramref name="nameOrId"/> (its name, or its id in hex) among this
    /// node's API identities, or null when none matches.
    /// </summary>
    public PublicIdentity? FindPublic(string nameOrId)
    {
        if (IsValidName(nameOrId))
        {
            if (_loaded.TryGetValue(nameOrId, out Lazy<ZhtpIdentity>? cached))
            {
                return cached.Value.Public;
            }

            if (_folder is not null && File.Exists(PublicPath(nameOrId)))
            {
                return PublicIdentity.Decode(File.ReadAllBytes(PublicPath(nameOrId)));
            }
        }

        foreach (Lazy<ZhtpIdentity> loaded in _loaded.Values)
        {
            if (string.Equals(loaded.Value.Id.ToString(), nameOrId, StringComparison.OrdinalIgnoreCase))
            {
                return loaded.Value.Public;
            }
        }

        if (_folder is null || !Directory.Exists(_folder))
        {
            return null;
        }

        foreach (string file in Directory.EnumerateFiles(_folder, "*.pub"))
        {
            PublicIdentity identity = PublicIdentity.Decode(File.ReadAllBytes(file));
            if (string.Equals(identity.Id.ToString(), nameOrId, StringComparison.OrdinalIgnoreCase))
            {
                return identity;
            }
        }

        return null;
    }

    public void Dispose()
    {
        lock (_createLock)
        {
            _disposed = true;
            foreach (Lazy<ZhtpIdentity> identity in _loaded.Values)
            {
                if (identity.IsValueCreated)
                {
                    identity.Value.Dispose();
                }
            }

            _loaded.Clear();
        }
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();

    private static void CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidName(name))
        {
            throw new ArgumentException($"Identity name '{name}' is not valid: use 1 to 64 characters of a-z, 0-9, '-' and '_'.", nameof(name));
        }
    }

    private string KeyPath(string name) => Path.Combine(_folder!, name + ".key");

    private string PublicPath(string name) => Path.Combine(_folder!, name + ".pub");

    private void Save(string name)
    {
        Directory.CreateDirectory(_folder!);
        using ZhtpIdentity identity = ZhtpIdentity.Create(new IdentityOptions());
        byte[] sealedKeys = identity.ExportSealed(CustodyPassphrase(create: true), Argon2idParameters.Floor);
        try
        {
            File.WriteAllBytes(PublicPath(name), identity.Public.Encode());
            KeyFiles.WriteNew(KeyPath(name), sealedKeys);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sealedKeys);
        }
    }

    private string CustodyPassphrase(bool create)
    {
        string path = Path.Combine(_folder!, CustodyFile);
        if (!File.Exists(path))
        {
            if (!create)
            {
                throw new InvalidDataException($"The custody key {path} of the API identities is missing; the identities in {_folder} cannot be opened without it.");
            }

            KeyFiles.WriteNew(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));
        }

        return File.ReadAllText(path).Trim();
    }
}
