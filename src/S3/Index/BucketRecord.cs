namespace Zhtp.Storage.S3.Index;

/// <summary>A bucket: its name, the identity id that owns it, and when it was created.</summary>
internal sealed record BucketRecord(string Name, string Owner, DateTimeOffset Created);
