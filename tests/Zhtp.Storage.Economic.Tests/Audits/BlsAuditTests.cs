using System.Collections.Concurrent;
using Xunit.Abstractions;
using Zhtp.Storage.Economic.Attestations;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Tests.Audits;

/// <summary>
/// Audit answers signed with hosts' BLS holder keys: verified one by one on arrival (a bad one is
/// charged to its host), and a period's answers kept as one 96-byte aggregate checked with one
/// AggregateVerify; hosts without a BLS key keep answering with their node keys.
/// </summary>
public sealed class BlsAuditTests(ITestOutputHelper output)
{
    private static SecretKey Key(int seed) => SecretKey.KeyGen(Enumerable.Repeat((byte)(seed + 40), 32).ToArray());

    /// <summary>Hosts 0..bls-1 answer with BLS keys (published in the returned directory), the rest with node keys.</summary>
    private static (EconomyHarness Harness, TestAuditKeys Keys, List<SecretKey> Secrets) Setup(int hosts, int bls)
    {
        var keys = new TestAuditKeys();
        var harness = new EconomyHarness(hosts: hosts, auditKeys: keys);
        var secrets = new List<SecretKey>();
        for (var h = 0; h < bls; h++)
        {
            var secret = Key(h);
            secrets.Add(secret);
            keys.Publish(harness.HostSigners[h].PublicKey, secret.PublicKey);
            harness.Network.Add(harness.HostSigners[h].PublicKey, new AuditResponder(harness.HostSigners[h], harness.Stores[h], secret));
        }

        return (harness, keys, secrets);
    }

    private static async Task<List<AuditResponse>> AuditAsync(EconomyHarness harness, int hosts, int perHost)
    {
        var answers = new List<AuditResponse>();
        for (var h = 0; h < hosts; h++)
        {
            var contract = harness.SignedContract(h);
            for (var i = 0; i < perHost; i++)
            {
                answers.Add(await ChallengeAsync(harness, contract));
            }
        }

        return answers;
    }

    private static async Task<AuditResponse> ChallengeAsync(EconomyHarness harness, StorageContract contract)
    {
        var shard = contract.Shards[0];
        var nonce = new byte[16];
        harness.Random.NextBytes(nonce);
        var challenge = new AuditChallenge(contract.ContractId, shard.ShardId, harness.Random.NextInt64(ShardMerkleTree.LeafCount(shard.SizeBytes)), nonce);
        var answer = await harness.Network.ChallengeAsync(contract.HostKey, challenge, CancellationToken.None);
        Assert.NotNull(answer);
        return answer;
    }

