using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Lookup;

// Implementation notes
// The iterative lookup of Maymounkov & Mazières §2.3 as a pure state machine in the style of
// rust-libp2p `query/peers/closest`: the driver calls Next(now) for the requests to send and feeds
// answers back with OnSuccess / OnFailure / OnValue. No I/O, no timers.
//  * At most α requests are in flight per path; a request outstanding longer than its peer's
//    slow-after time (adaptive per peer: the driver passes clamp(4 × srtt, 150 ms, timeout)) stops
//    counting against α, so one dead peer cannot stall a path. The driver wakes at NextSlowAt.
//  * The window of a path is its k closest peers that have neither failed nor gone slow.
//  * Final round (Kademlia §2.3, rust-libp2p ClosestPeersIter "stalled"): once α answers in a row
//    named no peer closer than the closest known, or the α closest of the window have all answered,
//    the rest of the window is asked at once (parallelism k instead of α). A later answer that
//    names a closer peer returns the path to α.
//  * Termination (per path), whichever comes first:
//    - every peer of the window has answered (and at least one peer has answered if any slow
//      request is still outstanding, so a lone slow bootstrap is waited for, not given up on);
//    - quorum: every peer of the window has been asked, at least ⌈k/2⌉ of it answered, and each
//      peer of the window has answered or been outstanding for half its slow-after time (about
//      2 × srtt, past the answer time of a live peer) if it is one of the α closest, a third
//      (about 1.3 × srtt) otherwise. A dead contact in the window would otherwise hold the lookup
//      for its whole slow-after time; the closest, which decide "closest node found", get longer.
//    A slow peer that answers late is used like any other (it may reopen the path). The driver
//    wakes at NextSlowAt, which includes the quorum deadline.
//  * Patience below quorum: while fewer than ⌈k/2⌉ of the window answered, a slow peer holds the
//    path until its full request timeout (not only its adaptive slow-after time), so a loaded
//    machine's late answers are not dropped and a small network's lookup does not end with one node.
//  * Value lookups (FindValue, ContractFind) with no value yet take no quorum: the peers still
//    silent are exactly those that may hold the value, and a "not found" because a live holder
//    answered a little late is wrong where a FindNode's slightly short closest set is not (a store
//    on the peers that answered is re-replicated later). Each silent peer of the window is waited
//    for until it answers, fails or goes slow (its whole adaptive time, ≈ 4 × srtt, instead of
//    the quorum's 1.3–2 × srtt), so a dead one still costs one adaptive timeout, never the request
//    timeout. Once a mutable value is in hand, the quorum applies again.
//  * Disjoint paths (Baumgart & Mies, S/Kademlia §4.4): the seeds are dealt round-robin to d
//    paths and every peer belongs to the first path that learns of it, so the paths query
//    disjoint peer sets; the result is the k closest over all paths.
//  * Rounds = the largest hop depth among answering peers (for FindValue, the depth of the peer
//    that returned the value). Messages = requests sent.

/// <summary>The state of one iterative FindNode / FindValue lookup.</summary>
internal sealed class LookupQuery
{
    private readonly Dictionary<NodeId, LookupPeer> _peers = [];
    private readonly PathState[] _paths;
    private readonly int _k;
    private readonly int _alpha;
    private readonly int _quorum;
    private readonly TimeSpan _slowAfter;
    private readonly Func<NodeId, TimeSpan>? _slowAfterOf;
    private readonly NodeId? _self;
    private readonly bool _valueLookup;

