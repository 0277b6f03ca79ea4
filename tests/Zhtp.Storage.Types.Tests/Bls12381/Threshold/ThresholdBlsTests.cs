using System.Numerics;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

namespace Zhtp.Storage.Types.Tests.Bls12381.Threshold;

/// <summary>Feldman VSS, Lagrange combination and partial-signature checks with a single dealer whose secret the test knows.</summary>
public sealed class ThresholdBlsTests
{
    private static readonly byte[] Message = "threshold message"u8.ToArray();

    private static Action<Span<byte>> Seeded(int seed)
    {
        var random = new Random(seed);
        return span => random.NextBytes(span);
    }

    private static (FeldmanCommitment Commitment, SecretShare[] Shares, Polynomial Polynomial) Deal(int t, int n, int seed)
    {
        Polynomial f = Polynomial.Random(t, Seeded(seed));
        SecretShare[] shares = Enumerable.Range(1, n).Select(i => SecretShare.FromScalar(i, f.Evaluate(i))).ToArray();
        return (f.Commit(), shares, f);
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (int first = 1; first <= n; first++)
        {
            foreach (int[] rest in Subsets(n, k - 1).Where(r => r.All(x => x > first)))
            {
                yield return [first, .. rest];
            }
        }
    }

    [Fact]
    public void VerifyShare_AcceptsEachDealtShareAndRejectsAnotherIndexOrValue()
    {
        (FeldmanCommitment c, SecretShare[] shares, Polynomial f) = Deal(3, 5, 1);
        using (f)
        {
            foreach (SecretShare s in shares)
            {
                Assert.True(c.VerifyShare(s));
                Assert.Equal(s.PublicKey, c.PublicShare(s.Index));
            }

            using SecretShare moved = SecretShare.FromBytes(2, shares[0].ToBytes());
            Assert.False(c.VerifyShare(moved));
            byte[] bumped = shares[1].ToBytes();
            bumped[^1] ^= 1;
            using SecretShare changed = SecretShare.FromBytes(2, bumped);
            Assert.False(c.VerifyShare(changed));
        }
    }

    [Fact]
    public void Combine_EveryThresholdSubsetGivesTheSameVerifyingSignatureOfTheSecret()
    {
        (FeldmanCommitment c, SecretShare[] shares, Polynomial f) = Deal(3, 5, 2);
        using (f)
        {
            PartialSignature[] partials = shares.Select(s => s.Sign(Message)).ToArray();
            using SecretShare secret = SecretShare.FromScalar(1, f.Evaluate(0));
            Signature direct = secret.Sign(Message).Signature;
            Assert.Equal(c.PublicKey, secret.PublicKey);
            int count = 0;
            foreach (int[] subset in Subsets(5, 3))
            {
                Signature combined = ThresholdBls.Combine(subset.Select(i => partials[i - 1]).ToArray());
                Assert.Equal(direct, combined);
                count++;
            }

            Assert.Equal(10, count);
            Assert.True(Bls.Verify(c.PublicKey, Message, direct));
            Assert.True(Bls.Verify(c.PublicKey, Message, ThresholdBls.Combine(partials)));
        }
    }

    [Fact]
    public void Combine_FewerThanThresholdPartialsDoNotVerify()
    {
        (FeldmanCommitment c, SecretShare[] shares, Polynomial f) = Deal(3, 5, 3);
        using (f)
        {
            PartialSignature[] partials = shares.Select(s => s.Sign(Message)).ToArray();
            foreach (int[] subset in Subsets(5, 2))
            {
                Signature combined = ThresholdBls.Combine(subset.Select(i => partials[i - 1]).ToArray());
                Assert.False(Bls.Verify(c.PublicKey, Message, combined));
            }
        }
    }

    [Fact]
    public void VerifyPartial_AcceptsTheSignersShareOnly()
    {
        (FeldmanCommitment c, SecretShare[] shares, Polynomial f) = Deal(2, 3, 4);
        using (f)
        {
            PartialSignature p = shares[1].Sign(Message);
            Assert.True(ThresholdBls.VerifyPartial(c, Message, p));
            Assert.False(ThresholdBls.VerifyPartial(c, Message, p with { Index = 3 }));
            Assert.False(ThresholdBls.VerifyPartial(c, "other"u8, p));
            Assert.Throws<ArgumentException>(() => ThresholdBls.Combine([p, p]));
            Assert.Throws<ArgumentException>(() => ThresholdBls.Combine([]));
        }
    }

    [Fact]
    public void LagrangeAtZero_InterpolatesThePolynomialsConstant()
    {
        using Polynomial f = Polynomial.Random(4, Seeded(5));
        int[] indices = [2, 5, 7, 11];
        Fr[] lambdas = Lagrange.AtZero(indices);
        Fr sum = Fr.Zero;
        for (int k = 0; k < indices.Length; k++)
        {
            sum = Fr.Add(sum, Fr.Mul(lambdas[k], f.Evaluate(indices[k])));
        }

        Assert.Equal(f.Evaluate(0).ToBigInteger(), sum.ToBigInteger());
        Assert.NotEqual(BigInteger.Zero, sum.ToBigInteger());
    }

    [Fact]
    public void FeldmanCommitment_RoundTripsAndSums()
    {
        (FeldmanCommitment a, _, Polynomial fa) = Deal(3, 3, 6);
        (FeldmanCommitment b, _, Polynomial fb) = Deal(3, 3, 7);
        using (fa)
        using (fb)
        {
            Assert.Equal(a, FeldmanCommitment.FromBytes(a.ToBytes()));
            FeldmanCommitment sum = FeldmanCommitment.Sum([a, b]);
            using SecretShare s = SecretShare.FromScalar(2, Fr.Add(fa.Evaluate(2), fb.Evaluate(2)));
            Assert.True(sum.VerifyShare(s));
            Assert.False(FeldmanCommitment.TryFromBytes(new byte[47], out _));
            Assert.False(FeldmanCommitment.TryFromBytes(new byte[48], out _));
            (FeldmanCommitment two, _, Polynomial f2) = Deal(2, 2, 8);
            using (f2)
            {
                Assert.Throws<ArgumentException>(() => FeldmanCommitment.Sum([a, two]));
            }
        }
    }
}