    [Fact]
    public async Task PeriodAggregate_SeveralAuditsAcrossHosts_VerifiesWithOneAggregateVerify()
    {
        var (harness, keys, secrets) = Setup(hosts: 3, bls: 3);
        using var _ = harness;
        var answers = await AuditAsync(harness, hosts: 3, perHost: 4);

        Assert.All(answers, a => Assert.Equal(AuditSignatureKind.Bls, a.Kind));
        Assert.All(answers, a => Assert.True(a.VerifyBls(keys.Find(NodeId.FromPublicKey(a.HostKey.Span))!)));
        var attestation = AuditPeriodAttestation.Create(0, answers);

        Assert.Equal(12, attestation.Answers.Count);
        Assert.Equal(Signature.Size, attestation.Aggregate.Length);
        Assert.All(attestation.Answers, a => Assert.True(a.Signature.IsEmpty));
        Assert.True(attestation.Verify(keys.Find));
        Assert.Equal(AuditSignatureKind.Bls, AuditResponse.Decode(answers[0].Encode(), answers[0].Challenge, answers[0].HostKey).Kind);
        secrets.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task PeriodAggregate_Tampered_FailsToVerify()
    {
        var (harness, keys, secrets) = Setup(hosts: 3, bls: 3);
        using var _ = harness;
        var answers = await AuditAsync(harness, hosts: 3, perHost: 3);
        var good = AuditPeriodAttestation.Create(0, answers);
        Assert.True(good.Verify(keys.Find));

        // One answer's statement changed: it now claims the shard is missing.
        var changed = good.Answers.ToList();
        changed[4] = changed[4] with { Missing = true, Proof = null };
        Assert.False((good with { Answers = changed }).Verify(keys.Find));

        // Another challenge (other nonce) slipped under an answer.
        changed = good.Answers.ToList();
        changed[2] = changed[2] with { Challenge = changed[2].Challenge with { Nonce = new byte[16] } };
        Assert.False((good with { Answers = changed }).Verify(keys.Find));

        // A signer dropped: its statement removed, the aggregate left as it was.
        Assert.False((good with { Answers = good.Answers.Skip(1).ToList() }).Verify(keys.Find));

        // A foreign signature added to the aggregate.
        using var foreign = Key(99);
        var withForeign = Signature.Aggregate([Signature.FromBytes(good.Aggregate), foreign.Sign(answers[0].SignedMessage())]).ToBytes();
        Assert.False((good with { Aggregate = withForeign }).Verify(keys.Find));

        // A duplicate: the same answer twice, with its signature counted twice (a bare AggregateVerify accepts this).
        var duplicated = answers.Append(answers[0]).ToList();
        var twice = AuditPeriodAttestation.Create(0, duplicated);
        Assert.True(Bls.AggregateVerify(
            duplicated.Select(a => keys.Find(NodeId.FromPublicKey(a.HostKey.Span))!).ToList(), duplicated.Select(a => a.SignedMessage()).ToList(), Signature.FromBytes(twice.Aggregate)));
        Assert.False(twice.Verify(keys.Find));

        // A host's key swapped for another host's, an unknown host, a node-key answer inside, a bad aggregate.
        var hostOf0 = NodeId.FromPublicKey(answers[0].HostKey.Span);
        Assert.False(good.Verify(id => id == hostOf0 ? secrets[1].PublicKey : keys.Find(id)));
        Assert.False(good.Verify(id => id == hostOf0 ? null : keys.Find(id)));
        changed = good.Answers.ToList();
        changed[0] = changed[0] with { Kind = AuditSignatureKind.NodeKey };
        Assert.False((good with { Answers = changed }).Verify(keys.Find));
        Assert.False((good with { Aggregate = new byte[Signature.Size] }).Verify(keys.Find));
        Assert.False((good with { Answers = [] }).Verify(keys.Find));
        secrets.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task ContractManager_ClosedPeriod_KeepsOneAggregateOfTheBlsAnswers_NodeKeyHostsStillAudited()
    {
        var (harness, keys, secrets) = Setup(hosts: 2, bls: 1);
        using var _ = harness;
        harness.MintToRenter(100_000);
        var blsContract = await harness.ActiveContractAsync(0);
        var nodeContract = await harness.ActiveContractAsync(1);

        for (var hour = 0; hour < 24; hour++)
        {
            await harness.Manager.AuditAsync(blsContract.ContractId, CancellationToken.None);
            await harness.Manager.AuditAsync(nodeContract.ContractId, CancellationToken.None);
            harness.Time.Advance(TimeSpan.FromMinutes(59));
        }

        harness.Time.SetUtcNow(nodeContract.StartsAt + nodeContract.BillingPeriod);
        var blsReport = await harness.Manager.ClosePeriodAsync(blsContract.ContractId, 0, CancellationToken.None);
        var nodeReport = await harness.Manager.ClosePeriodAsync(nodeContract.ContractId, 0, CancellationToken.None);

        Assert.True(blsReport.Evaluation.Passed);
        Assert.True(nodeReport.Evaluation.Passed);
        var attestation = harness.Manager.LastAuditAttestationOf(blsContract.ContractId);
        Assert.NotNull(attestation);
        Assert.Equal(0, attestation.Period);
        Assert.Equal(24, attestation.Answers.Count);
        Assert.All(attestation.Answers, a => Assert.Equal(blsContract.ContractId, a.Challenge.ContractId));
        Assert.True(attestation.Verify(keys.Find));
        Assert.Null(harness.Manager.LastAuditAttestationOf(nodeContract.ContractId));
        Assert.Equal(48L, harness.Manager.AuditsPassed);

        // The next period starts afresh: its aggregate covers only its own answers.
        var second = await harness.RunPeriodAsync(blsContract, 1);
        Assert.True(second.Evaluation.Passed);
        var next = harness.Manager.LastAuditAttestationOf(blsContract.ContractId)!;
        Assert.Equal(1, next.Period);
        Assert.Equal(24, next.Answers.Count);
        Assert.True(next.Verify(keys.Find));
        Assert.Empty(next.Answers.Select(a => a.Challenge).Intersect(attestation.Answers.Select(a => a.Challenge)));
        secrets.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task BlsAnswer_UnderAnotherKeyThanPublished_FailsAndIsChargedToItsHost()
    {
        var (harness, keys, secrets) = Setup(hosts: 2, bls: 2);
        using var _ = harness;
        using var rogue = Key(77);
        harness.Network.Add(harness.HostSigners[0].PublicKey, new AuditResponder(harness.HostSigners[0], harness.Stores[0], rogue));
        harness.MintToRenter(100_000);
        var bad = await harness.ActiveContractAsync(0);
        var good = await harness.ActiveContractAsync(1);

        var badOutcome = await harness.Manager.AuditAsync(bad.ContractId, CancellationToken.None);
        var goodOutcome = await harness.Manager.AuditAsync(good.ContractId, CancellationToken.None);

        Assert.Equal(AuditResult.InvalidProof, badOutcome.Result);
        Assert.Equal(bad.ContractId, badOutcome.ContractId);
        Assert.Equal(AuditResult.Passed, goodOutcome.Result);
        Assert.Contains(bad.Host, keys.Forgotten);
        Assert.DoesNotContain(good.Host, keys.Forgotten);

        // The period closes with the bad host's answers left out of any aggregate.
        harness.Time.SetUtcNow(bad.StartsAt + bad.BillingPeriod);
        var report = await harness.Manager.ClosePeriodAsync(bad.ContractId, 0, CancellationToken.None);
        Assert.False(report.Evaluation.Passed);
        Assert.Null(harness.Manager.LastAuditAttestationOf(bad.ContractId));
        secrets.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task BlsAnswer_KeyUnreachable_CountsAsNoResponse_NotAsInvalidProof()
    {
        var (harness, keys, secrets) = Setup(hosts: 1, bls: 0);
        using var _ = harness;
        using var secret = Key(9);
        harness.Network.Add(harness.HostSigners[0].PublicKey, new AuditResponder(harness.HostSigners[0], harness.Stores[0], secret));
        harness.MintToRenter(100_000);
        var contract = await harness.ActiveContractAsync(0);

        // The host answered with a BLS signature, but the request for its key failed: nothing to check it under.
        keys.Unreachable = true;
        var unreachable = await harness.Manager.AuditAsync(contract.ContractId, CancellationToken.None);
        Assert.Equal(AuditResult.NoResponse, unreachable.Result);
        Assert.DoesNotContain(contract.Host, keys.Forgotten);

        // A key that was handed out and refused is still the host's fault.
        keys.Unreachable = false;
        Assert.Equal(AuditResult.InvalidProof, (await harness.Manager.AuditAsync(contract.ContractId, CancellationToken.None)).Result);

        // Once the key is to be had, the same host's answers pass.
        keys.Publish(harness.HostSigners[0].PublicKey, secret.PublicKey);
        Assert.Equal(AuditResult.Passed, (await harness.Manager.AuditAsync(contract.ContractId, CancellationToken.None)).Result);
        secrets.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task BlsAnswer_WithoutKeySource_IsInvalid_NodeKeyAnswerStillPasses()
    {
        using var harness = new EconomyHarness(hosts: 2);
        using var secret = Key(5);
        harness.Network.Add(harness.HostSigners[0].PublicKey, new AuditResponder(harness.HostSigners[0], harness.Stores[0], secret));
        harness.MintToRenter(100_000);
        var blsOnly = await harness.ActiveContractAsync(0);
        var node = await harness.ActiveContractAsync(1);

        Assert.Equal(AuditResult.InvalidProof, (await harness.Manager.AuditAsync(blsOnly.ContractId, CancellationToken.None)).Result);
        Assert.Equal(AuditResult.Passed, (await harness.Manager.AuditAsync(node.ContractId, CancellationToken.None)).Result);
    }

    [Fact]
    public async Task Decode_KindField_BoundedWithTypedErrors()
    {
        var (harness, _, secrets) = Setup(hosts: 2, bls: 1);
        using var __ = harness;
        var answers = await AuditAsync(harness, hosts: 2, perHost: 1);
        var (bls, node) = (answers[0], answers[1]);
        var blsWire = bls.Encode();
        var nodeWire = node.Encode();

        Assert.Equal(0x95, blsWire[0]);
        Assert.Equal(2, blsWire[1]);
        Assert.Equal(0x94, nodeWire[0]);
        Assert.Equal(AuditSignatureKind.NodeKey, AuditResponse.Decode(nodeWire, node.Challenge, node.HostKey).Kind);
        Assert.True(AuditResponse.Decode(nodeWire, node.Challenge, node.HostKey).VerifySignature(NodeSigners.EcdsaP256Verifier));
        Assert.False(AuditResponse.Decode(nodeWire, node.Challenge, node.HostKey).VerifyBls(secrets[0].PublicKey));
        Assert.False(bls.VerifySignature(NodeSigners.EcdsaP256Verifier));

        // Kind 1 in the 5-field form is a node-key answer.
        var explicitNode = new byte[nodeWire.Length + 1];
        explicitNode[0] = 0x95;
        explicitNode[1] = 1;
        nodeWire.AsSpan(1).CopyTo(explicitNode.AsSpan(2));
        Assert.True(AuditResponse.Decode(explicitNode, node.Challenge, node.HostKey).VerifySignature(NodeSigners.EcdsaP256Verifier));

        var unknownKind = (byte[])blsWire.Clone();
        unknownKind[1] = 7;
        Assert.Contains("unknown signature kind 7", Assert.Throws<MessagePackSerializationException>(() => AuditResponse.Decode(unknownKind, bls.Challenge, bls.HostKey)).Message);
        var sixFields = (byte[])blsWire.Clone();
        sixFields[0] = 0x96;
        Assert.Throws<MessagePackSerializationException>(() => AuditResponse.Decode(sixFields, bls.Challenge, bls.HostKey));
        var shortSignature = (byte[])explicitNode.Clone();
        shortSignature[1] = 2;
        Assert.Contains("96 bytes", Assert.Throws<MessagePackSerializationException>(() => AuditResponse.Decode(shortSignature, node.Challenge, node.HostKey)).Message);
        for (var cut = 0; cut < blsWire.Length; cut += 37)
        {
            var truncated = blsWire.AsMemory(0, cut);
            Assert.ThrowsAny<MessagePackSerializationException>(() => AuditResponse.Decode(truncated, bls.Challenge, bls.HostKey));
        }

        secrets.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task Bytes_OneAnswerAndAPeriodsEvidence_BlsAgainstNodeKey()
    {
        const int N = 24;
        var (harness, keys, secrets) = Setup(hosts: 2, bls: 1);
        using var _ = harness;
        var contractBls = harness.SignedContract(0);
        var blsAnswers = new List<AuditResponse>();
        var nodeAnswers = new List<AuditResponse>();
        for (var i = 0; i < N; i++)
        {
            var answer = await ChallengeAsync(harness, contractBls);
            blsAnswers.Add(answer);

            // The same challenge answered by the same host with its node key.
            nodeAnswers.Add(AuditResponse.Create(answer.Challenge, answer.Proof, harness.HostSigners[0]));
        }

        var attestation = AuditPeriodAttestation.Create(0, blsAnswers);
        Assert.True(attestation.Verify(keys.Find));
        Assert.All(nodeAnswers, a => Assert.True(a.VerifySignature(NodeSigners.EcdsaP256Verifier)));

        // Kept evidence per answer: the challenge sent and the answer's wire form (the host key comes from the contract).
        var perAnswerNode = nodeAnswers.Sum(a => a.Challenge.Encode().Length + a.Encode().Length);
        var perAnswerBls = blsAnswers.Sum(a => a.Challenge.Encode().Length + a.Encode().Length);
        var aggregated = attestation.Answers.Sum(a => a.Challenge.Encode().Length + a.Encode().Length) + attestation.Aggregate.Length;
        var nodeSignatureBytes = nodeAnswers.Sum(a => a.Signature.Length);
        output.WriteLine($"one answer on the wire: BLS {blsAnswers[0].Encode().Length} B (signature {blsAnswers[0].Signature.Length}), ECDSA P-256 {nodeAnswers[0].Encode().Length} B (signature {nodeAnswers[0].Signature.Length})");
        output.WriteLine($"a period's evidence, N = {N} answers: aggregated {aggregated} B (one {attestation.Aggregate.Length}-byte signature), per-answer ECDSA {perAnswerNode} B ({nodeSignatureBytes} B of signatures), per-answer BLS {perAnswerBls} B");
        output.WriteLine($"signature bytes kept: {Signature.Size} vs {nodeSignatureBytes} (ECDSA) / {N * Signature.Size} (unaggregated BLS)");
        Assert.Equal(Signature.Size, blsAnswers[0].Signature.Length);
        Assert.True(aggregated < perAnswerNode);
        Assert.Equal(perAnswerBls - ((N - 1) * Signature.Size), aggregated);
        secrets.ForEach(s => s.Dispose());
    }

    /// <summary>Published, possession-checked keys by host, as the renter's directory would hold them.</summary>
    internal sealed class TestAuditKeys : IAuditKeys
    {
        private readonly ConcurrentDictionary<NodeId, PublicKey> _keys = new();

        public ConcurrentBag<NodeId> Forgotten { get; } = [];

        public void Publish(ReadOnlyMemory<byte> nodeKey, PublicKey key) => _keys[NodeId.FromPublicKey(nodeKey.Span)] = key;

        /// <summary>When set, a key not known here is reported as unreachable (its request failed) instead of refused.</summary>
        public bool Unreachable { get; set; }

        public Task<(PublicKey? Key, string? Error, bool Unreachable)> GetAsync(NodeId host, CancellationToken cancellationToken) =>
            Task.FromResult<(PublicKey?, string?, bool)>(_keys.TryGetValue(host, out var key) ? (key, null, false) : (null, Unreachable ? "request failed" : "no key published", Unreachable));

        public PublicKey? Find(NodeId host) => _keys.TryGetValue(host, out var key) ? key : null;

        public void Forget(NodeId host) => Forgotten.Add(host);
    }
}
