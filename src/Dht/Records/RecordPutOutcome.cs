namespace Zhtp.Storage.Dht;

/// <summary>What a record store did with a record.</summary>
public enum RecordPutOutcome
{
    /// <summary>A new record was stored.</summary>
    Stored,

    /// <summary>A mutable record with a higher sequence number replaced the held one.</summary>
    Replaced,

    /// <summary>The same record (same value, or same sequence) was already held; its expiry was extended.</summary>
    Refreshed,

    /// <summary>Refused: a mutable record with a higher sequence number is held.</summary>
    RefusedOlderSequence,

    /// <summary>Refused: storing it would exceed the storage quota.</summary>
    StorageFull,
}
