using System.Net;

namespace Zhtp.Storage.Dht.Transport;

/// <summary>Endpoint normalisation for dual-stack sockets.</summary>
internal static class Endpoints
{
    /// <summary>An IPv4-mapped IPv6 endpoint (<c>[::ffff:a.b.c.d]:port</c>, as a dual-stack socket reports IPv4 peers) as the plain IPv4 endpoint; any other endpoint unchanged.</summary>
    public static IPEndPoint Unmapped(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
