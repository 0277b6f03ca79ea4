using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Zhtp.Storage.Http.Tokens;

/// <summary>
/// The API tokens of a node (docs/security.md, "API tokens"): <c>api/tokens.json</c> in the data directory, written whole to
/// a temporary file and renamed, holding SHA-256 hashes of 256-bit random tokens. Authentication hashes the presented
/// token and compares it with every stored hash in constant time. The file is re-read when it changes on disk, so
/// <c>zhtp token create|revoke</c> takes effect on a running node. Thread-safe; between processes, every change holds an
/// exclusive lock on <c>api/tokens.json.lock</c> while it re-reads, changes and replaces the file, so two
/// <c>zhtp token</c> commands at the same instant both land.
/// </summary>
internal sealed class ApiTokenStore
{
    /// <summary>The token file's path inside the data directory.</summary>
    public const string FileName = "api/tokens.json";

    /// <summary>Every token starts with this, so secret scanners can find leaked ones.</summary>
    public const string TokenPrefix = "zhtp_";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private List<ApiTokenRecord> _tokens = [];
    private (DateTime WriteTime, long Length) _loaded;

    /// <param name="dataDirectory">The data directory, or null to keep tokens in memory.</param>
    /// <param name="time">Clock for created and revoked times.</param>
    public ApiTokenStore(string? dataDirectory, TimeProvider? time = null)
    {
        _path = dataDirectory is null ? null : Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _time = time ?? TimeProvider.System;
        lock (_lock)
        {
            ReloadIfChanged();
        }
    }

    /// <summary>
    /// Creates a token and returns its record and the token text (shown once; only its hash is kept). With
    /// <paramref name="lifetime"/> it is refused from that long after now on.
    /// </summary>
    public (ApiTokenRecord Record, string Token) Create(IReadOnlyList<string> scopes, string? identity, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (scopes.Count == 0)
        {
            throw new ArgumentException("A token needs at least one scope (read, write, admin).", nameof(scopes));
        }

        if (lifetime is { } span && span <= TimeSpan.Zero)
        {
            throw new ArgumentException($"A token's lifetime must be positive, was {span}.", nameof(lifetime));
        }

        string token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        DateTimeOffset now = _time.GetUtcNow();
        var record = new ApiTokenRecord("tok_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), Hash(token), [.. scopes], identity, now, null, now + lifetime);
        lock (_lock)
        {
            using FileStream? fileLock = LockFile();
            ReloadIfChanged(force: fileLock is not null);
            _tokens = [.. _tokens, record];
            Save();
        }

        return (record, token);
    }

    /// <summary>Every token, revoked ones included, oldest first.</summary>
    public IReadOnlyList<ApiTokenRecord> List()
    {
        lock (_lock)
        {
            ReloadIfChanged();
            return _tokens;
        }
    }

    /// <summary>Revokes the token with <paramref name="id"/>; false when no valid token has it.</summary>
    public bool Revoke(string id)
    {
        lock (_lock)
        {
            using FileStream? fileLock = LockFile();
            ReloadIfChanged(force: fileLock is not null);
            int index = _tokens.FindIndex(t => t.Id == id && t.Revoked is null);
            if (index < 0)
            {
                return false;
            }

            List<ApiTokenRecord> copy = [.. _tokens];
            copy[index] = copy[index] with { Revoked = _time.GetUtcNow() };
            _tokens = copy;
            Save();
            return true;
        }
    }

    /// <summary>True when <paramref name="record"/> has expired by this store's clock.</summary>
    public bool IsExpired(ApiTokenRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.IsExpiredAt(_time.GetUtcNow());
    }

    /// <summary>The unrevoked token whose hash matches <paramref name="token"/> (expired or not: see <see cref="IsExpired"/>), or null.</summary>
    public ApiTokenRecord? Authenticate(ReadOnlySpan<char> token)
    {
        if (token.Length is 0 or > 256)
        {
            return null;
        }

        Span<byte> presented = stackalloc byte[32];
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
        int length = Encoding.UTF8.GetBytes(token, utf8);
        SHA256.HashData(utf8[..length], presented);
        List<ApiTokenRecord> tokens;
        lock (_lock)
        {
            ReloadIfChanged();
            tokens = _tokens;
        }

        // Every hash is compared, in constant time, whatever matches.
        ApiTokenRecord? match = null;
        Span<byte> stored = stackalloc byte[32];
        foreach (ApiTokenRecord record in tokens)
        {
            if (Convert.FromHexString(record.Hash, stored, out _, out int written) == System.Buffers.OperationStatus.Done && written == 32
                && CryptographicOperations.FixedTimeEquals(stored, presented) && record.Revoked is null)
            {
                match = record;
            }
        }

        return match;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Takes the exclusive lock other processes' changes hold (null for an in-memory store), waiting for it up to
    /// <see cref="LockWait"/>. On Unix .NET takes it with flock, so it is released when the holder exits, however it exits.
    /// </summary>
    /// <exception cref="IOException">Another process held the lock for longer than <see cref="LockWait"/>.</exception>
    private FileStream? LockFile()
    {
        if (_path is null)
        {
            return null;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        long started = System.Diagnostics.Stopwatch.GetTimestamp(); // real time: another process's lock, not this store's clock
        while (true)
        {
            try
            {
                return new FileStream(_path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (System.Diagnostics.Stopwatch.GetElapsedTime(started) < LockWait)
            {
                Thread.Sleep(LockRetry); // .NET takes FileShare.None with a non-blocking flock and offers no wait for its release: poll, bounded by LockWait
            }
            catch (IOException e)
            {
                throw new IOException($"{_path}.lock has been held by another process for {LockWait.TotalSeconds:F0} s; is a `zhtp token` command stuck? Retry when it ends.", e);
            }
        }
    }

    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(10);

    private void ReloadIfChanged(bool force = false)
    {
        if (_path is null)
        {
            return;
        }

        var file = new FileInfo(_path);
        if (!file.Exists)
        {
            _tokens = [];
            _loaded = default;
            return;
        }

        if (!force && (file.LastWriteTimeUtc, file.Length) == _loaded)
        {
            return;
        }

        try
        {
            TokenFile? parsed = JsonSerializer.Deserialize<TokenFile>(File.ReadAllBytes(_path), Json);
            _tokens = parsed?.Tokens is { } list ? [.. list] : [];
            _loaded = (file.LastWriteTimeUtc, file.Length);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The token file {_path} is not valid JSON ({e.Message}); restore it from a backup or move it away and create new tokens.", e);
        }
    }

    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        string temporary = _path + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, new TokenFile(_tokens), Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, _path, overwrite: true);
        var file = new FileInfo(_path);
        _loaded = (file.LastWriteTimeUtc, file.Length);
    }

    private sealed record TokenFile(List<ApiTokenRecord> Tokens);
}
