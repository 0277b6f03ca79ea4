namespace Zhtp.Storage.Content.Search;

/// <summary>Checks of <see cref="ContentSearchQuery"/> shared by the index and the content manager.</summary>
internal static class ContentSearchQueries
{
    /// <summary>Largest <see cref="ContentSearchQuery.Take"/>.</summary>
    public const int MaxTake = 1000;

    /// <summary>Throws when <paramref name="query"/> cannot be run.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">No criterion is given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Skip is negative or Take is outside 1–1,000.</exception>
    public static void Validate(ContentSearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Skip < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Skip, "ContentSearchQuery.Skip must be 0 or more.");
        }

        if (query.Take is < 1 or > MaxTake)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Take, $"ContentSearchQuery.Take must be 1 to {MaxTake}; page through larger results with Skip.");
        }

        if (!HasCriterion(query))
        {
            throw new ArgumentException(
                "A search needs at least one criterion: set Text (words), Tag, Owner or ContentType of the ContentSearchQuery.",
                nameof(query));
        }
    }

    /// <summary>True when at least one of Text, Tag, Owner and ContentType is neither null nor white space.</summary>
    public static bool HasCriterion(ContentSearchQuery query) =>
        !string.IsNullOrWhiteSpace(query.Text) || !string.IsNullOrWhiteSpace(query.Tag) ||
        !string.IsNullOrWhiteSpace(query.Owner) || !string.IsNullOrWhiteSpace(query.ContentType);
}
