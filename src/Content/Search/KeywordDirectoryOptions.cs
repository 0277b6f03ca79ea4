namespace Zhtp.Storage.Content.Search;

/// <summary>Limits of a <see cref="KeywordDirectory"/>; validated by its constructor.</summary>
internal sealed record KeywordDirectoryOptions
{
    /// <summary>How long a receiver keeps an announcement (by its own clock). Default 24 h; the owner re-announces before that.</summary>
    public TimeSpan AnnouncementTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Announcements kept per keyword; the oldest is evicted beyond it. Default 256.</summary>
    public int MaxPerKeyword { get; init; } = 256;

    /// <summary>Announcements kept in total over all keywords; the oldest is evicted beyond it. Default 100,000.</summary>
    public int MaxAnnouncements { get; init; } = 100_000;

    /// <summary>Closest nodes an announcement is sent to and a query asks, per keyword. Default 3.</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>Reply pages a query reads from each node at most (one datagram each). Default 8.</summary>
    public int MaxQueryPages { get; init; } = 8;

    /// <summary>Keywords announced at the same time. Default 4.</summary>
    public int MaxParallelKeywords { get; init; } = 4;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (AnnouncementTtl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AnnouncementTtl), AnnouncementTtl, "KeywordDirectoryOptions.AnnouncementTtl must be positive.");
        }

        Check(MaxPerKeyword, 1, 100_000, nameof(MaxPerKeyword));
        Check(MaxAnnouncements, 1, 10_000_000, nameof(MaxAnnouncements));
        Check(Replicas, 1, 20, nameof(Replicas));
        Check(MaxQueryPages, 1, 1000, nameof(MaxQueryPages));
        Check(MaxParallelKeywords, 1, 64, nameof(MaxParallelKeywords));
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"KeywordDirectoryOptions.{name} must be {min} to {max}.");
        }
    }
}
