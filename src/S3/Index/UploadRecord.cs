namespace Zhtp.Storage.S3.Index;

/// <summary>A multipart upload in progress: its id, target, initiator and the headers the object will get.</summary>
internal sealed record UploadRecord(string Id, string Bucket, string Key, string Owner, DateTimeOffset Initiated, IReadOnlyDictionary<string, string> Headers);
