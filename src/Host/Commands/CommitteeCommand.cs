using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Dht.Committee;
using Zhtp.Storage.Host.Demo;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp committee demo --members N --threshold T [--message TEXT] [--phase-seconds S]</c>: starts N
/// DHT nodes on 127.0.0.1, runs the threshold DKG among them over zhtp/dkg/1, has the first T members
/// sign the message, combines the partial signatures and verifies the group signature with plain BLS
/// Verify. Prints key = value lines; exits 0 when the group signature verifies, 1 when not or the DKG
/// failed, 2 for bad arguments.
/// </summary>
internal sealed class CommitteeCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var command = new Command("committee", "Threshold BLS committees (t-of-n distributed key generation and signing).");
        var members = new Option<int>("--members") { Description = "Committee size n (2..16).", DefaultValueFactory = _ => 5 };
        var threshold = new Option<int>("--threshold") { Description = "Signatures needed, t (2..n).", DefaultValueFactory = _ => 3 };
        var message = new Option<string>("--message") { Description = "The message the committee signs (UTF-8).", DefaultValueFactory = _ => "zhtp committee demo" };
        var phase = new Option<int>("--phase-seconds") { Description = "Each DKG phase's timeout in seconds.", DefaultValueFactory = _ => 10 };
        var demo = new Command("demo", "Runs a DKG among in-process loopback nodes, threshold-signs --message and verifies it under the group key.");
        demo.Options.Add(members);
        demo.Options.Add(threshold);
        demo.Options.Add(message);
        demo.Options.Add(phase);
        demo.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            result.GetValue(members), result.GetValue(threshold), result.GetValue(message)!, result.GetValue(phase),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, cancellationToken));
        command.Subcommands.Add(demo);
        return command;
    }

    private static async Task<int> RunAsync(int n, int t, string text, int phaseSeconds, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (n < 2 || n > 16 || t < 2 || t > n || phaseSeconds < 1)
        {
            await error.WriteLineAsync($"zhtp committee demo: need 2 <= --members <= 16, 2 <= --threshold <= --members and --phase-seconds >= 1 (got {n}, {t}, {phaseSeconds}).").ConfigureAwait(false);
            return 2;
        }

        var nodes = new List<IDhtNode>();
        var keys = new List<ThresholdKeyShare>();
        try
        {
            for (int i = 0; i < n; i++)
            {
                nodes.Add(await CommitteeDemo.StartNodeAsync(cancellationToken).ConfigureAwait(false));
            }

            TimeSpan phase = TimeSpan.FromSeconds(phaseSeconds);
            var clock = Stopwatch.StartNew();
            try
            {
                keys.AddRange(await CommitteeDemo.RunKeyGenerationAsync(nodes, t, phase, cancellationToken).ConfigureAwait(false));
            }
            catch (DkgFailedException e)
            {
                await error.WriteLineAsync($"zhtp committee demo: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            long dkgMs = clock.ElapsedMilliseconds;
            byte[] message = Encoding.UTF8.GetBytes(text);
            PartialSignature[] partials = keys.Take(t).Select(k => k.Share.Sign(message)).ToArray();
            clock.Restart();
            Signature signature = ThresholdBls.Combine(partials);
            double combineMs = clock.Elapsed.TotalMilliseconds;
            PublicKey groupKey = keys[0].GroupPublicKey;
            bool valid = Bls.Verify(groupKey, message, signature);
            clock.Restart();
            _ = Bls.Verify(groupKey, message, signature); // timed warm: the first call also initializes the pairing constants
            double verifyMs = clock.Elapsed.TotalMilliseconds;
            bool tooFewValid = Bls.Verify(groupKey, message, ThresholdBls.Combine(partials[..(t - 1)]));
            bool agree = keys.All(k => k.GroupPublicKey.Equals(groupKey));

            await output.WriteLineAsync($"members = {n}").ConfigureAwait(false);
            await output.WriteLineAsync($"threshold = {t}").ConfigureAwait(false);
            await output.WriteLineAsync($"qualified = {string.Join(',', keys[0].QualifiedDealers)}").ConfigureAwait(false);
            await output.WriteLineAsync($"dkg_ms = {dkgMs}").ConfigureAwait(false);
            await output.WriteLineAsync($"group_public_key = {groupKey}").ConfigureAwait(false);
            await output.WriteLineAsync($"members_agree = {agree.ToString().ToLowerInvariant()}").ConfigureAwait(false);
            await output.WriteLineAsync($"signers = {string.Join(',', partials.Select(p => p.Index))}").ConfigureAwait(false);
            await output.WriteLineAsync($"signature = {signature}").ConfigureAwait(false);
            await output.WriteLineAsync($"combine_ms = {combineMs:F1}").ConfigureAwait(false);
            await output.WriteLineAsync($"verify_ms = {verifyMs:F1}").ConfigureAwait(false);
            await output.WriteLineAsync($"verify = {(valid ? "valid" : "invalid")}").ConfigureAwait(false);
            await output.WriteLineAsync($"verify_with_{t - 1}_partials = {(tooFewValid ? "valid" : "invalid")}").ConfigureAwait(false);
            return valid && agree && !tooFewValid ? 0 : 1;
        }
        finally
        {
            foreach (ThresholdKeyShare k in keys)
            {
                k.Dispose();
            }

            foreach (IDhtNode node in nodes)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
