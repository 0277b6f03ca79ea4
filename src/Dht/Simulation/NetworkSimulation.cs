using System.Diagnostics;
using System.Net;
using Zhtp.Storage.Dht.Lookup;
using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Simulation;

// Implementation notes
// A deterministic discrete-event simulation of a Kademlia network with virtual time. Each node is
// a RoutingTable plus a set of held record keys (a few KB per node, so 10,000+ nodes fit easily).
// Lookups are the production LookupQuery state machine; answers come from the production
// RoutingTable, and every node that receives a request learns the sender exactly as a DhtNode
// does (including ping-before-evict, resolved against the node's liveness). Requests complete at
// now + a random one-way latency pair, requests to dead nodes (or lost ones) fail at now + timeout,
// and the event queue is ordered by (time, sequence), so one seed gives one result. Lookups use
// the node's adaptive timeouts: each origin keeps a smoothed RTT over its answers (RFC 6298 gain
// 1/8), a request goes slow after clamp(4 × srtt, 150 ms, timeout), and the driver wakes at that
// moment as KademliaNode's does; answers that arrive after the lookup finished are dropped.
// What it leaves out: signatures, encoding and sockets (covered by the node tests over
// InMemoryNetwork and UDP).

/// <summary>Simulates joins, stores, failures and lookups of a whole Kademlia network in one process.</summary>
internal sealed partial class NetworkSimulation
{
    private readonly SimulationOptions _options;
    private readonly Random _random;
    private readonly List<SimNode> _nodes = [];
    private readonly Dictionary<NodeId, SimNode> _byId = [];
    private readonly DhtConfig _config;
    private readonly List<Contact> _send = [];
    private readonly List<Contact> _answer = [];
    private long _sequence;

    public NetworkSimulation(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _random = new Random(options.Seed);
        _config = new DhtConfig
        {
            K = options.K,
            Alpha = options.Alpha,
            DisjointPaths = options.Paths,
            // The node's default (1 h): contacts not heard from for a quarter of it are pinged before a newcomer is cached.
            BucketRefreshInterval = TimeSpan.FromHours(1),
        };
        _config.EnsureValid();
    }

    /// <summary>Runs joins, stores, failures and lookups, reporting progress lines to <paramref name="progress"/>.</summary>
    public SimulationReport Run(Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        long joinMessages = 0;
        for (int i = 0; i < _options.Nodes; i++)
        {
            SimNode node = CreateNode(i);
            if (i > 0)
            {
                joinMessages += Join(node, _nodes[_random.Next(i)]);
            }

            _nodes.Add(node);
            _byId.Add(node.Id, node);
            if (progress is not null && (i + 1) % 1000 == 0)
            {
                progress($"joined {i + 1:N0}/{_options.Nodes:N0} nodes");
            }
        }

        var keys = new List<DhtKey>(_options.Records);
        var publishers = new Dictionary<DhtKey, SimNode>(_options.Records);
        for (int r = 0; r < _options.Records; r++)
        {
            var key = new DhtKey(Hash256.Random(_random));
            SimNode publisher = _nodes[_random.Next(_nodes.Count)];
            LookupQuery store = RunLookup(publisher, key, findValue: false);
            foreach (Contact holder in store.ClosestSucceeded(_options.K))
            {
                _byId[holder.Id].Records.Add(key);
            }

            publisher.Records.Add(key);
            keys.Add(key);
            publishers[key] = publisher;
        }

        progress?.Invoke($"stored {keys.Count:N0} records on their {_options.K} closest nodes");
        ChurnReport? churn = _options.Hours > 0 ? RunChurn(keys, publishers, progress) : null;

        int victims = (int)Math.Round(_options.DeadFraction * _nodes.Count);
        foreach (SimNode victim in _nodes.OrderBy(_ => _random.Next()).Take(victims))
        {
            victim.Dead = true;
        }

        progress?.Invoke($"killed {victims:N0} nodes ({_options.DeadFraction:P0})");
        List<SimNode> alive = _nodes.Where(n => !n.Dead).ToList();
        var rounds = new List<int>();
        var messages = new List<int>();
        var latency = new List<long>();
        var valueLatency = new List<long>();
        var nodeLatency = new List<long>();
        int valueFound = 0;
        int valueLookups = 0;
        for (int l = 0; l < _options.Lookups && keys.Count > 0; l++)
        {
            DhtKey key = keys[l % keys.Count];
            SimNode origin = alive[_random.Next(alive.Count)];
            long start = _now;
            LookupQuery query = RunLookup(origin, key, findValue: true);
            valueLookups++;
            valueFound += query.ValueFound ? 1 : 0;
            rounds.Add(query.Rounds);
            messages.Add(query.Messages);
            latency.Add(_now - start);
            valueLatency.Add(_now - start);
        }

        progress?.Invoke($"ran {valueLookups:N0} FindValue lookups");
        int nodeFound = 0;
        int nodeLookups = 0;
        for (int l = 0; l < _options.Lookups; l++)
        {
            var target = new DhtKey(Hash256.Random(_random));
            SimNode origin = alive[_random.Next(alive.Count)];
            long start = _now;
            LookupQuery query = RunLookup(origin, target, findValue: false);
            SimNode closest = alive.Where(n => n != origin).MinBy(n => n.Id.Value.Xor(target.Value))!;
            nodeLookups++;
            nodeFound += query.ClosestSucceeded(_options.K).Any(c => c.Id == closest.Id) ? 1 : 0;
            rounds.Add(query.Rounds);
            messages.Add(query.Messages);
            latency.Add(_now - start);
            nodeLatency.Add(_now - start);
        }

        progress?.Invoke($"ran {nodeLookups:N0} FindNode lookups");
        return new SimulationReport
        {
            Options = _options,
            Joined = _nodes.Count(n => n.Table.Count > 0 || _nodes.Count == 1),
            MeanContacts = _nodes.Average(n => n.Table.Count),
            JoinMessages = joinMessages,
            FindValueLookups = valueLookups,
            FindValueFound = valueFound,
            FindNodeLookups = nodeLookups,
            FindNodeFound = nodeFound,
            Rounds = rounds,
            Messages = messages,
            LatencyMs = latency,
            FindValueLatencyMs = valueLatency,
            FindNodeLatencyMs = nodeLatency,
            Elapsed = clock.Elapsed,
            Churn = churn,
        };
    }

