using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

namespace Zhtp.Storage.Types.Tests.Bls12381.Threshold;

/// <summary>The joint-Feldman DKG state machine among in-memory members on a test clock.</summary>
public sealed class DkgSessionTests
{
    private static readonly byte[] Message = "committee message"u8.ToArray();

    /// <summary>A dealer's tamper hook that corrupts the share for <paramref name="victim"/> only.</summary>
    private static Func<int, byte[], byte[]> FlipLastBitFor(int victim) => (to, share) =>
    {
        if (to == victim)
        {
            share[^1] ^= 1;
        }

        return share;
    };

    private static void AssertGroupSigns(DkgCluster cluster, IEnumerable<int> signers)
    {
        PublicKey groupKey = cluster.Live().First().Result.GroupPublicKey;
        PartialSignature[] partials = signers.Select(i => cluster[i].Result.Share.Sign(Message)).ToArray();
        foreach (PartialSignature p in partials)
        {
            Assert.True(ThresholdBls.VerifyPartial(cluster[p.Index].Result.GroupCommitment, Message, p));
        }

        Assert.True(Bls.Verify(groupKey, Message, ThresholdBls.Combine(partials)));
    }

    [Fact]
    public void HonestMembers_CompleteWithoutWaitingForDeadlines_AndAgreeOnTheGroupKey()
    {
        using var cluster = new DkgCluster(5, 3);
        cluster.Start();
        Assert.All(cluster.Sessions, s => Assert.Equal(DkgPhase.Completed, s.Phase));
        PublicKey groupKey = cluster[1].Result.GroupPublicKey;
        foreach (DkgSession s in cluster.Sessions)
        {
            ThresholdKeyShare key = s.Result;
            Assert.Equal(groupKey, key.GroupPublicKey);
            Assert.Equal([1, 2, 3, 4, 5], key.QualifiedDealers);
            Assert.True(key.GroupCommitment.VerifyShare(key.Share));
            Assert.Equal(0, s.Dropped);
        }

        AssertGroupSigns(cluster, [1, 3, 5]);
        AssertGroupSigns(cluster, [2, 3, 4]);
        Signature two = ThresholdBls.Combine([cluster[1].Result.Share.Sign(Message), cluster[2].Result.Share.Sign(Message)]);
        Assert.False(Bls.Verify(groupKey, Message, two));
    }

    [Fact]
    public void CheatingDealer_IsComplainedAboutAndDisqualified_AndTheRestComplete()
    {
        using var cluster = new DkgCluster(5, 3, seed: 2);
        cluster[4].TamperShare = FlipLastBitFor(2);
        cluster[4].TamperReveals = true;
        cluster.RunToEnd();
        foreach (int i in new[] { 1, 2, 3, 5 })
        {
            DkgSession s = cluster[i];
            Assert.Equal(DkgPhase.Completed, s.Phase);
            Assert.Equal([1, 2, 3, 5], s.Result.QualifiedDealers);
            Assert.Contains("Feldman", s.Disqualified[4], StringComparison.Ordinal);
            Assert.True(s.Result.GroupCommitment.VerifyShare(s.Result.Share));
        }

        Assert.Equal(cluster[1].Result.GroupPublicKey, cluster[2].Result.GroupPublicKey);
        AssertGroupSigns(cluster, [1, 2, 5]);
    }

    [Fact]
    public void DealerThatRevealsTheDisputedShareCorrectly_StaysQualified_AndTheComplainerUsesTheRevealedShare()
    {
        using var cluster = new DkgCluster(5, 3, seed: 3);
        cluster[4].TamperShare = FlipLastBitFor(2);
        cluster.RunToEnd();
        Assert.All(cluster.Sessions, s => Assert.Equal([1, 2, 3, 4, 5], s.Result.QualifiedDealers));
        Assert.True(cluster[2].Result.GroupCommitment.VerifyShare(cluster[2].Result.Share));
        AssertGroupSigns(cluster, [2, 4, 5]);
    }

