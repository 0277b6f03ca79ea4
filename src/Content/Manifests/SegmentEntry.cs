namespace Zhtp.Storage.Content.Manifests;

/// <summary>
/// One segment of the segment table: plaintext length, length after compression (equal when stored
/// uncompressed), length after sealing, the shard length and the k + m shards.
/// </summary>
internal sealed record SegmentEntry(int PlainLength, int StoredLength, int SealedLength, bool Compressed, int ShardLength, IReadOnlyList<ShardEntry> Shards);
