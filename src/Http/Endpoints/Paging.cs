using System.Globalization;
using System.Text;

namespace Zhtp.Storage.Http.Endpoints;

/// <summary>Opaque paging cursors: base64url of "o:OFFSET".</summary>
internal static class Paging
{
    public static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <exception cref="FormatException">The cursor did not come from a listing.</exception>
    public static int Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }

        try
        {
            string padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            string text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            if (text.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw new FormatException($"cursor '{cursor}' is not a cursor this API returned; pass the nextCursor of the previous page, or none for the first.");
    }

    /// <exception cref="FormatException">The limit is not 1 to <paramref name="max"/>.</exception>
    public static int Limit(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Math.Min(50, max);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) && limit >= 1 && limit <= max
            ? limit
            : throw new FormatException($"limit: 1 to {max}, was '{text}'.");
    }
}