    [Fact]
    public void MemberKilledBeforeDealing_IsDisqualifiedAfterTheDeadlines_AndTheRestComplete()
    {
        using var cluster = new DkgCluster(5, 3, seed: 4);

        // Member 5 announces its key, then dies: no deal, complaint or reveal of it arrives.
        cluster.Filter = (from, m) => from != 5 || m.Payload[1] == 1;
        cluster.Start();
        Assert.All(cluster.Sessions.Take(4), s => Assert.NotEqual(DkgPhase.Completed, s.Phase));
        cluster.Dead.Add(5);
        cluster.Advance(TimeSpan.FromSeconds(10));
        cluster.Advance(TimeSpan.FromSeconds(5));
        cluster.Advance(TimeSpan.FromSeconds(5));
        foreach (DkgSession s in cluster.Live())
        {
            Assert.Equal(DkgPhase.Completed, s.Phase);
            Assert.Equal([1, 2, 3, 4], s.Result.QualifiedDealers);
            Assert.True(s.Disqualified.ContainsKey(5));
        }

        AssertGroupSigns(cluster, [1, 3, 4]);
    }

    [Fact]
    public void TooManyMembersDead_FailsWithDkgFailedException()
    {
        using var cluster = new DkgCluster(5, 3, seed: 5);
        cluster.Dead.UnionWith([3, 4, 5]);
        cluster.RunToEnd();
        foreach (DkgSession s in cluster.Live())
        {
            Assert.Equal(DkgPhase.Failed, s.Phase);
            DkgFailedException e = Assert.Throws<DkgFailedException>(() => s.Result);
            Assert.Contains("Only 2 of 5 dealers qualified", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Receive_DropsMalformedMisattributedAndForeignMessagesWithoutThrowing()
    {
        using var cluster = new DkgCluster(3, 2, seed: 6);
        byte[]? announce = null;
        cluster.Filter = (from, m) =>
        {
            announce ??= from == 2 ? m.Payload : null;
            return false;
        };
        cluster.Start();
        DkgSession s = cluster[1];
        Assert.NotNull(announce);
        _ = s.Receive(3, announce, cluster.Now);              // claims to be from 2, delivered as 3
        _ = s.Receive(2, new byte[5], cluster.Now);           // short
        byte[] foreign = (byte[])announce.Clone();
        foreign[5] ^= 1;                                      // another session id
        _ = s.Receive(2, foreign, cluster.Now);
        byte[] badType = (byte[])announce.Clone();
        badType[1] = 9;
        _ = s.Receive(2, badType, cluster.Now);
        _ = s.Receive(2, announce.Concat(new byte[] { 0 }).ToArray(), cluster.Now); // wrong length
        Assert.Equal(5, s.Dropped);
        IReadOnlyList<DkgOutgoing> deal = s.Receive(2, announce, cluster.Now);
        Assert.Single(deal);
        Assert.Equal(2, deal[0].To);
        Assert.Equal(5, s.Dropped);
    }

    [Fact]
    public void Options_AreValidated()
    {
        var ok = new DkgOptions { SessionId = new byte[32], Members = 5, Threshold = 3, Self = 1 };
        ok.EnsureValid();
        Assert.Throws<ArgumentException>(() => DistributedKeyGeneration.Create(ok with { Threshold = 6 }));
        Assert.Throws<ArgumentException>(() => DistributedKeyGeneration.Create(ok with { Threshold = 1 }));
        Assert.Throws<ArgumentException>(() => DistributedKeyGeneration.Create(ok with { Self = 0 }));
        Assert.Throws<ArgumentException>(() => DistributedKeyGeneration.Create(ok with { SessionId = new byte[31] }));
        using IDkgSession s = DistributedKeyGeneration.Create(ok);
        Assert.Throws<InvalidOperationException>(() => s.Result);
    }
}
