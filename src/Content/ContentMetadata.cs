using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>
/// What describes a piece of content (the original system's ContentMetadata). Stored in the
/// manifest, signed by the owner, and indexed for search.
/// </summary>
public sealed record ContentMetadata
{
    /// <summary>The file name shown to users (at most 255 characters). Default empty.</summary>
    public string Filename { get; init; } = "";

    /// <summary>The media type, e.g. "text/plain" (at most 255 characters). Default "application/octet-stream".</summary>
    public string ContentType { get; init; } = "application/octet-stream";

    /// <summary>Free tags for search (at most 32, each at most 64 characters).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Free text for search (at most 4,096 characters). Default empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>How quickly it must be served (drives price). Default <see cref="StorageTier.Warm"/>.</summary>
    public StorageTier Tier { get; init; } = StorageTier.Warm;

    /// <summary>How it is expected to be read. Default <see cref="ContentAccessPattern.Occasional"/>.</summary>
    public ContentAccessPattern AccessPattern { get; init; } = ContentAccessPattern.Occasional;

    /// <summary>Copies the storage market should keep (3–12; informs contracts). Default 3.</summary>
    public int Replication { get; init; } = 3;

    /// <summary>Who may read it. Default <see cref="AccessLevel.Private"/>.</summary>
    public AccessLevel Access { get; init; } = AccessLevel.Private;

    /// <summary>When the content stops being renewed and ages out; null = kept while the owner renews it.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Returns every problem with this metadata (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Filename.Length > 255)
        {
            errors.Add($"Filename: at most 255 characters, was {Filename.Length}");
        }

        if (ContentType.Length > 255)
        {
            errors.Add($"ContentType: at most 255 characters, was {ContentType.Length}");
        }

        if (Tags.Count > 32 || Tags.Any(t => t.Length is 0 or > 64))
        {
            errors.Add($"Tags: at most 32 tags of 1 to 64 characters, got {Tags.Count}");
        }

        if (Description.Length > 4096)
        {
            errors.Add($"Description: at most 4,096 characters, was {Description.Length}");
        }

        if (!Enum.IsDefined(Tier))
        {
            errors.Add($"Tier: unknown tier {(int)Tier}");
        }

        if (!Enum.IsDefined(AccessPattern))
        {
            errors.Add($"AccessPattern: unknown pattern {(int)AccessPattern}");
        }

        if (!Enum.IsDefined(Access))
        {
            errors.Add($"Access: unknown access level {(int)Access}");
        }

        if (Replication is < 3 or > 12)
        {
            errors.Add($"Replication: 3 to 12, was {Replication}");
        }

        return errors;
    }
}
