using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.S3;

/// <summary>Starts the S3-compatible gateway of a running storage system (docs/s3.md).</summary>
public static class ZhtpS3Gateway
{
    /// <summary>
    /// Serves <paramref name="system"/> over the S3 API on <see cref="S3GatewayOptions.Listen"/> (path-style addressing,
    /// SigV4). Objects are content uploaded through <see cref="IUnifiedStorageSystem.ContentFor"/> as the access key's
    /// identity; the bucket index, parts in progress and access keys live in <c>s3/</c> of the system's data directory
    /// (in memory and a temporary folder without one). Dispose the result to stop the gateway before the system.
    /// </summary>
    /// <exception cref="ConfigurationException">The options are invalid, or the certificate files do not load; the message lists every bad field.</exception>
    /// <exception cref="UnifiedStorageException">The address is taken, or the system is not running.</exception>
    public static async Task<IS3Gateway> StartAsync(IUnifiedStorageSystem system, S3GatewayOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(options.Validate());
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
        if (errors.Count == 0 && options.CertificatePath is { } certificatePath)
        {
            certificate = PemCertificates.TryLoad(certificatePath, options.CertificateKeyPath, nameof(S3GatewayOptions.CertificatePath), out string? certificateError);
            if (certificateError is not null)
            {
                errors.Add(certificateError);
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException(nameof(S3GatewayOptions), errors);
        }

        return await S3Gateway.StartAsync(system, options, certificate, loggerFactory ?? NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
    }
}
