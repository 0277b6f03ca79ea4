using System.Net;
using System.Net.Sockets;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>IPv6 dual stack on loopback: a node bound to [::] serves IPv4 and IPv6 peers, and contacts keep their family.</summary>
public sealed class UdpDualStackTests
{
    private static DhtConfig Config => new() { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2 };

    private static Task<IDhtNode> StartAsync(IPAddress address) =>
        DhtNode.CreateAsync(new DhtNodeOptions
        {
            Config = Config,
            Transport = DatagramTransports.BindUdp(new IPEndPoint(address, 0)),
            Signer = NodeSigners.CreateEcdsaP256(),
            MaintenanceInterval = null,
        });

    [Fact(Timeout = 120_000)]
    public async Task DualStackNode_IPv4AndIPv6Peers_KeepTheirFamilyAndShareRecords()
    {
        await using IDhtNode hub = await StartAsync(IPAddress.IPv6Any);
        await using IDhtNode v4 = await StartAsync(IPAddress.Loopback);
        await using IDhtNode v6 = await StartAsync(IPAddress.IPv6Loopback);
        int port = hub.Self.EndPoint.Port;

        Assert.True(await v4.JoinAsync([new IPEndPoint(IPAddress.Loopback, port)]) > 0);
        Assert.True(await v6.JoinAsync([new IPEndPoint(IPAddress.IPv6Loopback, port)]) > 0);

        IReadOnlyList<Contact> known = hub.GetContacts();
        Contact seenV4 = Assert.Single(known, c => c.Id == v4.Self.Id);
        Contact seenV6 = Assert.Single(known, c => c.Id == v6.Self.Id);
        Assert.Equal(AddressFamily.InterNetwork, seenV4.EndPoint.AddressFamily);
        Assert.Equal(IPAddress.Loopback, seenV4.EndPoint.Address);
        Assert.Equal(v4.Self.EndPoint.Port, seenV4.EndPoint.Port);
        Assert.Equal(AddressFamily.InterNetworkV6, seenV6.EndPoint.AddressFamily);
        Assert.Equal(IPAddress.IPv6Loopback, seenV6.EndPoint.Address);

        // A small record from the IPv4 side, found from the IPv6 side, and a large one (TCP bulk
        // channel, also dual stack on the hub) the other way.
        StoreResult small = await v4.StoreAsync("from IPv4"u8.ToArray());
        byte[] large = new byte[100_000];
        new Random(9).NextBytes(large);
        StoreResult big = await v6.StoreAsync(large);

        FindValueResult smallFound = await v6.FindValueAsync(small.Key);
        FindValueResult bigFound = await v4.FindValueAsync(big.Key);

        Assert.Contains(small.StoredOn, c => c.Id == hub.Self.Id);
        Assert.Contains(big.StoredOn, c => c.Id == hub.Self.Id);
        Assert.True(smallFound.Found);
        Assert.Equal("from IPv4"u8.ToArray(), smallFound.Record!.Value.ToArray());
        Assert.True(bigFound.Found);
        Assert.Equal(large, bigFound.Record!.Value.ToArray());
    }
}
