using System.Net;
using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Routing;

public sealed class RoutingSnapshotTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("zhtp-snapshot-");

    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void WriteThenRead_IPv4AndIPv6Contacts_ComeBackWithTheirFamily()
    {
        var random = new Random(5);
        Contact[] contacts =
        [
            new(new NodeId(Hash256.Random(random)), IPEndPoint.Parse("127.0.0.1:4000")),
            new(new NodeId(Hash256.Random(random)), IPEndPoint.Parse("[::1]:4001")),
            new(new NodeId(Hash256.Random(random)), IPEndPoint.Parse("[2001:db8::7]:65535")),
        ];

        RoutingSnapshot.Write(PathOf("a"), contacts);

        Assert.Equal(contacts, RoutingSnapshot.Read(PathOf("a")));
        Assert.False(File.Exists(PathOf("a") + ".tmp"));
    }

    [Fact]
    public void Read_MissingTruncatedOrForeignFile_IsEmpty()
    {
        var random = new Random(6);
        RoutingSnapshot.Write(PathOf("good"), Enumerable.Range(0, 10).Select(i => new Contact(new NodeId(Hash256.Random(random)), new IPEndPoint(IPAddress.Loopback, 5000 + i))).ToList());
        byte[] good = File.ReadAllBytes(PathOf("good"));
        File.WriteAllBytes(PathOf("truncated"), good[..^7]);
        File.WriteAllBytes(PathOf("trailing"), [.. good, 0xC0]);
        File.WriteAllBytes(PathOf("foreign"), "not a snapshot"u8.ToArray());
        byte[] otherVersion = (byte[])good.Clone();
        otherVersion[1] = 2;
        File.WriteAllBytes(PathOf("version"), otherVersion);

        Assert.Equal(10, RoutingSnapshot.Read(PathOf("good")).Count);
        Assert.Empty(RoutingSnapshot.Read(PathOf("missing")));
        Assert.Empty(RoutingSnapshot.Read(PathOf("truncated")));
        Assert.Empty(RoutingSnapshot.Read(PathOf("trailing")));
        Assert.Empty(RoutingSnapshot.Read(PathOf("foreign")));
        Assert.Empty(RoutingSnapshot.Read(PathOf("version")));
    }
}
