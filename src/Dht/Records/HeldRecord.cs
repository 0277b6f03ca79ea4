namespace Zhtp.Storage.Dht.Records;

/// <summary>What the put rule needs of a held record: its kind, sequence and quota charge (no value).</summary>
internal readonly record struct HeldRecord(RecordKind Kind, ulong Sequence, long StorageSize);
