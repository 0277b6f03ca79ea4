using System.Text;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Search;

/// <summary>The keywords of an entry and their DHT keys.</summary>
internal static class Keywords
{
    /// <summary>Domain separation of keyword keys.</summary>
    public static ReadOnlySpan<byte> KeyPrefix => "zhtp-keyword-v1"u8;

    /// <summary>Shortest filename word that is a keyword.</summary>
    public const int MinFilenameWordLength = 3;

    /// <summary>Most filename words announced per entry.</summary>
    public const int MaxFilenameWords = 16;

    /// <summary>Most tags announced per entry (the metadata limit).</summary>
    public const int MaxTags = 32;

    /// <summary>BLAKE3("zhtp-keyword-v1" || UTF-8 of the lowercased, trimmed word).</summary>
    /// <exception cref="ArgumentException">The word is empty or white space.</exception>
    public static DhtKey KeyOf(string word)
    {
        string normalized = Normalize(word);
        return new DhtKey(Blake3Hashing.Compute(KeyPrefix, Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>The word as keyed: trimmed and lowercased (invariant culture).</summary>
    /// <exception cref="ArgumentException">The word is empty or white space.</exception>
    public static string Normalize(string word)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(word);
        return word.Trim().ToLowerInvariant();
    }

    /// <summary>
    /// The distinct keywords of <paramref name="metadata"/>: the filename's words of at least three letters
    /// or digits (at most 16), then its tags whole (at most 32), all lowercased.
    /// </summary>
    public static IReadOnlyList<string> Of(ContentMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var keywords = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string word in SearchText.Words(metadata.Filename ?? "").Where(w => w.Length >= MinFilenameWordLength).Distinct().Take(MaxFilenameWords))
        {
            if (seen.Add(word))
            {
                keywords.Add(word);
            }
        }

        foreach (string tag in (metadata.Tags ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Take(MaxTags))
        {
            string normalized = Normalize(tag);
            if (seen.Add(normalized))
            {
                keywords.Add(normalized);
            }
        }

        return keywords;
    }

    /// <summary>True when <paramref name="key"/> is the key of one of the keywords of <paramref name="metadata"/>.</summary>
    public static bool IsKeywordOf(DhtKey key, ContentMetadata metadata) => Of(metadata).Any(w => KeyOf(w) == key);
}
