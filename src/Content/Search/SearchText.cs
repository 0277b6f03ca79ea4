using System.Text;

namespace Zhtp.Storage.Content.Search;

// Implementation notes
// User text never reaches FTS5's query parser as syntax. It is cut into words here (runs of Unicode
// letters and digits, the characters FTS5's unicode61 tokenizer keeps), and each word is written as
// an FTS5 string ("word", with any '"' doubled, although words hold none). Operators such as OR, NOT,
// NEAR( or * in user text therefore become plain words or separators, never query syntax
// (https://sqlite.org/fts5.html#full_text_query_syntax).

/// <summary>Word splitting and normalisation shared by the index and the keyword directory.</summary>
internal static class SearchText
{
    /// <summary>Most words of one text query; later words are ignored.</summary>
    public const int MaxQueryWords = 32;

    /// <summary>Longest word kept, in UTF-16 characters; longer words are cut.</summary>
    public const int MaxWordLength = 64;

    /// <summary>The runs of letters and digits of <paramref name="text"/>, in order, lowercased (invariant culture), cut to <see cref="MaxWordLength"/>.</summary>
    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var word = new StringBuilder();
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                if (word.Length + rune.Utf16SequenceLength <= MaxWordLength)
                {
                    word.Append(Rune.ToLowerInvariant(rune).ToString());
                }

                continue;
            }

            if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// <summary>
    /// An FTS5 MATCH expression requiring every word of <paramref name="text"/> (implicit AND), the last
    /// one as a prefix; null when the text holds no word.
    /// </summary>
    public static string? ToFtsMatch(string text)
    {
        List<string> words = Words(text).Take(MaxQueryWords).ToList();
        if (words.Count == 0)
        {
            return null;
        }

        var match = new StringBuilder();
        for (int i = 0; i < words.Count; i++)
        {
            if (i > 0)
            {
                match.Append(' ');
            }

            match.Append('"').Append(words[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return match.Append('*').ToString();
    }

    /// <summary>The media type of <paramref name="contentType"/> without parameters, trimmed and lowercased ("Text/Plain; charset=utf-8" → "text/plain").</summary>
    public static string MediaTypeKey(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        int semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }

    /// <summary>A tag as matched by exact tag search: trimmed and lowercased.</summary>
    public static string TagKey(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return tag.Trim().ToLowerInvariant();
    }

    /// <summary>
    /// The longest prefix of <paramref name="value"/> whose UTF-8 form has at most <paramref name="maxBytes"/>
    /// bytes, never splitting a surrogate pair.
    /// </summary>
    public static string TruncateUtf8(string value, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (maxBytes <= 0)
        {
            return "";
        }

        if (Encoding.UTF8.GetByteCount(value) <= maxBytes)
        {
            return value;
        }

        int bytes = 0;
        int end = 0;
        foreach (Rune rune in value.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return value[..end];
    }
}
