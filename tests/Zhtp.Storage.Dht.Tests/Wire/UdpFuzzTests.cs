using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;
using Zhtp.Storage.Dht.Records;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Wire;

public sealed class UdpFuzzTests(ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public Task Fuzz_100kRandomAndMutatedDatagrams_NodeSurvivesAndCountersAddUp() => FuzzAsync(100_000, seed: 1);

    [Fact(Timeout = 3_600_000)]
    [Trait("Category", "Soak")]
    public Task Fuzz_1MRandomAndMutatedDatagrams_NodeSurvivesAndCountersAddUp() => FuzzAsync(1_000_000, seed: 2);

    private async Task FuzzAsync(int count, int seed)
    {
        var config = new DhtConfig { RequestTimeout = TimeSpan.FromSeconds(2), StorageQuotaBytes = 1 << 20 };
        await using IDhtNode node = await DhtNode.CreateAsync(config, DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)), NodeSigners.CreateEcdsaP256());
        await using IDhtNode client = await DhtNode.CreateAsync(config, DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)), NodeSigners.CreateEcdsaP256());
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(seed);
        List<byte[]> corpus = Corpus(random);
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        int pings = 0;
        byte[] buffer = new byte[2048];
        for (int i = 0; i < count; i++)
        {
            int length = Mutate(random, corpus, buffer);
            socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, node.Self.EndPoint);
            if (i % 500 == 499)
            {
                // Flow control: a ping round trip means every earlier datagram has been processed.
                Assert.NotNull(await client.PingAsync(node.Self.EndPoint));
                pings++;
            }
        }

        Assert.NotNull(await client.PingAsync(node.Self.EndPoint));
        pings++;
        DhtStats stats = node.GetStats();
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"received={stats.MessagesReceived} accepted={stats.MessagesAccepted} drops={string.Join(", ", stats.DropsByReason.Select(p => $"{p.Key}={p.Value}"))} memory={(memoryAfter - memoryBefore) / 1024} KiB");

        Assert.Equal(stats.MessagesReceived, stats.MessagesAccepted + stats.MessagesDropped);
        Assert.True(stats.MessagesReceived >= count * 0.99 + pings, $"received {stats.MessagesReceived} of {count + pings}");
        Assert.True(stats.MessagesDropped >= count * 0.9, $"only {stats.MessagesDropped} dropped");
        Assert.True(memoryAfter - memoryBefore < 64L * 1024 * 1024, $"memory grew by {memoryAfter - memoryBefore} bytes");
    }

    private static List<byte[]> Corpus(Random random)
    {
        INodeSigner signer = NodeSigners.CreateEcdsaP256();
        NodeId id = NodeId.FromPublicKey(signer.PublicKey.Span);
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var key = new DhtKey(Hash256.Random(random));
        DhtRecord record = RecordValidation.Immutable(new byte[100], DateTimeOffset.UtcNow.AddHours(1));
        var contacts = Enumerable.Range(0, 20).Select(i => new Contact(new NodeId(Hash256.Random(random)), new IPEndPoint(IPAddress.Loopback, 4000 + i))).ToList();
        (MessageType Type, IMessageBody Body)[] messages =
        [
            (MessageType.Ping, EmptyBody.Instance),
            (MessageType.FindNode, new KeyBody(key)),
            (MessageType.FindValue, new KeyBody(key)),
            (MessageType.Store, new RecordBody(record, 3600)),
            (MessageType.Nodes, new NodesBody(contacts)),
            (MessageType.ContractDeploy, new ContractBody(key, new byte[50])),
            (MessageType.AppRequest, new AppRequestBody("zhtp/audit/1", new byte[30])),
            (MessageType.Error, new ErrorBody(DhtErrorCode.StorageFull, "full")),
        ];
        return messages.Select(m => EnvelopeCodec.Encode(m.Type, (ulong)random.NextInt64(), id, signer, now, m.Body)).ToList();
    }

    private static int Mutate(Random random, List<byte[]> corpus, byte[] buffer)
    {
        int kind = random.Next(6);
        if (kind == 0)
        {
            int length = random.Next(0, 1500);
            random.NextBytes(buffer.AsSpan(0, length));
            return length;
        }

        byte[] source = corpus[random.Next(corpus.Count)];
        source.CopyTo(buffer, 0);
        int size = source.Length;
        switch (kind)
        {
            case 1:
                for (int flips = random.Next(1, 5); flips > 0; flips--)
                {
                    buffer[random.Next(size)] ^= (byte)(1 << random.Next(8));
                }

                return size;
            case 2:
                return random.Next(0, size);
            case 3:
                int at = random.Next(size);
                buffer[at] = (byte)random.Next(256);
                return size;
            case 4:
                int extra = random.Next(1, 200);
                random.NextBytes(buffer.AsSpan(size, extra));
                return size + extra;
            default:
                // A replay of a valid datagram (accepted at most once).
                return size;
        }
    }
}
