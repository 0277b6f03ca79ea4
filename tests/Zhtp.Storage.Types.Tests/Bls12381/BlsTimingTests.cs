using System.Diagnostics;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Types.Tests.Bls12381;

/// <summary>
/// Timing-independence smoke test of signing (docs/bls.md, "Constant time"): the lower-decile time to
/// sign with a key of Hamming weight 1 and with one of weight 252 (101 calls each, interleaved) must agree
/// within a generous bound. Timing-based, so Category=Soak (not part of the default run): a busy machine can
/// skew it (the median did, once signing took 1.5 ms, and the lower quartile of 41 calls did at 1.29 when the
/// Soak run had another test assembly on the same 2 cores: other work preempts many calls), a variable-time
/// ladder (e.g. double-and-add, ~2x apart) cannot pass it.
/// </summary>
public sealed class BlsTimingTests
{
    [Fact]
    [Trait("Category", "Soak")]
    public void Sign_LowerDecileTime_DoesNotDependOnTheKeysHammingWeight()
    {
        byte[] light = new byte[32];
        light[31] = 1;
        byte[] heavy = Enumerable.Repeat((byte)0xff, 32).ToArray();
        heavy[0] = 0x72; // 0x72ff..ff < r: 252 bits set
        using SecretKey low = SecretKey.FromBytes(light), high = SecretKey.FromBytes(heavy);
        byte[] message = new byte[32];
        var lowTimes = new List<double>();
        var highTimes = new List<double>();
        for (int i = 0; i < 20; i++)
        {
            _ = low.Sign(message);
            _ = high.Sign(message);
        }

        for (int i = 0; i < 101; i++)
        {
            lowTimes.Add(Time(() => low.Sign(message)));
            highTimes.Add(Time(() => high.Sign(message)));
        }

        double lowDecile = LowerDecile(lowTimes), highDecile = LowerDecile(highTimes);
        double ratio = highDecile / lowDecile;
        Assert.True(ratio is > 0.8 and < 1.25, $"sign times (lower decile) differ by key weight: weight-1 key {lowDecile:F0} us, heavy key {highDecile:F0} us (ratio {ratio:F2})");
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    private static double LowerDecile(List<double> values)
    {
        values.Sort();
        return values[values.Count / 10];
    }
}