    private long _now;

    /// <summary>
    /// Answers prefer contacts heard from within this window: a year, as the simulation always used
    /// (its nodes do no periodic bucket refresh between lookups, so they hear from contacts less
    /// often than a node does); the node uses BucketRefreshInterval.
    /// </summary>
    private static readonly TimeSpan AnswerWindow = TimeSpan.FromDays(365);

    private SimNode CreateNode(int index)
    {
        var id = new NodeId(Hash256.Random(_random));
        var address = new IPAddress([(byte)(10 + (index >> 16)), (byte)(index >> 8), (byte)index, 1]);
        return new SimNode(new Contact(id, new IPEndPoint(address, 4000)), _config);
    }

    private LookupQuery RunLookup(SimNode origin, DhtKey target, bool findValue)
    {
        var query = new LookupQuery(
            target,
            origin.Table.Closest(target, _options.K),
            _options.K,
            _options.Alpha,
            _options.Paths,
            TimeSpan.FromMilliseconds(_options.TimeoutMs),
            origin.Id,
            _ => AdaptiveTimeoutOf(origin),
            valueLookup: findValue);
        if (findValue && origin.Records.Contains(target))
        {
            query.OnValue(origin.Id);
            return query;
        }

        var events = new PriorityQueue<(Contact Peer, bool Ok, long SentAt), (long Time, long Seq)>();
        try
        {
            return Drive(origin, target, findValue, query, events);
        }
        finally
        {
            // Requests still out when the lookup finished complete in the background, as in
            // KademliaNode: failures count against the contact, answers refresh both tables.
            while (events.TryDequeue(out (Contact Peer, bool Ok, long SentAt) late, out (long Time, long Seq) when))
            {
                if (late.Ok)
                {
                    Learn(_byId[late.Peer.Id], origin);
                    Learn(origin, _byId[late.Peer.Id]);
                }
                else
                {
                    origin.Table.RecordFailure(late.Peer.Id, Epoch(when.Time));
                }
            }
        }
    }

