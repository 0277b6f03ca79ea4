using System.Diagnostics;
using Xunit.Abstractions;
using Zhtp.Storage.Economic.Attestations;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Tests.Audits;

/// <summary>
/// What checking a period's N = 24 audit answers costs the renter: one AggregateVerify over the 24
/// distinct statements, against 24 BLS verifications one by one (what the renter does as answers
/// arrive) and 24 ECDSA P-256 verifications, in the same run (medians; the ratios are the figures).
/// </summary>
[Trait("Category", "Soak")]
public sealed class AuditAggregateCostTests(ITestOutputHelper output)
{
    [Fact]
    public void VerifyPeriodOf24Answers_OneAggregateVerify_AgainstPerAnswer()
    {
        const int N = 24;
        using var bls = SecretKey.KeyGen(Enumerable.Repeat((byte)3, 32).ToArray());
        using var host = NodeSigners.CreateEcdsaP256FromSeed(11);
        var random = new Random(4);
        var blsAnswers = new List<AuditResponse>();
        var nodeAnswers = new List<AuditResponse>();
        for (var i = 0; i < N; i++)
        {
            var leaf = new byte[ShardMerkleTree.LeafSize];
            random.NextBytes(leaf);
            var nonce = new byte[16];
            random.NextBytes(nonce);
            var challenge = new AuditChallenge(Hash256.Random(random), Hash256.Random(random), i, nonce);
            var proof = new MerkleProof(i, leaf, Enumerable.Range(0, 11).Select(_ => Hash256.Random(random)).ToList());
            blsAnswers.Add(AuditResponse.CreateBls(challenge, proof, host.PublicKey, bls));
            nodeAnswers.Add(AuditResponse.Create(challenge, proof, host));
        }

        var period = AuditPeriodAttestation.Create(0, blsAnswers);
        var verifier = NodeSigners.EcdsaP256Verifier;

        double Median(Func<bool> run)
        {
            Assert.True(run());
            var times = new List<double>();
            for (var i = 0; i < 7; i++)
            {
                var started = Stopwatch.GetTimestamp();
                Assert.True(run());
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            times.Sort();
            return times[times.Count / 2];
        }

        var aggregateMs = Median(() => period.Verify(_ => bls.PublicKey));
        var eachBlsMs = Median(() => blsAnswers.All(a => a.VerifyBls(bls.PublicKey)));
        var ecdsaMs = Median(() => nodeAnswers.All(a => a.VerifySignature(verifier)));
        output.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine($"N = {N}: one AggregateVerify {aggregateMs:F1} ms, {N} BLS verifies {eachBlsMs:F1} ms, {N} ECDSA verifies {ecdsaMs:F1} ms; aggregate/ECDSA {aggregateMs / ecdsaMs:F1}, aggregate/BLS-each {aggregateMs / eachBlsMs:F2}");
        Assert.False((period with { Answers = period.Answers.Skip(1).ToList() }).Verify(_ => bls.PublicKey));
    }
}
