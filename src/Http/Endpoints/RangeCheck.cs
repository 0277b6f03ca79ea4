using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Zhtp.Storage.Http.Endpoints;

/// <summary>
/// RFC 9110 §14.2 lets a server reject a Range header whose ranges-specifier is invalid; this API answers 416 (with
/// <c>Content-Range: bytes */LENGTH</c>) for a <c>bytes=</c> header that does not parse, and ignores (serves 200) a
/// header in a unit it does not know, as the RFC requires.
/// </summary>
internal static class RangeCheck
{
    /// <summary>True for a single Range header in a unit other than bytes.</summary>
    public static bool IsOtherUnit(StringValues header) =>
        header.Count == 1 && !header.ToString().Split('=', 2)[0].Trim().Equals("bytes", StringComparison.OrdinalIgnoreCase);

    public static bool IsMalformed(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return false;
        }

        if (header.Count > 1)
        {
            return true;
        }

        string text = header.ToString();
        string unit = text.Split('=', 2)[0].Trim();
        if (!unit.Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            return false; // another unit: ignored
        }

        if (!RangeHeaderValue.TryParse(text, out RangeHeaderValue? parsed) || parsed.Ranges.Count == 0)
        {
            return true;
        }

        return parsed.Ranges.Any(r => r.From is null && r.To is null || r.From > r.To);
    }
}