    /// <param name="target">The key looked up.</param>
    /// <param name="seeds">The first peers to ask (from the local routing table).</param>
    /// <param name="k">Result size, and how many closest peers must answer before a path is done.</param>
    /// <param name="alpha">Requests in flight per path.</param>
    /// <param name="paths">Disjoint paths (S/Kademlia); 1 = the classic lookup.</param>
    /// <param name="slowAfter">How long a request may be outstanding before it stops holding the lookup, for every peer unless <paramref name="slowAfterOf"/> says otherwise.</param>
    /// <param name="self">The local node, never added as a peer.</param>
    /// <param name="slowAfterOf">Per-peer slow-after time (adaptive timeouts); null = <paramref name="slowAfter"/> for all.</param>
    /// <param name="valueLookup">True for FindValue and ContractFind: until a value is found, no quorum ends the lookup; the window's silent peers are waited for until they go slow (see the implementation notes).</param>
    public LookupQuery(DhtKey target, IEnumerable<Contact> seeds, int k, int alpha, int paths, TimeSpan slowAfter, NodeId? self = null, Func<NodeId, TimeSpan>? slowAfterOf = null, bool valueLookup = false)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(alpha, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(paths, 1);
        Target = target;
        _k = k;
        _alpha = alpha;
        _quorum = (k + 1) / 2;
        _slowAfter = slowAfter;
        _slowAfterOf = slowAfterOf;
        _self = self;
        _valueLookup = valueLookup;
        _paths = new PathState[paths];
        for (int i = 0; i < paths; i++)
        {
            _paths[i] = new PathState();
        }

        int next = 0;
        foreach (Contact seed in seeds.OrderBy(c => c.Id.Value.Xor(target.Value)))
        {
            if (TryAdd(seed, depth: 1, path: next))
            {
                next = (next + 1) % paths;
            }
        }
    }

    /// <summary>The key being looked up.</summary>
    public DhtKey Target { get; }

    /// <summary>True once the lookup ended (terminated, ran out of peers, or found the value).</summary>
    public bool IsFinished { get; private set; }

    /// <summary>True when <see cref="OnValue"/> ended the lookup.</summary>
    public bool ValueFound { get; private set; }

    /// <summary>The largest hop depth among answering peers.</summary>
    public int Rounds { get; private set; }

    /// <summary>Requests handed out by <see cref="Next"/>.</summary>
    public int Messages { get; private set; }

    /// <summary>Peers that failed or timed out.</summary>
    public int Failures { get; private set; }

    /// <summary>
    /// The earliest time after <paramref name="now"/> at which an outstanding request goes slow, so
    /// the driver can call <see cref="Next"/> then even if no answer arrives; null when none is outstanding.
    /// </summary>
    public DateTimeOffset? NextSlowAt(DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (PathState path in _paths)
        {
            if (path.QuorumAt is { } quorumAt && quorumAt > now && (next is null || quorumAt < next))
            {
                next = quorumAt;
            }

            if (path.PatienceAt is { } patienceAt && patienceAt > now && (next is null || patienceAt < next))
            {
                next = patienceAt;
            }
        }

        foreach (LookupPeer peer in _peers.Values)
        {
            if (peer.Status == PeerStatus.Waiting && peer.SlowAt > now && (next is null || peer.SlowAt < next))
            {
                next = peer.SlowAt;
            }
        }

        return next;
    }

    /// <summary>
    /// Appends to <paramref name="toSend"/> the peers to ask now (marking them waiting) and returns
    /// true when the lookup is finished. Call again after every answer.
    /// </summary>
    public bool Next(DateTimeOffset now, List<Contact> toSend)
    {
        ArgumentNullException.ThrowIfNull(toSend);
        if (IsFinished)
        {
            return true;
        }

        bool allDone = true;
        foreach (PathState path in _paths)
        {
            if (!StepPath(path, now, toSend))
            {
                allDone = false;
            }
        }

        IsFinished = allDone;
        return allDone;
    }

    /// <summary>Feeds the answer of <paramref name="peer"/>: the closer peers it returned.</summary>
    public void OnSuccess(NodeId peer, IEnumerable<Contact> closer)
    {
        ArgumentNullException.ThrowIfNull(closer);
        if (!_peers.TryGetValue(peer, out LookupPeer? state) || state.Status is PeerStatus.Succeeded)
        {
            return;
        }

        state.Status = PeerStatus.Succeeded;
        Rounds = Math.Max(Rounds, state.Depth);
        PathState path = _paths[state.Path];
        Hash256? closestBefore = path.Peers.Count > 0 ? path.Peers[0].Distance : null;
        foreach (Contact contact in closer)
        {
            TryAdd(contact, state.Depth + 1, state.Path);
        }

        // Progress = the answer named a peer closer than any known before (rust-libp2p ClosestPeersIter).
        if (closestBefore is null || path.Peers[0].Distance < closestBefore.Value)
        {
            path.NoProgress = 0;
            path.Stalled = false;
        }
        else if (++path.NoProgress >= _alpha)
        {
            path.Stalled = true;
        }
    }

