using System.Net;

namespace Zhtp.Storage.Http;

/// <summary>Parses <see cref="ZhtpApiOptions.Listen"/>.</summary>
internal static class ListenEndPoint
{
    public static bool TryParse(string? text, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        if (string.IsNullOrWhiteSpace(text) || !IPEndPoint.TryParse(text, out IPEndPoint? parsed) || parsed is null)
        {
            return false;
        }

        // IPEndPoint.TryParse accepts a bare address (port 0): require an explicit port.
        if (!text.TrimEnd().EndsWith(":" + parsed.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            return false;
        }

        endPoint = parsed;
        return true;
    }
}
