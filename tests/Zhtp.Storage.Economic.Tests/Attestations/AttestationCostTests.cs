using System.Diagnostics;
using Xunit.Abstractions;
using Zhtp.Storage.Economic.Attestations;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Tests.Attestations;

/// <summary>
/// What verifying k = 20 acknowledgements costs the renter: one FastAggregateVerify of the BLS
/// aggregate against 20 ECDSA P-256 verifications, in the same run (medians; the ratio is the figure).
/// </summary>
[Trait("Category", "Soak")]
public sealed class AttestationCostTests(ITestOutputHelper output)
{
    [Fact]
    public void VerifyTwentyAcknowledgements_BlsAggregate_AgainstPerHolderEcdsa()
    {
        var statement = ContractAttestation.Statement(Blake3Hashing.Compute([1]), 0, Blake3Hashing.Compute([2]));
        var bls = Enumerable.Range(1, 20).Select(i => SecretKey.KeyGen(Enumerable.Repeat((byte)i, 32).ToArray())).ToList();
        var ecdsa = Enumerable.Range(0, 20).Select(_ => NodeSigners.CreateEcdsaP256()).ToList();
        var keys = bls.Select(k => k.PublicKey).ToList();
        var aggregate = Signature.Aggregate(bls.Select(k => k.Sign(statement)));
        var signatures = ecdsa.Select(s => (Key: s.PublicKey.ToArray(), Signature: s.Sign(statement))).ToList();
        var verifier = NodeSigners.EcdsaP256Verifier;

        double Median(Func<bool> run)
        {
            Assert.True(run());
            var times = new List<double>();
            for (var i = 0; i < 15; i++)
            {
                var started = Stopwatch.GetTimestamp();
                Assert.True(run());
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            times.Sort();
            return times[times.Count / 2];
        }

        var blsMs = Median(() => Bls.FastAggregateVerify(keys, statement, aggregate));
        var ecdsaMs = Median(() => signatures.All(s => verifier.Verify(s.Key, statement, s.Signature)));
        var signMs = Median(() => bls[0].Sign(statement) is not null);
        output.WriteLine($"load {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine($"FastAggregateVerify(20) {blsMs:F2} ms, 20 ECDSA verifies {ecdsaMs:F2} ms, ratio {blsMs / ecdsaMs:F1}; one BLS sign {signMs:F2} ms");
        Assert.False(Bls.FastAggregateVerify(keys.Skip(1).ToList(), statement, aggregate));
        foreach (var key in bls)
        {
            key.Dispose();
        }

        foreach (var signer in ecdsa)
        {
            signer.Dispose();
        }
    }
}
