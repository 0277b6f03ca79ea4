using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

namespace Zhtp.Storage.Dht.Committee;

/// <summary>
/// Runs a member's side of the joint-Feldman DKG (<see cref="DistributedKeyGeneration"/>) over the
/// DHT's application-request channel, protocol <see cref="Protocol"/> (docs/bls.md, "Threshold keys").
/// The channel authenticates every request by the sender's node key, which maps it to a roster index;
/// shares travel encrypted to their recipient inside the DKG messages (the channel does not encrypt).
/// </summary>
public static class CommitteeKeyGeneration
{
    /// <summary>The application protocol name of DKG messages.</summary>
    public const string Protocol = "zhtp/dkg/1";

    /// <summary>
    /// Takes part in the DKG described by <paramref name="options"/> among <paramref name="roster"/>
    /// (member i is roster[i − 1]; every member must pass the same roster order, session id, n, t and
    /// timeouts). Returns when this member's session completes: at the latest after the deal, complaint
    /// and reveal timeouts, sooner when every message has arrived. Messages from nodes outside the
    /// roster or for other sessions are dropped. Several sessions may run on one node at once.
    /// </summary>
    /// <param name="node">This member's node; it must be roster[options.Self − 1].</param>
    /// <param name="roster">The committee's contacts in index order (n = options.Members).</param>
    /// <param name="options">The DKG options; options.Self is this node's index.</param>
    /// <param name="timeProvider">The clock of the phase deadlines and send retries (the system clock when null).</param>
    /// <param name="cancellationToken">Stops the run (an <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="DkgFailedException">Fewer than t dealers qualified; the message names who was disqualified and why.</exception>
    /// <exception cref="ArgumentException">The roster does not match the options or this node, or a DKG message would not fit one datagram.</exception>
    public static async Task<ThresholdKeyShare> RunAsync(IDhtNode node, IReadOnlyList<Contact> roster, DkgOptions options, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        if (roster.Count != options.Members)
        {
            throw new ArgumentException($"The roster has {roster.Count} contacts but the options say n = {options.Members}; pass one contact per member in index order.", nameof(roster));
        }

        if (roster[options.Self - 1].Id != node.Self.Id)
        {
            throw new ArgumentException($"roster[{options.Self - 1}] is {roster[options.Self - 1].Id}, not this node ({node.Self.Id}); set options.Self to this node's 1-based position in the roster.", nameof(options));
        }

        if (roster.Select(c => c.Id).Distinct().Count() != roster.Count)
        {
            throw new ArgumentException("A node appears twice in the roster; each member needs its own node.", nameof(roster));
        }

        int largest = 2 + 32 + 2 + 2 + 32 + 1 + (options.Threshold * 48) + 48;
        if (largest > node.MaxPayloadSize)
        {
            throw new ArgumentException($"A deal for threshold {options.Threshold} is {largest} bytes, more than this node's payload limit of {node.MaxPayloadSize}; lower the threshold or raise DhtConfig.MaxDatagramSize.", nameof(options));
        }

        var runner = new DkgRunner(node, roster, options, timeProvider ?? TimeProvider.System);
        DkgDispatcher dispatcher = DkgDispatcher.For(node);
        dispatcher.Add(options.SessionId, runner);
        try
        {
            return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            dispatcher.Finish(options.SessionId);
            runner.Dispose();
        }
    }
}
