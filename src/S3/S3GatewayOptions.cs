using Zhtp.Storage.Types;

namespace Zhtp.Storage.S3;

/// <summary>How the S3 gateway listens and checks requests (docs/s3.md).</summary>
public sealed class S3GatewayOptions
{
    /// <summary>The address the gateway listens on, as <c>ip:port</c> (port 0 picks a free one; read it from <see cref="IS3Gateway.EndPoint"/>). Default 127.0.0.1:0 (loopback only).</summary>
    public string Listen { get; set; } = "127.0.0.1:0";

    /// <summary>
    /// Enables virtual-hosted-style addressing under this domain: a request whose Host is <c>BUCKET.</c> + this domain (e.g.
    /// <c>photos.s3.localhost:5081</c> with <c>s3.localhost</c>) addresses that bucket and its path is the key. Null (default):
    /// path style only (<c>/BUCKET/KEY</c>), which every request may use either way. Clients need the names to resolve to the
    /// gateway (e.g. a wildcard DNS record).
    /// </summary>
    public string? VirtualHostDomain { get; set; }

    /// <summary>The only region the gateway accepts in signatures. Default us-east-1.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>How far a request's x-amz-date may be from the server's clock (RequestTimeTooSkewed beyond). Default 15 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The smallest size of every part but the last of a multipart upload (EntityTooSmall below). Default 5 MiB, as S3.</summary>
    public long MinPartSize { get; set; } = 5L << 20;

    /// <summary>The largest single PUT (object or part). Default 5 GiB, as S3; larger objects need multipart upload.</summary>
    public long MaxPutSize { get; set; } = 5L << 30;

    /// <summary>The encryption of the content holding objects (always Private to the access key's identity). Default Standard (AES-256-GCM).</summary>
    public EncryptionLevel Encryption { get; set; } = EncryptionLevel.Standard;

    /// <summary>
    /// A PEM file with the server certificate (and chain): with it the gateway serves HTTPS only (TLS 1.2/1.3) on
    /// <see cref="Listen"/> and <see cref="IS3Gateway.ServiceUrl"/> is <c>https://</c>. Clients over HTTPS may send
    /// <c>UNSIGNED-PAYLOAD</c> (awscli does), which is accepted as over HTTP. Null (default): plain HTTP.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/> when it is not in the same file.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>
    /// A multipart upload that was started this long ago and has had no part written for as long is aborted (its parts
    /// deleted), as S3's AbortIncompleteMultipartUpload lifecycle rule does: checked when the gateway starts and whenever
    /// a multipart upload is created. Default 7 days; null keeps incomplete uploads until they are completed or aborted.
    /// </summary>
    public TimeSpan? StaleUploadLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The clock for signature dates and object times; null is the system clock.</summary>
    public TimeProvider? Time { get; set; }

    /// <summary>Returns every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!System.Net.IPEndPoint.TryParse(Listen ?? "", out System.Net.IPEndPoint? endPoint) || endPoint.Port is < 0 or > 65535 || !(Listen ?? "").Contains(':', StringComparison.Ordinal))
        {
            errors.Add($"S3GatewayOptions.Listen: must be ip:port (e.g. 127.0.0.1:5081), was '{Listen}'");
        }

        if (VirtualHostDomain is { } domain && (domain.Length == 0 || domain.StartsWith('.') || domain.AsSpan().ContainsAny(":/ ")))
        {
            errors.Add($"S3GatewayOptions.VirtualHostDomain: must be a host name such as s3.localhost (no port, no leading dot), was '{domain}'");
        }

        if (string.IsNullOrWhiteSpace(Region))
        {
            errors.Add("S3GatewayOptions.Region: must be a region name such as us-east-1");
        }

        if (MaxClockSkew <= TimeSpan.Zero)
        {
            errors.Add($"S3GatewayOptions.MaxClockSkew: must be positive, was {MaxClockSkew}");
        }

        if (MinPartSize < 1)
        {
            errors.Add($"S3GatewayOptions.MinPartSize: must be positive, was {MinPartSize}");
        }

        if (MaxPutSize < 1)
        {
            errors.Add($"S3GatewayOptions.MaxPutSize: must be positive, was {MaxPutSize}");
        }

        if (CertificateKeyPath is not null && CertificatePath is null)
        {
            errors.Add($"S3GatewayOptions.CertificateKeyPath: set only with CertificatePath (the certificate it belongs to), was '{CertificateKeyPath}'");
        }

        if (StaleUploadLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            errors.Add($"S3GatewayOptions.StaleUploadLifetime: positive, or null to keep incomplete uploads, was {lifetime}");
        }

        return errors;
    }
}
