namespace Zhtp.Storage.Dht.Records;

/// <summary>The replace/refresh/refuse rule shared by every record store.</summary>
internal static class RecordRules
{
    /// <summary>Decides what happens when <paramref name="incoming"/> meets the held <paramref name="held"/> (null when none).</summary>
    public static RecordPutOutcome Decide(DhtRecord? held, DhtRecord incoming, long usedBytes, long quotaBytes) =>
        Decide(held is null ? (HeldRecord?)null : new HeldRecord(held.Kind, held.Sequence, held.StorageSize), incoming, usedBytes, quotaBytes);

    /// <summary>The same rule from what the store knows of the held record without reading its value.</summary>
    public static RecordPutOutcome Decide(HeldRecord? held, DhtRecord incoming, long usedBytes, long quotaBytes)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        RecordPutOutcome outcome = RecordPutOutcome.Stored;
        if (held is not null)
        {
            if (incoming.Kind != RecordKind.Mutable || incoming.Sequence == held.Value.Sequence)
            {
                return RecordPutOutcome.Refreshed;
            }

            if (incoming.Sequence < held.Value.Sequence)
            {
                return RecordPutOutcome.RefusedOlderSequence;
            }

            outcome = RecordPutOutcome.Replaced;
        }

        long after = usedBytes - (held?.StorageSize ?? 0) + incoming.StorageSize;
        return after > quotaBytes ? RecordPutOutcome.StorageFull : outcome;
    }

    /// <summary>The record to keep after a refresh: the held one with the later expiry, keeping the local publisher flag.</summary>
    public static DhtRecord Refresh(DhtRecord held, DhtRecord incoming) => held with
    {
        ExpiresAt = incoming.ExpiresAt > held.ExpiresAt ? incoming.ExpiresAt : held.ExpiresAt,
        PublishedLocally = held.PublishedLocally || incoming.PublishedLocally,
    };
}
