using System.Net;
using Zhtp.Storage.Dht.Transport;

namespace Zhtp.Storage.Dht;

/// <summary>Creates real-socket datagram transports.</summary>
public static class DatagramTransports
{
    /// <summary>Binds a UDP socket to <paramref name="endPoint"/> (port 0 picks a free port; read <see cref="IDatagramTransport.LocalEndPoint"/>).</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The address is in use or not local.</exception>
    public static IDatagramTransport BindUdp(IPEndPoint endPoint) => new UdpTransport(endPoint);
}
