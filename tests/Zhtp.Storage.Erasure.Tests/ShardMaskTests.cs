namespace Zhtp.Storage.Erasure.Tests;

public sealed class ShardMaskTests
{
    [Fact]
    public void WithAndWithout_EveryIndex_TrackMembershipAndCount()
    {
        var mask = ShardMask.None;
        for (int i = 0; i < ShardMask.Capacity; i += 3)
        {
            mask = mask.With(i);
        }

        for (int i = 0; i < ShardMask.Capacity; i++)
        {
            Assert.Equal(i % 3 == 0, mask.Contains(i));
        }

        Assert.Equal(86, mask.Count);
        Assert.Equal(85, mask.Without(255).Count);
        Assert.Equal(mask, mask.With(0));
        Assert.NotEqual(mask, mask.Without(0));
    }

    [Fact]
    public void All_Six_IsZeroToFive()
    {
        Assert.Equal("{0, 1, 2, 3, 4, 5}", ShardMask.All(6).ToString());
        Assert.Equal(ShardMask.FromFlags([true, true, true, true, true, true]), ShardMask.All(6));
        Assert.Equal(256, ShardMask.All(256).Count);
    }

    [Fact]
    public void FromNonNull_MixedArray_HoldsNonNullIndices()
    {
        var mask = ShardMask.FromNonNull([new byte[1], null, new byte[1]]);
        Assert.Equal("{0, 2}", mask.ToString());
    }

    [Fact]
    public void AnyAtOrAbove_EveryBoundary_MatchesContains()
    {
        var random = new Random(21);
        for (int trial = 0; trial < 50; trial++)
        {
            var mask = ShardMask.None;
            int members = random.Next(0, 6);
            for (int i = 0; i < members; i++)
            {
                mask = mask.With(random.Next(ShardMask.Capacity));
            }

            for (int count = 0; count <= ShardMask.Capacity; count++)
            {
                bool expected = Enumerable.Range(count, ShardMask.Capacity - count).Any(mask.Contains);
                Assert.Equal(expected, mask.AnyAtOrAbove(count));
            }
        }
    }

    [Fact]
    public void Contains_IndexOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardMask.None.Contains(256));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardMask.None.With(-1));
    }
}
