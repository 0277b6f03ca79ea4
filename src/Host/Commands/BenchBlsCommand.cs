using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp bench bls</c>: one-thread latency of BLS12-381 Sign, Verify and FastAggregateVerify
/// over 20 keys (POP ciphersuite, 32-byte messages), each the median of calls repeated for about
/// <c>--seconds</c> after a warm-up; with <c>--json</c> one JSON object on one line with
/// <c>sign_us</c>, <c>verify_us</c>, <c>fast_aggregate_verify_20_us</c> (medians) and the fastest
/// call of each (<c>*_best_us</c>; on a busy machine the median includes time the thread waited for a core).
/// </summary>
internal sealed class BenchBlsCommand : IBenchCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var seconds = new Option<double>("--seconds")
        {
            Description = "Seconds per figure (default 1); at least 5 calls are timed each.",
            DefaultValueFactory = _ => 1.0,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object {\"sign_us\", \"verify_us\", \"fast_aggregate_verify_20_us\", ...}." };
        var command = new Command("bls", "BLS12-381 Sign, Verify and FastAggregateVerify(20) latency (one thread), medians in microseconds.");
        command.Options.Add(seconds);
        command.Options.Add(json);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            double perFigure = result.GetValue(seconds);
            if (!(perFigure > 0) || perFigure > 600)
            {
                result.InvocationConfiguration.Error.WriteLine($"--seconds must be more than 0 and at most 600, was {perFigure.ToString(CultureInfo.InvariantCulture)}.");
                return Task.FromResult(2);
            }

            return Task.FromResult(Run(result.InvocationConfiguration.Output, perFigure, result.GetValue(json), cancellationToken));
        });
        return command;
    }

    private static int Run(TextWriter output, double seconds, bool json, CancellationToken cancellationToken)
    {
        byte[] message = new byte[32];
        for (int i = 0; i < message.Length; i++)
        {
            message[i] = (byte)(i * 37);
        }

        SecretKey[] keys = [.. Enumerable.Range(1, 20).Select(i => SecretKey.KeyGen(Enumerable.Repeat((byte)i, 32).ToArray()))];
        PublicKey[] publicKeys = [.. keys.Select(k => k.PublicKey)];
        Signature signature = keys[0].Sign(message);
        Signature aggregate = Signature.Aggregate(keys.Select(k => k.Sign(message)));
        bool ok = true;

        (double signUs, double signBest) = MedianMicroseconds(() => keys[0].Sign(message), seconds, cancellationToken);
        (double verifyUs, double verifyBest) = MedianMicroseconds(() => ok &= Bls.Verify(publicKeys[0], message, signature), seconds, cancellationToken);
        (double fastUs, double fastBest) = MedianMicroseconds(() => ok &= Bls.FastAggregateVerify(publicKeys, message, aggregate), seconds, cancellationToken);
        foreach (SecretKey k in keys)
        {
            k.Dispose();
        }

        if (!ok)
        {
            Console.Error.WriteLine("zhtp bench bls: a verification failed; the figures are not meaningful.");
            return 1;
        }

        string text = json
            ? string.Create(CultureInfo.InvariantCulture, $"{{\"sign_best_us\": {signBest:F1}, \"verify_best_us\": {verifyBest:F1}, \"fast_aggregate_verify_20_best_us\": {fastBest:F1}, \"sign_us\": {signUs:F1}, \"verify_us\": {verifyUs:F1}, \"fast_aggregate_verify_20_us\": {fastUs:F1}}}")
            : string.Create(CultureInfo.InvariantCulture, $"zhtp bls sign_us={signUs:F1} verify_us={verifyUs:F1} fast_aggregate_verify_20_us={fastUs:F1} (fastest: {signBest:F1} {verifyBest:F1} {fastBest:F1})");
        output.WriteLine(text);
        return 0;
    }

    /// <summary>Median and fastest wall time of <paramref name="call"/> over a run of about <paramref name="seconds"/> (at least 5 calls, after 3 warm-up calls).</summary>
    private static (double Median, double Best) MedianMicroseconds(Action call, double seconds, CancellationToken cancellationToken)
    {
        for (int i = 0; i < 3; i++)
        {
            call();
        }

        var samples = new List<double>();
        long end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (samples.Count < 5 || (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested))
        {
            long start = Stopwatch.GetTimestamp();
            call();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[0]);
    }
}
