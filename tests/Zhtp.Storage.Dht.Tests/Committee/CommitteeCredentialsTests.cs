using System.Net;
using Zhtp.Storage.Dht.Committee;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Dht.Tests.Committee;

/// <summary>Network-issued credentials: a 3-of-5 committee on loopback UDP nodes signs an identity's registration.</summary>
public sealed class CommitteeCredentialsTests
{
    private static readonly IPEndPoint AnyLoopback = new(IPAddress.Loopback, 0);

    private static Task<IDhtNode> StartAsync() => DhtNode.CreateAsync(new DhtNodeOptions
    {
        Config = new DhtConfig { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 1 },
        Transport = DatagramTransports.BindUdp(AnyLoopback),
        Signer = NodeSigners.CreateEcdsaP256(),
        MaintenanceInterval = null,
    });

    [Fact(Timeout = 120_000)]
    public async Task IssueAsync_CommitteeSignsTheRegistration_UntilFewerThanThresholdMembersAnswer()
    {
        var nodes = new List<IDhtNode>();
        for (int i = 0; i < 6; i++)
        {
            nodes.Add(await StartAsync());
        }

        IDhtNode client = nodes[5];
        var down = new HashSet<int>();
        try
        {
            Contact[] roster = nodes.Take(5).Select(n => n.Self).ToArray();
            byte[] session = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            ThresholdKeyShare[] keys = await Task.WhenAll(nodes.Take(5).Select((node, k) => CommitteeKeyGeneration.RunAsync(node, roster, new DkgOptions
            {
                SessionId = session,
                Members = 5,
                Threshold = 3,
                Self = k + 1,
                DealTimeout = TimeSpan.FromSeconds(20),
                ComplaintTimeout = TimeSpan.FromSeconds(20),
                RevealTimeout = TimeSpan.FromSeconds(20),
            }, null, CancellationToken.None)));
            for (int k = 0; k < 5; k++)
            {
                CommitteeCredentials.Serve(nodes[k], keys[k], null);
            }

            using ZhtpIdentity identity = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
            IdentityCredential credential = await CommitteeCredentials.IssueAsync(client, roster, keys[0].GroupCommitment, identity, TimeSpan.FromDays(30), null, CancellationToken.None);
            Assert.Equal(identity.Id, credential.Identity);
            Assert.True(credential.Verify(keys[0].GroupPublicKey, DateTimeOffset.UtcNow.AddMinutes(1)));
            Assert.True(IdentityCredential.TryDecode(credential.Encode(), out IdentityCredential? decoded));
            Assert.True(decoded.Verify(keys[0].GroupPublicKey, DateTimeOffset.UtcNow.AddMinutes(1)));

            // Hybrid and post-quantum identities do not fit one datagram: their requests go over the bulk channel.
            foreach (IdentityKind kind in new[] { IdentityKind.Hybrid, IdentityKind.PostQuantum })
            {
                using ZhtpIdentity large = ZhtpIdentity.Create(new IdentityOptions { Kind = kind });
                Assert.True(large.Public.Encode().Length > client.MaxPayloadSize, $"{kind} should not fit a datagram");
                IdentityCredential byRecord = await CommitteeCredentials.IssueAsync(client, roster, keys[0].GroupCommitment, large, TimeSpan.FromDays(30), null, CancellationToken.None);
                Assert.Equal(large.Id, byRecord.Identity);
                Assert.True(byRecord.Verify(keys[0].GroupPublicKey, DateTimeOffset.UtcNow.AddMinutes(1)));
            }

            await nodes[0].DisposeAsync();
            await nodes[3].DisposeAsync();
            down.UnionWith([0, 3]);
            IdentityCredential second = await CommitteeCredentials.IssueAsync(client, roster, keys[0].GroupCommitment, identity, TimeSpan.FromDays(1), null, CancellationToken.None);
            Assert.True(second.Verify(keys[0].GroupPublicKey, DateTimeOffset.UtcNow.AddMinutes(1)));

            await nodes[4].DisposeAsync();
            down.Add(4);
            ThresholdSigningException e = await Assert.ThrowsAsync<ThresholdSigningException>(() =>
                CommitteeCredentials.IssueAsync(client, roster, keys[0].GroupCommitment, identity, TimeSpan.FromDays(1), null, CancellationToken.None));
            Assert.Contains("Only 2 of the 3", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            for (int k = 0; k < nodes.Count; k++)
            {
                if (!down.Contains(k))
                {
                    await nodes[k].DisposeAsync();
                }
            }
        }
    }
}