    /// <summary>Records that <paramref name="peer"/> failed or timed out.</summary>
    public void OnFailure(NodeId peer)
    {
        if (_peers.TryGetValue(peer, out LookupPeer? state) && state.Status is PeerStatus.Waiting or PeerStatus.NotContacted)
        {
            state.Status = PeerStatus.Failed;
            Failures++;
        }
    }

    /// <summary>
    /// Records that <paramref name="peer"/> returned a mutable record without ending the lookup: a newer
    /// sequence may sit on a closer peer, so the lookup goes on until the k closest have answered (as
    /// BEP 44's get does), and the caller keeps the highest sequence seen.
    /// </summary>
    public void OnValueContinue(NodeId peer)
    {
        if (_peers.TryGetValue(peer, out LookupPeer? state) && state.Status is PeerStatus.Waiting or PeerStatus.NotContacted)
        {
            state.Status = PeerStatus.Succeeded;
            Rounds = Math.Max(Rounds, state.Depth);
        }

        ValueFound = true;
    }

    /// <summary>Ends a FindValue lookup: <paramref name="peer"/> returned the value.</summary>
    public void OnValue(NodeId peer)
    {
        if (_peers.TryGetValue(peer, out LookupPeer? state))
        {
            state.Status = PeerStatus.Succeeded;
            Rounds = Math.Max(Rounds, state.Depth);
        }

        ValueFound = true;
        IsFinished = true;
    }

    /// <summary>Up to k peers that answered, closest to the target first (over all paths).</summary>
    public List<Contact> ClosestSucceeded(int? count = null)
    {
        return _peers.Values
            .Where(p => p.Status == PeerStatus.Succeeded)
            .OrderBy(p => p.Distance)
            .Take(count ?? _k)
            .Select(p => p.Contact)
            .ToList();
    }

    /// <summary>Every peer the lookup learned of, in no particular order.</summary>
    public IEnumerable<LookupPeer> Peers => _peers.Values;

