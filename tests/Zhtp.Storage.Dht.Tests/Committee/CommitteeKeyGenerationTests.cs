using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;
using Zhtp.Storage.Dht.Committee;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

namespace Zhtp.Storage.Dht.Tests.Committee;

/// <summary>The DKG over real UDP DHT nodes on 127.0.0.1 (real time; outcomes asserted, phase timeouts generous).</summary>
public sealed class CommitteeKeyGenerationTests(ITestOutputHelper output)
{
    private static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);
    private static readonly byte[] Message = "registration record"u8.ToArray();

    private static async Task<List<IDhtNode>> StartNodesAsync(int n)
    {
        var nodes = new List<IDhtNode>();
        for (int i = 0; i < n; i++)
        {
            nodes.Add(await DhtNode.CreateAsync(new DhtNodeOptions
            {
                Config = new DhtConfig { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2 },
                Transport = DatagramTransports.BindUdp(AnyLoopback),
                Signer = NodeSigners.CreateEcdsaP256(),
                MaintenanceInterval = null,
            }));
        }

        return nodes;
    }

    private static async Task DisposeAllAsync(IEnumerable<IDhtNode> nodes)
    {
        foreach (IDhtNode n in nodes)
        {
            await n.DisposeAsync();
        }
    }

    private static Task<ThresholdKeyShare>[] RunAll(IEnumerable<IDhtNode> members, Contact[] roster, int t, TimeSpan phase)
    {
        byte[] session = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        return members.Select((node, k) => CommitteeKeyGeneration.RunAsync(node, roster, Options(session, roster.Length, t, k + 1, phase), null, CancellationToken.None)).ToArray();
    }

    private static DkgOptions Options(byte[] session, int n, int t, int self, TimeSpan phase) => new()
    {
        SessionId = session,
        Members = n,
        Threshold = t,
        Self = self,
        DealTimeout = phase,
        ComplaintTimeout = phase,
        RevealTimeout = phase,
    };

    [Fact(Timeout = 120_000)]
    public async Task RunAsync_FiveLoopbackNodes_AgreeOnAGroupKeyThatAnyThreeCanSignFor()
    {
        List<IDhtNode> nodes = await StartNodesAsync(5);
        try
        {
            Contact[] roster = nodes.Select(n => n.Self).ToArray();
            var clock = Stopwatch.StartNew();
            ThresholdKeyShare[] keys = await Task.WhenAll(RunAll(nodes, roster, 3, TimeSpan.FromSeconds(20)));
            output.WriteLine($"DKG n=5 t=3 over loopback: {clock.ElapsedMilliseconds} ms");

            Assert.All(keys, k => Assert.Equal(keys[0].GroupPublicKey, k.GroupPublicKey));
            Assert.All(keys, k => Assert.Equal([1, 2, 3, 4, 5], k.QualifiedDealers));
            Assert.All(keys, k => Assert.True(k.GroupCommitment.VerifyShare(k.Share)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "an all-honest run ends early, before the first deadline");

            PartialSignature[] partials = [keys[4].Share.Sign(Message), keys[0].Share.Sign(Message), keys[2].Share.Sign(Message)];
            Assert.All(partials, p => Assert.True(ThresholdBls.VerifyPartial(keys[0].GroupCommitment, Message, p)));
            Assert.True(Bls.Verify(keys[0].GroupPublicKey, Message, ThresholdBls.Combine(partials)));
            Assert.False(Bls.Verify(keys[0].GroupPublicKey, Message, ThresholdBls.Combine(partials[..2])));
            foreach (ThresholdKeyShare k in keys)
            {
                k.Dispose();
            }
        }
        finally
        {
            await DisposeAllAsync(nodes);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task RunAsync_AMemberNodeIsDown_TheOthersCompleteWithoutItAfterTheDeadlines()
    {
        List<IDhtNode> nodes = await StartNodesAsync(5);
        try
        {
            Contact[] roster = nodes.Select(n => n.Self).ToArray();
            await nodes[4].DisposeAsync();
            ThresholdKeyShare[] keys = await Task.WhenAll(RunAll(nodes.Take(4), roster, 3, TimeSpan.FromSeconds(3)));
            Assert.All(keys, k => Assert.Equal([1, 2, 3, 4], k.QualifiedDealers));
            Assert.All(keys, k => Assert.Equal(keys[0].GroupPublicKey, k.GroupPublicKey));
            Assert.True(Bls.Verify(keys[0].GroupPublicKey, Message, ThresholdBls.Combine(keys[1..].Select(k => k.Share.Sign(Message)).ToArray())));
        }
        finally
        {
            await DisposeAllAsync(nodes.Take(4));
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task RunAsync_FewerThanThresholdMembersUp_FailsWithDkgFailedException()
    {
        List<IDhtNode> nodes = await StartNodesAsync(4);
        try
        {
            Contact[] roster = nodes.Select(n => n.Self).ToArray();
            await nodes[2].DisposeAsync();
            await nodes[3].DisposeAsync();
            foreach (Task<ThresholdKeyShare> run in RunAll(nodes.Take(2), roster, 3, TimeSpan.FromSeconds(2)))
            {
                DkgFailedException e = await Assert.ThrowsAsync<DkgFailedException>(() => run);
                Assert.Contains("Only 2 of 4", e.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            await DisposeAllAsync(nodes.Take(2));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task RunAsync_RosterThatDoesNotMatchTheNode_Throws()
    {
        List<IDhtNode> nodes = await StartNodesAsync(2);
        try
        {
            Contact[] roster = nodes.Select(n => n.Self).ToArray();
            await Assert.ThrowsAsync<ArgumentException>(() => CommitteeKeyGeneration.RunAsync(nodes[0], roster, Options(new byte[32], 2, 2, 2, TimeSpan.FromSeconds(1)), null, CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => CommitteeKeyGeneration.RunAsync(nodes[0], roster, Options(new byte[32], 3, 2, 1, TimeSpan.FromSeconds(1)), null, CancellationToken.None));
        }
        finally
        {
            await DisposeAllAsync(nodes);
        }
    }
}
