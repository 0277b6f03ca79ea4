using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Dht.Committee;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Host.Demo;

/// <summary>
/// The demo's committee stage, composed from the library only: n DHT nodes on 127.0.0.1 run
/// the threshold DKG (<see cref="CommitteeKeyGeneration"/>, zhtp/dkg/1), serve credential requests
/// (<see cref="CommitteeCredentials.Serve"/>), and a user's node asks them to co-sign its identity's registration
/// (<see cref="CommitteeCredentials.IssueAsync"/>). The credential verifies under the group key, which no node ever
/// held; it is issued again with all but t members stopped, and refused with one fewer.
/// </summary>
internal static class CommitteeDemo
{
    /// <summary>Runs the stage; prints what happens; true when every check held.</summary>
    public static async Task<bool> RunAsync(int members, int threshold, TextWriter output, CancellationToken cancellationToken)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var nodes = new List<IDhtNode>();
        var keys = new List<ThresholdKeyShare>();
        IDhtNode? requester = null;
        try
        {
            for (int i = 0; i < members; i++)
            {
                nodes.Add(await StartNodeAsync(cancellationToken).ConfigureAwait(false));
            }

            requester = await StartNodeAsync(cancellationToken).ConfigureAwait(false);
            Contact[] roster = nodes.Select(node => node.Self).ToArray();
            var clock = Stopwatch.StartNew();
            keys.AddRange(await RunKeyGenerationAsync(nodes, threshold, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false));
            PublicKey groupKey = keys[0].GroupPublicKey;
            bool agree = keys.All(k => k.GroupPublicKey.Equals(groupKey) && k.QualifiedDealers.Count == members);
            await output.WriteLineAsync(string.Create(c,
                $"      DKG among {members} nodes over zhtp/dkg/1 in {clock.ElapsedMilliseconds} ms: {threshold}-of-{members}, every member holds a share of group key {groupKey.ToString()[..16]}… ({(agree ? "all agree" : "MEMBERS DISAGREE")}); no node ever held the group secret")).ConfigureAwait(false);

            for (int k = 0; k < members; k++)
            {
                CommitteeCredentials.Serve(nodes[k], keys[k], null);
            }

            using ZhtpIdentity user = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Hybrid });
            FeldmanCommitment commitment = keys[0].GroupCommitment;
            clock.Restart();
            IdentityCredential credential = await CommitteeCredentials.IssueAsync(requester, roster, commitment, user, TimeSpan.FromDays(30), null, cancellationToken).ConfigureAwait(false);
            bool valid = credential.Verify(groupKey, DateTimeOffset.UtcNow);
            await output.WriteLineAsync(string.Create(c,
                $"      hybrid identity {user.Id.ToString()[..16]}… (its request, too large for a datagram, goes over the bulk channel) asked the committee to register it: {threshold} partial signatures checked and combined into one {IdentityCredential.Size}-byte credential in {clock.ElapsedMilliseconds} ms -> {(valid ? "verifies under the group key" : "DOES NOT VERIFY")}")).ConfigureAwait(false);

            for (int k = members - 1; k >= threshold; k--)
            {
                await nodes[k].DisposeAsync().ConfigureAwait(false);
                nodes.RemoveAt(k);
            }

            using ZhtpIdentity second = ZhtpIdentity.Create(new IdentityOptions { Kind = IdentityKind.Classical });
            IdentityCredential again = await CommitteeCredentials.IssueAsync(requester, roster, commitment, second, TimeSpan.FromDays(30), null, cancellationToken).ConfigureAwait(false);
            bool validAgain = again.Verify(groupKey, DateTimeOffset.UtcNow);
            await output.WriteLineAsync(string.Create(c,
                $"      {members - threshold} members stopped: the {threshold} left issue a classical identity's credential -> {(validAgain ? "verifies" : "DOES NOT VERIFY")}")).ConfigureAwait(false);

            await nodes[^1].DisposeAsync().ConfigureAwait(false);
            nodes.RemoveAt(nodes.Count - 1);
            bool refused;
            try
            {
                await CommitteeCredentials.IssueAsync(requester, roster, commitment, second, TimeSpan.FromDays(30), null, cancellationToken).ConfigureAwait(false);
                refused = false;
            }
            catch (ThresholdSigningException)
            {
                refused = true;
            }

            await output.WriteLineAsync(string.Create(c,
                $"      one more stopped ({threshold - 1} left): {(refused ? "no credential (fewer than t partial signatures)" : "A CREDENTIAL WAS ISSUED")}")).ConfigureAwait(false);
            return agree && valid && validAgain && refused;
        }
        catch (DkgFailedException e)
        {
            await output.WriteLineAsync($"      the DKG failed: {e.Message}").ConfigureAwait(false);
            return false;
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

            if (requester is not null)
            {
                await requester.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs one DKG session (fresh random session id) among <paramref name="nodes"/> (member i = nodes[i − 1]) with
    /// every phase timing out after <paramref name="phase"/>; each node's key share, in roster order.
    /// </summary>
    /// <exception cref="DkgFailedException">Fewer than <paramref name="threshold"/> dealers qualified.</exception>
    internal static Task<ThresholdKeyShare[]> RunKeyGenerationAsync(IReadOnlyList<IDhtNode> nodes, int threshold, TimeSpan phase, CancellationToken cancellationToken)
    {
        Contact[] roster = nodes.Select(node => node.Self).ToArray();
        byte[] session = RandomNumberGenerator.GetBytes(32);
        return Task.WhenAll(nodes.Select((node, k) => CommitteeKeyGeneration.RunAsync(node, roster, new DkgOptions
        {
            SessionId = session,
            Members = nodes.Count,
            Threshold = threshold,
            Self = k + 1,
            DealTimeout = phase,
            ComplaintTimeout = phase,
            RevealTimeout = phase,
        }, null, cancellationToken)));
    }

    /// <summary>A committee member's DHT node: UDP on 127.0.0.1 (port 0), ECDSA P-256 signer, no maintenance loop.</summary>
    internal static Task<IDhtNode> StartNodeAsync(CancellationToken cancellationToken) => DhtNode.CreateAsync(new DhtNodeOptions
    {
        Config = new DhtConfig(),
        Transport = DatagramTransports.BindUdp(new IPEndPoint(IPAddress.Loopback, 0)),
        Signer = NodeSigners.CreateEcdsaP256(),
        MaintenanceInterval = null,
    }, cancellationToken);
}
