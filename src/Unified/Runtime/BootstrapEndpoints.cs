using System.Globalization;
using System.Net;

namespace Zhtp.Storage.Unified.Runtime;

/// <summary>Parses and resolves <c>host:port</c> bootstrap entries.</summary>
internal static class BootstrapEndpoints
{
    /// <summary>Splits <c>host:port</c>, <c>[v6]:port</c> or <c>a.b.c.d:port</c>; false when malformed or the port is not 1..65535.</summary>
    public static bool TryParse(string? text, out (string Host, int Port) entry)
    {
        entry = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (IPEndPoint.TryParse(text, out IPEndPoint? literal) && literal.Port != 0 && text.Contains(':', StringComparison.Ordinal)
            && (literal.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork || text.StartsWith('[')))
        {
            entry = (literal.Address.ToString(), literal.Port);
            return true;
        }

        int colon = text.LastIndexOf(':');
        if (colon <= 0 || text.IndexOf(':', StringComparison.Ordinal) != colon
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            return false;
        }

        string host = text[..colon];
        if (Uri.CheckHostName(host) is UriHostNameType.Unknown)
        {
            return false;
        }

        entry = (host, port);
        return true;
    }

    /// <summary>Resolves every entry (host names through DNS, the first address of each); unresolvable names are returned separately.</summary>
    public static async Task<(List<IPEndPoint> Resolved, List<string> Failed)> ResolveAsync(IEnumerable<string> entries, CancellationToken cancellationToken)
    {
        var resolved = new List<IPEndPoint>();
        var failed = new List<string>();
        foreach (string text in entries)
        {
            if (!TryParse(text, out (string Host, int Port) entry))
            {
                failed.Add(text);
                continue;
            }

            if (IPAddress.TryParse(entry.Host, out IPAddress? address))
            {
                resolved.Add(new IPEndPoint(address, entry.Port));
                continue;
            }

            try
            {
                IPAddress[] addresses = await Dns.GetHostAddressesAsync(entry.Host, cancellationToken).ConfigureAwait(false);
                if (addresses.Length > 0)
                {
                    resolved.Add(new IPEndPoint(addresses[0], entry.Port));
                }
                else
                {
                    failed.Add(text);
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                failed.Add(text);
            }
        }

        return (resolved, failed);
    }
}
