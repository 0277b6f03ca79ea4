using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Testing;
using Zhtp.Storage.Types;
using Zhtp.Storage.Economic.Attestations;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Tests.Attestations;

/// <summary>
/// BLS holder attestations over a real in-memory DHT of 22 nodes (k = 20): a 64-shard contract (too
/// large for one datagram, so deploy and sign go over the bulk channel) deployed to its 20 closest
/// holders, each acknowledging with a BLS signature the renter aggregates into one and verifies at
/// once; a wrong signature is attributed; holders without BLS keys acknowledge with node signatures.
/// </summary>
public sealed class HolderAttestationDhtTests : IAsyncLifetime
{
    private const int Nodes = 22;
    private const int Shards = 64;

    private readonly ITestOutputHelper _output;
    private readonly List<INodeSigner> _signers = [];
    private readonly List<SecretKey> _blsKeys = [];
    private readonly List<ContractHolder> _holders = [];
    private readonly NetworkClock _dht = NetworkClock.Create(new InMemoryNetworkOptions { LossRate = 0.0 });
    private IReadOnlyList<IDhtNode> _nodes = [];

    public HolderAttestationDhtTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        var config = new DhtConfig { RequestTimeout = TimeSpan.FromMilliseconds(500) };
        _nodes = await _dht.RunAsync(() => _dht.Network.StartNodesAsync(Nodes, config, i =>
        {
            var signer = NodeSigners.CreateEcdsaP256();
            _signers.Add(signer);
            return signer;
        }));
        for (var i = 0; i < Nodes; i++)
        {
            var ikm = new byte[32];
            ikm[0] = (byte)(i + 1);
            ikm[31] = 0x5A;
            _blsKeys.Add(SecretKey.KeyGen(ikm));
            _holders.Add(new ContractHolder(_signers[i]));
        }

