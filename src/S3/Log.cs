using Microsoft.Extensions.Logging;

namespace Zhtp.Storage.S3;

/// <summary>The gateway's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "S3 gateway listening on {Url} (region {Region}, data in {Directory})")]
    public static partial void Listening(ILogger logger, Uri url, string region, string directory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "S3 {Method} {Resource} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string resource, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "S3 multipart upload {UploadId}: the parts streamed while they arrived were not the ones Complete named ({Outcome}); storing from the part files")]
    public static partial void AssemblyNotUsed(ILogger logger, string uploadId, string outcome);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "S3 multipart upload {UploadId}: no part for {Idle}; its assembly gave up its slot to a new upload (Complete will store it from its part files)")]
    public static partial void AssemblyEvicted(ILogger logger, string uploadId, TimeSpan idle);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "S3 multipart upload {UploadId}: no part within {Lifetime} of its start or its last part; aborted and its parts deleted (StaleUploadLifetime)")]
    public static partial void StaleUploadAborted(ILogger logger, string uploadId, TimeSpan lifetime);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "S3 could not delete the replaced content {ContentId}; its shards age out when their TTL runs out")]
    public static partial void ContentNotDeleted(ILogger logger, string contentId, Exception exception);
}
