namespace Zhtp.Storage.Http;

/// <summary>
/// Settings of a node's HTTP API (docs/api.md, "Options"): where it listens, where its tokens live, the Kestrel limits
/// and the rate limits. The defaults suit a node on loopback; every limit is enforced with an RFC 9457 problem answer.
/// </summary>
public sealed class ZhtpApiOptions
{
    /// <summary>The endpoint to listen on, "address:port" ("127.0.0.1:5080", "[::1]:5080"; port 0 picks a free one). Used by <see cref="ZhtpHttpApi.StartAsync"/>. Default 127.0.0.1:5080.</summary>
    public string Listen { get; set; } = "127.0.0.1:5080";

    /// <summary>
    /// The folder that holds <c>api/tokens.json</c> and the token identities (<c>api/identities</c>); null uses the node's
    /// data directory. With neither, tokens live in memory only (nothing can create one from outside: tests only).
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Serve requests that carry no token, arriving on a loopback connection to a loopback listener, as the node's
    /// identity with every scope. Off by default; <see cref="ZhtpHttpApi.StartAsync"/> refuses it for a non-loopback
    /// <see cref="Listen"/> address. A request with a token is always checked.
    /// </summary>
    public bool AllowAnonymousLoopback { get; set; }

    /// <summary>Serve <c>/metrics</c> without a token (Prometheus scrapes it). Default true; false requires the admin scope.</summary>
    public bool AnonymousMetrics { get; set; } = true;

    /// <summary>Largest request body in bytes (uploads); a larger one gets 413. Default 4 GiB.</summary>
    public long MaxRequestBodySize { get; set; } = 4L << 30;

    /// <summary>Largest JSON body of the ByteCave <c>POST /store</c> route (base64 in JSON is buffered whole). Default 16 MiB.</summary>
    public int MaxCompatStoreBodySize { get; set; } = 16 << 20;

    /// <summary>Largest total size of the request headers in bytes; larger gets 431. Default 32 KiB.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 << 10;

    /// <summary>Most request headers; more gets 431. Default 64.</summary>
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>Slowest accepted upload rate in bytes per second after <see cref="MinRequestBodyGracePeriod"/>; slower clients are cut off (408). Default 1,024.</summary>
    public double MinRequestBodyDataRate { get; set; } = 1024;

    /// <summary>Time a request body may stay below <see cref="MinRequestBodyDataRate"/> before it is cut off. Default 10 s.</summary>
    public TimeSpan MinRequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time to receive all request headers (slow-loris guard). Default 10 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Open connections at most; more are refused at accept. Default 1,000.</summary>
    public long MaxConcurrentConnections { get; set; } = 1000;

    /// <summary>Requests one token may make per <see cref="RateLimitWindow"/>; more get 429 with Retry-After. Default 2,000.</summary>
    public int TokenPermitsPerWindow { get; set; } = 2000;

    /// <summary>Requests one IP address may make per <see cref="RateLimitWindow"/> without a valid token (anonymous, health, metrics, failed authentication). Default 200.</summary>
    public int AnonymousPermitsPerWindow { get; set; } = 200;

    /// <summary>The fixed window of both rate limits. Default 1 s.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Readiness (<c>/api/v1/health</c>) needs at least one DHT contact unless this is true (a single-node setup). Default false.
    /// </summary>
    public bool ReadyWithoutPeers { get; set; }

    /// <summary>
    /// Serve the web dashboard (docs/api.md, "Dashboard") at <c>/</c> and its files under <c>/dashboard/</c>: static files
    /// only, which sign in with an API token and then call the routes above. Default true.
    /// </summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// A PEM file with the server certificate (and its chain): with it <see cref="ZhtpHttpApi.StartAsync"/> serves HTTPS
    /// (TLS 1.2/1.3) on <see cref="Listen"/> instead of plain HTTP. Null (the default): plain HTTP, for loopback or behind a
    /// reverse proxy that terminates TLS.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>A PEM file with the certificate's private key; null when <see cref="CertificatePath"/> holds the key too.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>Largest page of listings and searches (<c>limit</c>). Default 1,000.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Returns every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!ListenEndPoint.TryParse(Listen, out _))
        {
            errors.Add($"Listen: an IP address and port such as 127.0.0.1:5080 or [::1]:5080, was '{Listen}'");
        }

        Check(errors, MaxRequestBodySize > 0, nameof(MaxRequestBodySize), "positive", MaxRequestBodySize);
        Check(errors, MaxCompatStoreBodySize > 0, nameof(MaxCompatStoreBodySize), "positive", MaxCompatStoreBodySize);
        Check(errors, MaxRequestHeadersTotalSize >= 1024, nameof(MaxRequestHeadersTotalSize), "at least 1,024", MaxRequestHeadersTotalSize);
        Check(errors, MaxRequestHeaderCount >= 8, nameof(MaxRequestHeaderCount), "at least 8", MaxRequestHeaderCount);
        Check(errors, MinRequestBodyDataRate >= 0, nameof(MinRequestBodyDataRate), "zero or more", MinRequestBodyDataRate);
        Check(errors, MinRequestBodyGracePeriod > TimeSpan.Zero, nameof(MinRequestBodyGracePeriod), "positive", MinRequestBodyGracePeriod);
        Check(errors, RequestHeadersTimeout > TimeSpan.Zero, nameof(RequestHeadersTimeout), "positive", RequestHeadersTimeout);
        Check(errors, MaxConcurrentConnections > 0, nameof(MaxConcurrentConnections), "positive", MaxConcurrentConnections);
        Check(errors, TokenPermitsPerWindow > 0, nameof(TokenPermitsPerWindow), "positive", TokenPermitsPerWindow);
        Check(errors, AnonymousPermitsPerWindow > 0, nameof(AnonymousPermitsPerWindow), "positive", AnonymousPermitsPerWindow);
        Check(errors, RateLimitWindow > TimeSpan.Zero, nameof(RateLimitWindow), "positive", RateLimitWindow);
        Check(errors, MaxPageSize is >= 1 and <= 1000, nameof(MaxPageSize), "1 to 1,000", MaxPageSize);
        if (CertificateKeyPath is not null && CertificatePath is null)
        {
            errors.Add($"CertificateKeyPath: set only with CertificatePath (the certificate it belongs to), was '{CertificateKeyPath}'");
        }

        return errors;
    }

    private static void Check(List<string> errors, bool ok, string name, string rule, object value)
    {
        if (!ok)
        {
            errors.Add($"{name}: {rule}, was {value}");
        }
    }
}
