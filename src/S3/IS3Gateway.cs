using System.Net;

namespace Zhtp.Storage.S3;

/// <summary>
/// A running S3 gateway (from <see cref="ZhtpS3Gateway.StartAsync"/>). Dispose it to stop listening; the storage system
/// it serves keeps running.
/// </summary>
public interface IS3Gateway : IAsyncDisposable
{
    /// <summary>The address it listens on (the actual port when the options asked for port 0).</summary>
    IPEndPoint EndPoint { get; }

    /// <summary>The URL clients use as their endpoint (ServiceURL, --endpoint-url), e.g. http://127.0.0.1:5081.</summary>
    Uri ServiceUrl { get; }

    /// <summary>
    /// Creates an access key acting as a new identity made on this node, stored sealed in the data directory (or in memory
    /// without one); the same as <c>zhtp s3 key create</c>.
    /// </summary>
    S3AccessKey CreateAccessKey();
}
