namespace Zhtp.Storage.S3.Index;

/// <summary>
/// One object of a bucket: the content holding its bytes, its size, its ETag (without quotes), when it was written,
/// and the headers returned with it (content-type, content-encoding, ..., x-amz-meta-*; names lowercase).
/// </summary>
internal sealed record ObjectRecord(string Bucket, string Key, string ContentId, long Size, string ETag, DateTimeOffset LastModified, IReadOnlyDictionary<string, string> Headers);
