using System.Net;
using Microsoft.Extensions.Time.Testing;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Economic.Attestations;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Economic.Tests.Attestations;

/// <summary>
/// The 64-shard, k = 20 deploy over real UDP nodes on 127.0.0.1: the contract goes over the TCP bulk
/// channel to every holder, and the 20 BLS acknowledgements come back and verify as one aggregate.
/// </summary>
public sealed class LoopbackAttestationTests
{
    [Fact(Timeout = 180_000)]
    public async Task Contract64Shards_To20LoopbackHolders_OverTcp_VerifiesAsOneAggregate()
    {
        var signers = Enumerable.Range(0, 22).Select(_ => NodeSigners.CreateEcdsaP256()).ToList();
        var nodes = new List<IDhtNode>();
        try
        {
            foreach (var signer in signers)
            {
                nodes.Add(await DhtNode.CreateAsync(new DhtNodeOptions
                {
                    Config = new DhtConfig { RequestTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2 },
                    Transport = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)),
                    Signer = signer,
                    MaintenanceInterval = null,
                }));
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
            foreach (var node in nodes.Skip(1))
            {
                await node.JoinAsync([nodes[0].Self.EndPoint], timeout.Token);
            }

            await nodes[0].JoinAsync([nodes[1].Self.EndPoint], timeout.Token);
            var blsKeys = new List<Types.Cryptography.Bls12381.SecretKey>();
            for (var i = 1; i < nodes.Count; i++)
            {
                var key = Types.Cryptography.Bls12381.SecretKey.KeyGen(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                blsKeys.Add(key);
                var attestor = new HolderAttestor(signers[i], key);
                nodes[i].RegisterContractHandler(new DhtContractHandler(new ContractHolder(signers[i]), attestor));
                HolderKeyDirectory.Serve(nodes[i], attestor.Key!);
            }

            var contract = SixtyFourShardContract(signers[0]);
            Assert.True(contract.Encode().Length > nodes[0].MaxPayloadSize);
            var keys = new HolderKeyDirectory(nodes[0], signers[0]);
            var deploy = await new DhtContractReplicator(nodes[0], keys, signers[0]).DeployAsync(contract, timeout.Token);

            Assert.True(deploy.Errors.All(e => e.Contains("no-handler", StringComparison.Ordinal)), string.Join("; ", deploy.Errors));
            Assert.Equal(20, deploy.Accepted);
            Assert.Empty(deploy.Faults);
            var attestation = Assert.IsType<ContractAttestation>(deploy.Attestation);
            Assert.Equal(20, attestation.BlsSigners.Count);
            Assert.True(attestation.Verify(keys.Find, signers[0]));
            foreach (var key in blsKeys)
            {
                key.Dispose();
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            foreach (var signer in signers)
            {
                signer.Dispose();
            }
        }
    }

    private static StorageContract SixtyFourShardContract(INodeSigner renter) =>
        SignedContracts.Build(renter, 64, new Random(64), _ => 700);
}
