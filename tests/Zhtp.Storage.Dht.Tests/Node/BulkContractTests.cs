using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Tests.Node;

/// <summary>
/// Contract operations and application requests whose payload does not fit one datagram go over the
/// bulk channel (TCP in production, the in-memory exchange here): the handler sees the whole payload,
/// the sender is authenticated as for a datagram, and a large reply comes back whole.
/// </summary>
public sealed class BulkContractTests
{
    [Fact(Timeout = 60_000)]
    public async Task DeployContract_LargerThanDatagram_ReachesEveryHolderOverBulk()
    {
        await using NodeCluster cluster = await NodeCluster.StartAsync(8, secure: true);
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<NodeId, (int Length, NodeId Sender, int KeyLength)>();
        foreach (IDhtNode node in cluster.Nodes.Skip(1))
        {
            NodeId self = node.Self.Id;
            node.RegisterContractHandler(new RecordingHandler((context, payload) =>
            {
                seen[self] = (payload.Length, context.Sender.Id, context.SenderPublicKey.Length);
                return ContractReply.Accept(payload[..2000]);
            }));
        }

        IDhtNode renter = cluster.Nodes[0];
        byte[] contract = new byte[6_000];
        new Random(5).NextBytes(contract);
        var id = new DhtKey(Blake3Hashing.Compute(contract));
        Assert.True(contract.Length > renter.MaxPayloadSize);

        ContractResult result = await cluster.RunAsync(() => renter.DeployContractAsync(id, contract));

        Assert.Equal(7, result.Accepted);
        Assert.All(result.Replies.Where(r => r.Holder.Id != renter.Self.Id), r => Assert.True(r.Reply.Payload.Span.SequenceEqual(contract.AsSpan(0, 2000))));
        Assert.Equal(7, seen.Count);
        Assert.All(seen.Values, v => Assert.Equal((contract.Length, renter.Self.Id, renter.PublicKey.Length), v));
        Assert.All(cluster.Nodes, n => Assert.Equal(0, n.GetStats().MessagesDropped));
        await Assert.ThrowsAsync<ArgumentException>(() => renter.DeployContractAsync(id, new byte[ushort.MaxValue + 1]));
    }

    private sealed class RecordingHandler(Func<ContractContext, ReadOnlyMemory<byte>, ContractReply> handle) : IContractHandler
    {
        public ValueTask<ContractReply> HandleAsync(ContractContext context, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
            ValueTask.FromResult(handle(context, payload));

        public ValueTask<ReadOnlyMemory<byte>?> TryGetStateAsync(DhtKey contractId, CancellationToken cancellationToken) =>
            ValueTask.FromResult<ReadOnlyMemory<byte>?>(null);
    }
}
