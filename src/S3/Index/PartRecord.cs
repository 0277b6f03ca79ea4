namespace Zhtp.Storage.S3.Index;

/// <summary>An uploaded part: its number (1..10,000), ETag (MD5 hex, no quotes), size and when it was written.</summary>
internal sealed record PartRecord(int Number, string ETag, long Size, DateTimeOffset LastModified);