    private bool StepPath(PathState state, DateTimeOffset now, List<Contact> toSend)
    {
        List<LookupPeer> path = state.Peers;
        int parallelism = state.Stalled || HeadAnswered(path, now) ? _k : _alpha;
        int inFlight = 0;
        foreach (LookupPeer peer in path)
        {
            if (peer.Status == PeerStatus.Waiting && now < peer.SlowAt)
            {
                inFlight++;
            }
        }

        // Walk the window (the k closest peers that have neither failed nor gone slow): the path is
        // done when they have all answered, or on a quorum (see the implementation notes).
        int seen = 0;
        int answered = 0;
        bool pending = false;
        bool unasked = false;
        bool slowOutstanding = false;
        DateTimeOffset? patienceEnd = null;
        DateTimeOffset quorumEnd = DateTimeOffset.MinValue;
        foreach (LookupPeer peer in path)
        {
            if (seen >= _k)
            {
                break;
            }

            switch (peer.Status)
            {
                case PeerStatus.Failed:
                    continue;
                case PeerStatus.Succeeded:
                    seen++;
                    answered++;
                    continue;
                case PeerStatus.Waiting when now >= peer.SlowAt:
                    // Gone slow: treated as failed for termination, but a late answer still counts.
                    slowOutstanding = true;
                    DateTimeOffset hardAt = peer.SentAt + _slowAfter;
                    if (hardAt > now && (patienceEnd is null || hardAt > patienceEnd))
                    {
                        patienceEnd = hardAt;
                    }

                    continue;
                case PeerStatus.NotContacted when inFlight >= parallelism:
                    seen++;
                    pending = true;
                    unasked = true;
                    continue;
                case PeerStatus.NotContacted:
                    peer.Status = PeerStatus.Waiting;
                    peer.SentAt = now;
                    peer.SlowAt = now + (_slowAfterOf?.Invoke(peer.Contact.Id) ?? _slowAfter);
                    inFlight++;
                    Messages++;
                    toSend.Add(peer.Contact);
                    goto case PeerStatus.Waiting;
                case PeerStatus.Waiting:
                    seen++;
                    pending = true;
                    DateTimeOffset grace = peer.SentAt + ((peer.SlowAt - peer.SentAt) * (seen <= _alpha ? 3 : 2) / 6);
                    quorumEnd = grace > quorumEnd ? grace : quorumEnd;

                    continue;
            }
        }

        // Quorum: every peer of the window asked and half of it answered. The α closest are waited
        // for half their slow-after time (≈ 2 × srtt), the rest a third (≈ 1.3 × srtt; a quarter missed the
        // closest node in 2 of 1,000 FindNodes of a healthy 10,000-node simulation), not the whole.
        state.QuorumAt = null;
        bool searching = _valueLookup && !ValueFound;
        if (pending && !unasked && answered >= _quorum && !searching)
        {
            if (now >= quorumEnd)
            {
                return true;
            }

            state.QuorumAt = quorumEnd;
        }

        // Never end with nothing while a slow request may still answer: with no answer at all (a
        // lone bootstrap on a loaded machine) the lookup waits for the slow ones to answer or fail.
        if (!pending && slowOutstanding && !path.Exists(p => p.Status == PeerStatus.Succeeded))
        {
            pending = true;
        }

        // Below quorum, a peer that went slow is waited for up to the full request timeout, not
        // just its adaptive slow-after time: on a loaded machine a live peer's answer can lag a
        // few hundred milliseconds, and a small network would otherwise end the lookup with one
        // or two of its nodes (and a store would land on too few holders).
        state.PatienceAt = null;
        if (!pending && answered < _quorum && patienceEnd is { } patience)
        {
            pending = true;
            state.PatienceAt = patience;
        }

        return !pending;
    }

    /// <summary>True when the α closest peers of the window (not failed, not slow) have all answered: the lookup has converged.</summary>
    private bool HeadAnswered(List<LookupPeer> path, DateTimeOffset now)
    {
        int head = 0;
        foreach (LookupPeer peer in path)
        {
            if (peer.Status == PeerStatus.Failed || (peer.Status == PeerStatus.Waiting && now >= peer.SlowAt))
            {
                continue;
            }

            if (peer.Status != PeerStatus.Succeeded)
            {
                return false;
            }

            if (++head >= _alpha)
            {
                return true;
            }
        }

        return false;
    }

    private bool TryAdd(Contact contact, int depth, int path)
    {
        if (contact.Id == _self || _peers.ContainsKey(contact.Id))
        {
            return false;
        }

        var peer = new LookupPeer(contact, contact.Id.Value.Xor(Target.Value), depth, path);
        _peers.Add(contact.Id, peer);
        List<LookupPeer> list = _paths[path].Peers;
        int index = list.BinarySearch(peer, DistanceComparer.Instance);
        list.Insert(index < 0 ? ~index : index, peer);
        return true;
    }

    private sealed class PathState
    {
        public List<LookupPeer> Peers { get; } = [];

        /// <summary>Answers in a row that named no peer closer than the closest known.</summary>
        public int NoProgress { get; set; }

        /// <summary>α answers in a row brought nothing closer: the rest of the window is asked at once (Kademlia §2.3's final round).</summary>
        public bool Stalled { get; set; }

        /// <summary>When the quorum has been reached and the path ends unless an α-closest peer answers first.</summary>
        public DateTimeOffset? QuorumAt { get; set; }

        /// <summary>Below quorum with slow requests outstanding: when the last of them reaches the full request timeout.</summary>
        public DateTimeOffset? PatienceAt { get; set; }
    }

    private sealed class DistanceComparer : IComparer<LookupPeer>
    {
        public static readonly DistanceComparer Instance = new();

        public int Compare(LookupPeer? x, LookupPeer? y) => x!.Distance.CompareTo(y!.Distance);
    }
}
