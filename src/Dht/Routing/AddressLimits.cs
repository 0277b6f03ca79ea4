using System.Net;
using System.Net.Sockets;

namespace Zhtp.Storage.Dht.Routing;

/// <summary>
/// Eclipse-attack limits on how many contacts of one bucket may share an IP address or a subnet
/// (/24 for IPv4, /64 for IPv6). Pure functions over <see cref="IPAddress"/>.
/// </summary>
internal static class AddressLimits
{
    /// <summary>The subnet key of an address: the first 3 bytes of IPv4 or the first 8 bytes of IPv6, as one integer.</summary>
    public static UInt128 SubnetKey(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        address.TryWriteBytes(bytes, out int written);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ((UInt128)1 << 64) | ((UInt128)bytes[0] << 16) | ((UInt128)bytes[1] << 8) | bytes[2];
        }

        UInt128 key = 2;
        for (int i = 0; i < 8 && i < written; i++)
        {
            key = (key << 8) | bytes[i];
        }

        return key;
    }

    /// <summary>True when both endpoints have the same IP address (IPv4-mapped IPv6 compares equal to IPv4).</summary>
    public static bool SameAddress(IPAddress a, IPAddress b)
    {
        a = a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
        b = b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b;
        return a.Equals(b);
    }
}