        // Node 0 is the renter: it holds nothing, so every deploy has exactly k = 20 remote holders.
        for (var i = 1; i < Nodes; i++)
        {
            Attach(i, blsKey: _blsKeys[i], published: _blsKeys[i]);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var key in _blsKeys)
        {
            key.Dispose();
        }
    }

    [Fact]
    public async Task Contract64Shards_20Holders_RoundTripsWithOneAggregate_AndPeriodCombines()
    {
        var (contract, renter) = SignedContract(seed: 1);
        var keys = new HolderKeyDirectory(_nodes[0], renter);
        var replicator = new DhtContractReplicator(_nodes[0], keys, renter);
        Assert.True(contract.Encode().Length > _nodes[0].MaxPayloadSize, "a 64-shard contract must not fit one datagram");
        _output.WriteLine($"64-shard contract: {contract.Encode().Length} B encoded (datagram payload limit {_nodes[0].MaxPayloadSize} B)");

        var deploy = await _dht.RunAsync(() => replicator.DeployAsync(contract, CancellationToken.None));
        Assert.Equal(20, deploy.Accepted);
        Assert.Empty(deploy.Faults);
        var attestation = Assert.IsType<ContractAttestation>(deploy.Attestation);
        Assert.Equal(20, attestation.BlsSigners.Count);
        Assert.Empty(attestation.NodeSignatures);
        Assert.Equal(96, attestation.Aggregate.Length);
        Assert.Equal(0, attestation.Sequence);
        Assert.Equal(Blake3Hashing.Compute(contract.Encode()), attestation.Subject);
        Assert.True(attestation.Verify(keys.Find, renter));
        Assert.Equal(20, keys.Fetches);

        // Every holder has the whole 64-shard contract.
        var holding = _holders.Select(h => h.Get(contract.ContractId)).OfType<ContractRecord>().ToList();
        Assert.Equal(20, holding.Count);
        Assert.All(holding, r => Assert.Equal(contract, r.Contract));

        // Two transitions: each acknowledged by all 20, keys not fetched again.
        var fund = ContractTransition.Create(contract.ContractId, 1, ContractEvent.Fund, contract.StartsAt, renter);
        var monitor = ContractTransition.Create(contract.ContractId, 2, ContractEvent.BeginMonitoring, contract.StartsAt, renter);
        var attestations = new List<ContractAttestation> { attestation };
        foreach (var transition in new[] { fund, monitor })
        {
            var step = await _dht.RunAsync(() => replicator.ExecuteAsync(transition, CancellationToken.None));
            Assert.Equal(20, step.Accepted);
            Assert.Empty(step.Faults);
            var a = Assert.IsType<ContractAttestation>(step.Attestation);
            Assert.Equal(transition.Sequence, a.Sequence);
            Assert.True(a.Verify(keys.Find, renter));
            attestations.Add(a);
        }

        Assert.Equal(20, keys.Fetches);

        // The deploy and the period's transitions: one 96-byte signature, one AggregateVerify.
        var combined = ContractAttestation.Combine(attestations);
        Assert.Equal(96, combined.Length);
        Assert.True(ContractAttestation.VerifyCombined(attestations, combined, keys.Find));
        Assert.False(ContractAttestation.VerifyCombined(attestations.Take(2).ToList(), combined, keys.Find));
        Assert.False(ContractAttestation.VerifyCombined(attestations, attestations[0].Aggregate.Span, keys.Find));

        // The attestation survives its encoding and still verifies; the statuses of all 20 holders agree. Asked from the
        // renter's node, which holds nothing: its lookup returns the 20 holders. (From a holder, the lookup leaves that
        // holder out and answers locally only when it is among the k closest: with random node ids, 1 run in ~20 got 19.)
        Assert.True(ContractAttestation.Decode(attestation.Encode()).Verify(keys.Find, renter));
        var statuses = await _dht.RunAsync(() => new DhtContractReplicator(_nodes[0]).QueryAsync(contract.ContractId, CancellationToken.None));
        Assert.Equal(20, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(2, s.Sequence));
    }

    [Fact]
    public async Task WrongOrMissingHolderSignature_FailsTheAggregate_AndIsAttributed()
    {
        var (contract, renter) = SignedContract(seed: 2);
        var holderIds = await _dht.RunAsync(() => _nodes[0].FindNodeAsync(new DhtKey(contract.ContractId)));
        var wrong = _nodes.Select((n, i) => (n, i)).First(x => x.n.Self.Id == holderIds[0].Id).i;
        var silent = _nodes.Select((n, i) => (n, i)).First(x => x.n.Self.Id == holderIds[1].Id).i;

        // "wrong" publishes one BLS key and signs with another; "silent" accepts without acknowledging.
        Attach(wrong, blsKey: _blsKeys[0], published: _blsKeys[wrong]);
        _nodes[silent].RegisterContractHandler(new DhtContractHandler(_holders[silent]));

        var keys = new HolderKeyDirectory(_nodes[0], renter);
        var deploy = await _dht.RunAsync(() => new DhtContractReplicator(_nodes[0], keys, renter).DeployAsync(contract, CancellationToken.None));
        Assert.Equal(20, deploy.Accepted);
        Assert.Equal(2, deploy.Faults.Count);
        Assert.Contains(deploy.Faults, f => f.Holder == _nodes[wrong].Self.Id && f.Reason.Contains("BLS signature does not verify", StringComparison.Ordinal));
        Assert.Contains(deploy.Faults, f => f.Holder == _nodes[silent].Self.Id && f.Reason.Contains("without an acknowledgement", StringComparison.Ordinal));
        var attestation = Assert.IsType<ContractAttestation>(deploy.Attestation);
        Assert.Equal(18, attestation.BlsSigners.Count);
        Assert.DoesNotContain(_nodes[wrong].Self.Id, attestation.BlsSigners);
        Assert.True(attestation.Verify(keys.Find, renter));

        // The wrong holder's key is forgotten (it may have rotated), so look it up again for the checks below.
        Assert.Null(keys.Find(_nodes[wrong].Self.Id));
        Assert.Null((await _dht.RunAsync(() => keys.GetAsync(_nodes[wrong].Self, CancellationToken.None))).Error);

        // Listing the wrong holder with its bad signature in the aggregate: the aggregate fails.
        var statement = attestation.Statement();
        var withBad = attestation with
        {
            BlsSigners = [.. attestation.BlsSigners, _nodes[wrong].Self.Id],
            Aggregate = Signature.Aggregate([Signature.FromBytes(attestation.Aggregate.Span), _blsKeys[0].Sign(statement)]).ToBytes(),
        };
        Assert.False(withBad.Verify(keys.Find, renter));

        // Listing a holder whose signature is missing from the aggregate: fails.
        var missing = attestation with { BlsSigners = [.. attestation.BlsSigners, _nodes[wrong].Self.Id] };
        Assert.False(missing.Verify(keys.Find, renter));

        // Dropping a listed signer whose signature is in the aggregate: fails; a duplicate signer: fails.
        Assert.False((attestation with { BlsSigners = attestation.BlsSigners.Skip(1).ToList() }).Verify(keys.Find, renter));
        Assert.False((attestation with { BlsSigners = [.. attestation.BlsSigners, attestation.BlsSigners[0]] }).Verify(keys.Find, renter));

        // A signature over another step does not pass as this one.
        Assert.False((attestation with { Sequence = 1 }).Verify(keys.Find, renter));
    }

    [Fact]
    public async Task HoldersWithoutBlsKeys_AcknowledgeWithNodeSignatures_AndBytesAreMeasured()
    {
        var (blsContract, renter) = SignedContract(seed: 3);
        var keys = new HolderKeyDirectory(_nodes[0], renter);
        var replicator = new DhtContractReplicator(_nodes[0], keys, renter);
        var blsReplies = await _dht.RunAsync(() => _nodes[0].DeployContractAsync(new DhtKey(blsContract.ContractId), blsContract.Encode()));
        var bls = await _dht.RunAsync(() => replicator.ExecuteAsync(ContractTransition.Create(blsContract.ContractId, 1, ContractEvent.Fund, blsContract.StartsAt, renter), CancellationToken.None));

        // Every holder drops its BLS key: the per-holder ECDSA path of nodes without one.
        for (var i = 1; i < Nodes; i++)
        {
            Attach(i, blsKey: null, published: null);
        }

        var (ecdsaContract, _) = SignedContract(seed: 5);
        var ecdsaReplies = await _dht.RunAsync(() => _nodes[0].DeployContractAsync(new DhtKey(ecdsaContract.ContractId), ecdsaContract.Encode()));
        var ecdsa = await _dht.RunAsync(() => replicator.ExecuteAsync(ContractTransition.Create(ecdsaContract.ContractId, 1, ContractEvent.Fund, ecdsaContract.StartsAt, renter), CancellationToken.None));

        Assert.Equal(20, ecdsa.Accepted);
        Assert.Empty(ecdsa.Faults);
        var node = Assert.IsType<ContractAttestation>(ecdsa.Attestation);
        Assert.Empty(node.BlsSigners);
        Assert.True(node.Aggregate.IsEmpty);
        Assert.Equal(20, node.NodeSignatures.Count);
        Assert.True(node.Verify(keys.Find, renter));
        Assert.False((node with { Sequence = 2 }).Verify(keys.Find, renter));
        var aggregated = Assert.IsType<ContractAttestation>(bls.Attestation);
        Assert.Equal(20, aggregated.BlsSigners.Count);

        // Bytes: the acknowledgement payloads the 20 holders sent (each inside one ContractReply datagram),
        // and the attestation the renter keeps or forwards.
        var blsAckBytes = blsReplies.Replies.Where(r => r.Reply.Accepted).Sum(r => r.Reply.Payload.Length);
        var ecdsaAckBytes = ecdsaReplies.Replies.Where(r => r.Reply.Accepted).Sum(r => r.Reply.Payload.Length);
        var blsAttestation = aggregated.Encode().Length;
        var ecdsaAttestation = node.Encode().Length;
        _output.WriteLine($"k=20 acknowledgement payloads: BLS {blsAckBytes} B ({blsAckBytes / 20} each), ECDSA {ecdsaAckBytes} B ({ecdsaAckBytes / 20} each)");
        _output.WriteLine($"k=20 attestation: BLS aggregate {blsAttestation} B (signatures {aggregated.Aggregate.Length} B), ECDSA per holder {ecdsaAttestation} B (signatures {node.NodeSignatures.Sum(s => s.Signature.Length)} B, keys {node.NodeSignatures.Sum(s => s.NodeKey.Length)} B)");
        Assert.Equal(20 * 102, blsAckBytes);
        Assert.Equal(20 * 135, ecdsaAckBytes);
        Assert.True(blsAttestation * 3 < ecdsaAttestation, $"{blsAttestation} vs {ecdsaAttestation}");
    }

    [Fact]
    public async Task RogueKey_WithoutProofOfPossession_IsRefused()
    {
        var (contract, renter) = SignedContract(seed: 4);
        var holderIds = await _dht.RunAsync(() => _nodes[0].FindNodeAsync(new DhtKey(contract.ContractId)));
        var victim = _nodes.Select((n, i) => (n, i)).First(x => x.n.Self.Id == holderIds[0].Id).i;
        var rogue = _nodes.Select((n, i) => (n, i)).First(x => x.n.Self.Id == holderIds[1].Id).i;

        // The rogue key pk_r = [x]G − pk_victim: pk_victim + pk_r = [x]G, so one signature by x "is" both.
        using var x = SecretKey.KeyGen(Enumerable.Repeat((byte)0x77, 32).ToArray());
        using var negatedVictim = SecretKey.FromBytes(Negate(_blsKeys[victim].ToBytes()));
        var rogueKey = PublicKey.Aggregate([x.PublicKey, negatedVictim.PublicKey]);
        var statement = ContractAttestation.Statement(contract.ContractId, 0, Blake3Hashing.Compute(contract.Encode()));
        var forged = x.Sign(statement);
        Assert.True(Bls.FastAggregateVerify([_blsKeys[victim].PublicKey, rogueKey], statement, forged), "without possession proofs the rogue key forges the victim's acknowledgement");

        // The rogue holder cannot prove possession of pk_r: any proof it can make (here x's) fails.
        var published = new HolderKey(_signers[rogue].PublicKey, rogueKey, x.ProvePossession(), default);
        published = published with { Signature = _signers[rogue].Sign(HolderKeyBody(published)) };
        Assert.False(published.Verify(renter));
        _nodes[rogue].RegisterRequestHandler(HolderKeyDirectory.Protocol, (_, _, _) => ValueTask.FromResult<ReadOnlyMemory<byte>>(published.Encode()));
        _nodes[rogue].RegisterContractHandler(new DhtContractHandler(_holders[rogue], new RogueAttestor(forged)));

        var keys = new HolderKeyDirectory(_nodes[0], renter);
        var deploy = await _dht.RunAsync(() => new DhtContractReplicator(_nodes[0], keys, renter).DeployAsync(contract, CancellationToken.None));
        var fault = Assert.Single(deploy.Faults);
        Assert.Equal(_nodes[rogue].Self.Id, fault.Holder);
        Assert.Contains("proof of possession", fault.Reason, StringComparison.Ordinal);
        Assert.Null(keys.Find(_nodes[rogue].Self.Id));
        Assert.False(keys.Add(published));
        var attestation = Assert.IsType<ContractAttestation>(deploy.Attestation);
        Assert.Equal(19, attestation.BlsSigners.Count);
        Assert.True(attestation.Verify(keys.Find, renter));

        // Even listed by hand, the rogue holder has no key here, so an attestation naming it does not verify.
        var claimed = new ContractAttestation(attestation.ContractId, 0, attestation.Subject, [_nodes[victim].Self.Id, _nodes[rogue].Self.Id], forged.ToBytes(), []);
        Assert.False(claimed.Verify(keys.Find, renter));
    }

    [Fact]
    public async Task Audits_OverTheDht_BlsAnswersCheckedUnderFetchedKeys_AggregateVerifies_WrongKeyCharged()
    {
        var renter = _signers[0];
        var keys = new HolderKeyDirectory(_nodes[0], renter);
        var quality = new QualityAssurance(new DhtAuditChannel(_nodes[0]), new FakeTimeProvider(EconomyHarness.Start), new Random(5), renter, keys);
        using var wrong = SecretKey.KeyGen(Enumerable.Repeat((byte)0x33, 32).ToArray());

        // Hosts 1 and 2 answer with their published BLS keys, host 3 with a key other than its published one, host 4 with its node key.
        var contracts = new Dictionary<int, StorageContract>
        {
            [1] = ServeAudits(1, _blsKeys[1]),
            [2] = ServeAudits(2, _blsKeys[2]),
            [3] = ServeAudits(3, wrong),
            [4] = ServeAudits(4, null),
        };
        var kept = new List<AuditResponse>();
        foreach (var host in new[] { 1, 2, 1, 2, 1, 2 })
        {
            var (outcome, answer) = await _dht.RunAsync(() => quality.AuditWithAnswerAsync(contracts[host], CancellationToken.None));
            Assert.Equal(AuditResult.Passed, outcome.Result);
            Assert.Equal(AuditSignatureKind.Bls, Assert.IsType<AuditResponse>(answer).Kind);
            kept.Add(answer!);
        }

        Assert.Equal(2, keys.Fetches);
        var (bad, badAnswer) = await _dht.RunAsync(() => quality.AuditWithAnswerAsync(contracts[3], CancellationToken.None));
        Assert.Equal(AuditResult.InvalidProof, bad.Result);
        Assert.Equal(contracts[3].ContractId, bad.ContractId);
        Assert.Null(badAnswer);
        Assert.Null(keys.Find(_nodes[3].Self.Id));
        var (node, nodeAnswer) = await _dht.RunAsync(() => quality.AuditWithAnswerAsync(contracts[4], CancellationToken.None));
        Assert.Equal(AuditResult.Passed, node.Result);
        Assert.Null(nodeAnswer);

        var period = AuditPeriodAttestation.Create(0, kept);
        Assert.True(period.Verify(keys.Find));
        Assert.False((period with { Answers = kept.Take(5).ToList() }).Verify(keys.Find));
    }

    private StorageContract ServeAudits(int host, SecretKey? blsKey)
    {
        var time = new FakeTimeProvider(EconomyHarness.Start);
        var random = new Random(host);
        var store = new MemoryShardStore();
        var terms = new List<ShardTerms>();
        for (var i = 0; i < 2; i++)
        {
            var bytes = new byte[3000 + (i * 700)];
            random.NextBytes(bytes);
            var id = Blake3Hashing.Compute(bytes);
            store.Put(id, bytes);
            terms.Add(new ShardTerms(id, bytes.Length, ShardMerkleTree.ComputeRoot(bytes)));
        }

        var pricing = new PricingEngine(new EconomicConfig());
        var quote = new QuoteIssuer(pricing, _signers[host], time, random).Issue(new QuoteRequest(terms.Sum(s => s.SizeBytes), TimeSpan.FromDays(2), StorageTier.Warm, 3), MarketConditions.Default);
        var draft = ContractDrafts.ForPlacement(quote, _signers[0].PublicKey, [_signers[host].PublicKey], terms, time.GetUtcNow(), TimeSpan.FromDays(1))[0];
        DhtAuditChannel.Serve(_nodes[host], new AuditResponder(_signers[host], store, blsKey));
        return new HostAgent(_signers[host], store, pricing, _signers[host], time).Sign(draft.SignAsRenter(_signers[0]), quote);
    }

    private void Attach(int index, SecretKey? blsKey, SecretKey? published)
    {
        var attestor = new HolderAttestor(_signers[index], blsKey);
        _nodes[index].RegisterContractHandler(new DhtContractHandler(_holders[index], attestor));
        if (published is not null)
        {
            HolderKeyDirectory.Serve(_nodes[index], HolderKey.Create(_signers[index], published));
        }
    }

    private (StorageContract Contract, INodeSigner Renter) SignedContract(int seed)
    {
        var renter = _signers[0];
        var contract = SignedContracts.Build(renter, Shards, new Random(seed * 7919), random => 600 + random.Next(400));
        Assert.Equal(Shards, contract.Shards.Count);
        return (contract, renter);
    }

    private static byte[] HolderKeyBody(HolderKey key) =>
        [.. System.Text.Encoding.ASCII.GetBytes(HolderKey.Domain), 0, .. key.NodeKey.Span, .. key.BlsKey.ToBytes(), .. key.Possession.ToBytes()];

    // r − sk (mod r), big-endian: the secret key of −pk.
    private static byte[] Negate(byte[] secret)
    {
        var r = System.Numerics.BigInteger.Parse("073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(secret, isUnsigned: true, isBigEndian: true);
        var negated = (r - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[32 - negated.Length], .. negated];
    }

    /// <summary>A holder that acknowledges with a fixed (forged) BLS signature.</summary>
    private sealed class RogueAttestor(Signature forged) : IHolderAcknowledger
    {
        public byte[] Acknowledge(Hash256 contractId, long sequence, ReadOnlySpan<byte> encoded) => new HolderAck(HolderAck.Bls, forged.ToBytes(), default).Encode();
    }
}