    private LookupQuery Drive(SimNode origin, DhtKey target, bool findValue, LookupQuery query, PriorityQueue<(Contact Peer, bool Ok, long SentAt), (long Time, long Seq)> events)
    {
        while (true)
        {
            _send.Clear();
            if (query.Next(Epoch(_now), _send))
            {
                return query;
            }

            foreach (Contact peer in _send)
            {
                SimNode target2 = _byId[peer.Id];
                bool lost = _options.LossRate > 0 && _random.NextDouble() < _options.LossRate;
                bool ok = !target2.Dead && !lost;
                long delay = ok ? Latency() + Latency() : _options.TimeoutMs;
                events.Enqueue((peer, ok, _now), (_now + delay, _sequence++));
            }

            long? slowAt = query.NextSlowAt(Epoch(_now)) is { } slow ? (long)Math.Ceiling((slow - DateTimeOffset.UnixEpoch).TotalMilliseconds) : null;
            bool hasEvent = events.TryPeek(out _, out (long Time, long Seq) nextAt);
            if (slowAt is { } wake && (!hasEvent || wake < nextAt.Time))
            {
                // A request goes slow before anything answers: wake and let the lookup move on.
                _now = wake;
                continue;
            }

            if (!events.TryDequeue(out (Contact Peer, bool Ok, long SentAt) next, out (long Time, long Seq) at))
            {
                return query;
            }

            long rtt = at.Time - next.SentAt;
            _now = at.Time;
            if (!next.Ok)
            {
                query.OnFailure(next.Peer.Id);
                origin.Table.RecordFailure(next.Peer.Id, Epoch(_now));
                continue;
            }

            SimNode responder = _byId[next.Peer.Id];
            origin.SmoothedRttMs = origin.SmoothedRttMs == 0 ? rtt : origin.SmoothedRttMs + ((rtt - origin.SmoothedRttMs) / 8.0);
            Learn(responder, origin);
            Learn(origin, responder);
            if (findValue && responder.Records.Contains(target))
            {
                query.OnValue(responder.Id);
                return query;
            }

            responder.Table.ClosestForAnswer(target, _options.K, _answer, origin.Id, Epoch(_now) - AnswerWindow);
            query.OnSuccess(responder.Id, _answer);
        }
    }

    /// <summary>
    /// <paramref name="node"/> joins through <paramref name="bootstrap"/> as KademliaNode.JoinAsync does: a lookup of its own
    /// id, then a lookup of a random id in every bucket farther than its closest neighbour that has
    /// fewer than k contacts (Kademlia §2.3). Returns the messages sent.
    /// </summary>
    private long Join(SimNode node, SimNode bootstrap)
    {
        Learn(node, bootstrap);
        long messages = RunLookup(node, DhtKey.FromNode(node.Id), findValue: false).Messages;
        int nearest = node.Table.Closest(DhtKey.FromNode(node.Id), 1) is [Contact closest] ? node.Table.BucketIndex(closest.Id) : 0;
        for (int index = 0; index < nearest; index++)
        {
            if (node.Table.Bucket(index).Count < _options.K)
            {
                messages += RunLookup(node, node.Table.RandomKeyInBucket(index, _random), findValue: false).Messages;
            }
        }

        return messages;
    }

    /// <summary><paramref name="learner"/> receives a verified message from <paramref name="sender"/>.</summary>
    private void Learn(SimNode learner, SimNode sender)
    {
        UpdateResult result = learner.Table.Update(sender.Contact, Epoch(_now));
        if (result.Outcome == UpdateOutcome.PingLeastRecentlySeen && result.PingCandidate is { } candidate)
        {
            bool alive = !_byId[candidate.Id].Dead;
            learner.Table.OnPingResult(candidate.Id, alive, Epoch(_now));
        }
    }

    /// <summary>The node's rule with this origin's smoothed RTT.</summary>
    private TimeSpan AdaptiveTimeoutOf(SimNode origin) =>
        AdaptiveTimeout.For(origin.SmoothedRttMs == 0 ? null : TimeSpan.FromMilliseconds(origin.SmoothedRttMs), TimeSpan.FromMilliseconds(_options.TimeoutMs));

    private long Latency() => _random.Next(_options.MinLatencyMs, _options.MaxLatencyMs + 1);

    private static DateTimeOffset Epoch(long ms) => DateTimeOffset.UnixEpoch.AddMilliseconds(ms);

    private sealed class SimNode
    {
        public SimNode(Contact contact, DhtConfig config)
        {
            Contact = contact;
            Table = new RoutingTable(contact.Id, config);
        }

        public Contact Contact { get; }

        public NodeId Id => Contact.Id;

        public RoutingTable Table { get; }

        public HashSet<DhtKey> Records { get; } = [];

        public bool Dead { get; set; }

        /// <summary>Smoothed RTT over this node's answered requests, ms; 0 before the first.</summary>
        public double SmoothedRttMs { get; set; }
    }
}
