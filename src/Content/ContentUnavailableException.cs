namespace Zhtp.Storage.Content;

/// <summary>Fewer than k verified shards of a segment could be fetched: that segment cannot be rebuilt now.</summary>
public sealed class ContentUnavailableException : ContentException
{
    /// <summary>Creates the exception.</summary>
    public ContentUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ContentUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ContentUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for segment <paramref name="segment"/> of <paramref name="id"/>.</summary>
    public ContentUnavailableException(ContentId id, long segment, int verified, int needed)
        : base($"Segment {segment} of content {id} is unavailable: {verified} verified shard(s) of the {needed} needed could be fetched. Its holders may be offline; retry later, or run RepairAsync while enough shards remain.")
    {
        Id = id;
        Segment = segment;
        Verified = verified;
        Needed = needed;
    }

    /// <summary>The content.</summary>
    public ContentId Id { get; }

    /// <summary>The segment that could not be rebuilt (0-based).</summary>
    public long Segment { get; }

    /// <summary>Shards fetched and verified.</summary>
    public int Verified { get; }

    /// <summary>Shards needed (k).</summary>
    public int Needed { get; }
}
