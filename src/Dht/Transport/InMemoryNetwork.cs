using System.Collections.Concurrent;
using System.Net;
using Zhtp.Storage.Dht.Transport;
using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht;

// Implementation notes
// Each transport gets a distinct address 10.a.b.1:4000 (one /24 per node, so eclipse limits do
// not interfere with simulations of up to 2^24 nodes). Delivery copies the datagram (the sender
// may reuse its buffer) and runs the receiver on the thread pool, never inline, so a node never
// re-enters itself. Per node the network holds one small object: 10,000+ nodes fit easily.
// Idleness (for drivers of a fake clock): _busy counts deliveries queued or running and bulk
// exchanges in progress; _awaiting holds every request delivered to a live node until that node's
// reply (same request id, back to the requester) is handed to the network. A reply is counted busy
// before its request leaves _awaiting, so the two never both read zero in between.

/// <summary>
/// An in-process datagram network for tests and simulations, with configurable latency, loss and
/// dead nodes. Thread-safe.
/// </summary>
public sealed class InMemoryNetwork
{
    private readonly ConcurrentDictionary<IPEndPoint, InMemoryTransport> _nodes = new();
    private readonly InMemoryNetworkOptions _options;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private int _next;
    private long _delivered;
    private long _dropped;
    private int _busy;
    // Every delivery and every reply touches it: striped 64 ways, because with the default (one lock
    // per core) a profile of 1,500 nodes on 2 loaded cores spent a third of its CPU spinning on those
    // locks while a preempted holder kept them.
    private readonly ConcurrentDictionary<(IPEndPoint Requester, IPEndPoint Responder, ulong RequestId), byte> _awaiting = new(concurrencyLevel: 64, capacity: 1024);

    /// <summary>Creates an empty network.</summary>
    public InMemoryNetwork(InMemoryNetworkOptions? options = null)
    {
        _options = options ?? new InMemoryNetworkOptions();
        if (_options.LossRate is < 0 or > 1 || _options.MinLatency < TimeSpan.Zero || _options.MaxLatency < _options.MinLatency)
        {
            throw new ArgumentException("InMemoryNetworkOptions: LossRate must be in 0..1 and 0 <= MinLatency <= MaxLatency.", nameof(options));
        }

        _random = new Random(_options.Seed);
    }

    /// <summary>Datagrams delivered so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Datagrams lost so far (loss, dead or unknown destination).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// True when nothing in the network can progress without time passing: no datagram is queued or
    /// being delivered, no bulk exchange is running, and every request delivered to a live node has
    /// been answered. Datagrams held back by latency do not count (they wait for time). A driver of
    /// a fake <see cref="InMemoryNetworkOptions.TimeProvider"/> advances time only while this holds,
    /// so that no request times out merely because its answer was slow to compute.
    /// </summary>
    public bool IsIdle => Volatile.Read(ref _busy) == 0 && _awaiting.IsEmpty;

    /// <summary>The clock of latencies and bulk timeouts.</summary>
    internal TimeProvider TimeProvider => _options.TimeProvider;

    /// <summary>Creates a transport with a new unique address on this network.</summary>
    public IDatagramTransport CreateTransport()
    {
        int index = Interlocked.Increment(ref _next);
        var address = new IPAddress([(byte)(10 + (index >> 16)), (byte)(index >> 8), (byte)index, 1]);
        var transport = new InMemoryTransport(this, new IPEndPoint(address, 4000));
        _nodes[transport.LocalEndPoint] = transport;
        return transport;
    }

    /// <summary>Creates a transport at <paramref name="endPoint"/>, an address a disposed node had: a node restarted at its old address (tests).</summary>
    internal IDatagramTransport CreateTransportAt(IPEndPoint endPoint)
    {
        var transport = new InMemoryTransport(this, endPoint);
        if (!_nodes.TryAdd(endPoint, transport))
        {
            throw new InvalidOperationException($"{endPoint} is in use by a live transport; dispose its node first.");
        }

        return transport;
    }

    /// <summary>Makes a node unreachable (its datagrams in both directions are lost) without disposing it.</summary>
    public void Kill(IPEndPoint endPoint) => SetDead(endPoint, true);

    /// <summary>Makes a killed node reachable again.</summary>
    public void Revive(IPEndPoint endPoint) => SetDead(endPoint, false);

    /// <summary>
    /// Test and simulation harness: creates <paramref name="count"/> nodes on this network, each with
    /// an in-memory record store, and joins them all through the first. <paramref name="signers"/>
    /// creates each node's key (default: ECDSA P-256; pass <see cref="NodeSigners.CreateInsecureForSimulation"/>
    /// for speed in large simulations). Dispose every node when done.
    /// </summary>
    public async Task<IReadOnlyList<IDhtNode>> StartNodesAsync(int count, Types.DhtConfig? config = null, Func<int, INodeSigner>? signers = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        config ??= new Types.DhtConfig();
        var nodes = new List<IDhtNode>(count);
        for (int i = 0; i < count; i++)
        {
            INodeSigner signer = signers?.Invoke(i) ?? NodeSigners.CreateEcdsaP256();
            nodes.Add(await DhtNode.CreateAsync(new DhtNodeOptions
            {
                Config = config,
                Transport = CreateTransport(),
                Signer = signer,
                TimeProvider = _options.TimeProvider,
                Seed = _options.Seed + i,
                MaintenanceInterval = null,
            }, cancellationToken).ConfigureAwait(false));
        }

        IPEndPoint bootstrap = nodes[0].Self.EndPoint;
        for (int i = 1; i < count; i++)
        {
            await nodes[i].JoinAsync([bootstrap], cancellationToken).ConfigureAwait(false);
        }

        return nodes;
    }

    internal void Remove(IPEndPoint endPoint)
    {
        _nodes.TryRemove(endPoint, out _);
        ForgetRequestsTo(endPoint);
    }

    /// <summary>Delivers a bulk frame to the node at <paramref name="to"/> and returns its reply (null when it is dead, unknown or has no bulk channel).</summary>
    internal async Task<byte[]?> ExchangeAsync(InMemoryTransport from, IPEndPoint to, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (from.Dead || !_nodes.TryGetValue(to, out InMemoryTransport? target) || target.Dead || target.BulkHandler is not { } handler)
        {
            return null;
        }

        Interlocked.Increment(ref _busy);
        try
        {
            await Task.Yield();
            using PooledFrame request = PooledFrame.Of(frame.ToArray());
            using PooledFrame? reply = await handler(request, from.LocalEndPoint, cancellationToken).ConfigureAwait(false);
            return reply?.Span.ToArray();
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }

    internal void Send(InMemoryTransport from, ReadOnlyMemory<byte> datagram, IPEndPoint to)
    {
        bool parsed = EnvelopeCodec.TryParse(datagram.Span, out EnvelopeView view) == DropReason.None;
        (IPEndPoint, IPEndPoint, ulong)? answers = parsed && !MessageTypes.IsRequest(view.Type) ? (to, from.LocalEndPoint, view.RequestId) : null;
        (IPEndPoint, IPEndPoint, ulong)? asks = parsed && MessageTypes.IsRequest(view.Type) ? (from.LocalEndPoint, to, view.RequestId) : null;
        if (from.Dead || !_nodes.TryGetValue(to, out InMemoryTransport? target) || target.Dead || Lost(out TimeSpan delay))
        {
            Interlocked.Increment(ref _dropped);
            Answered(answers);
            return;
        }

        byte[] copy = datagram.ToArray();
        IPEndPoint source = from.LocalEndPoint;
        if (delay <= TimeSpan.Zero)
        {
            Queue(target, copy, source, asks);
            Answered(answers);
            return;
        }

        ITimer? timer = null;
        timer = _options.TimeProvider.CreateTimer(
            _ =>
            {
                // A fake clock fires timers on whichever thread advances it: hand over to the pool.
                Queue(target, copy, source, asks);
                timer?.Dispose();
            },
            null,
            delay,
            Timeout.InfiniteTimeSpan);
        Answered(answers);
    }

    private void Queue(InMemoryTransport target, byte[] datagram, IPEndPoint from, (IPEndPoint, IPEndPoint, ulong)? request)
    {
        Interlocked.Increment(ref _busy);
        ThreadPool.UnsafeQueueUserWorkItem(
            _ =>
            {
                try
                {
                    Deliver(target, datagram, from, request);
                }
                finally
                {
                    Interlocked.Decrement(ref _busy);
                }
            },
            null);
    }

    private void Answered((IPEndPoint, IPEndPoint, ulong)? reply)
    {
        if (reply is { } key)
        {
            _awaiting.TryRemove(key, out _);
        }
    }

    private void Deliver(InMemoryTransport target, byte[] datagram, IPEndPoint from, (IPEndPoint, IPEndPoint, ulong)? request)
    {
        if (target.Dead)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (request is { } key)
        {
            _awaiting.TryAdd(key, 0);
            if (!_nodes.TryGetValue(target.LocalEndPoint, out InMemoryTransport? current) || current != target)
            {
                // Removed meanwhile: it will never answer (checked after the add, so Remove cannot slip in between).
                _awaiting.TryRemove(key, out _);
            }
        }

        Interlocked.Increment(ref _delivered);
        target.Receive(datagram, from);
    }

    private void ForgetRequestsTo(IPEndPoint responder)
    {
        foreach ((IPEndPoint, IPEndPoint Responder, ulong) key in _awaiting.Keys)
        {
            if (key.Responder.Equals(responder))
            {
                _awaiting.TryRemove(key, out _);
            }
        }
    }

    private bool Lost(out TimeSpan delay)
    {
        lock (_randomLock)
        {
            TimeSpan spread = _options.MaxLatency - _options.MinLatency;
            delay = _options.MinLatency + (spread > TimeSpan.Zero ? spread * _random.NextDouble() : TimeSpan.Zero);
            return _options.LossRate > 0 && _random.NextDouble() < _options.LossRate;
        }
    }

    private void SetDead(IPEndPoint endPoint, bool dead)
    {
        if (!_nodes.TryGetValue(endPoint, out InMemoryTransport? transport))
        {
            throw new ArgumentException($"No node at {endPoint} on this network; use an endpoint returned by CreateTransport.", nameof(endPoint));
        }

        transport.Dead = dead;
        if (dead)
        {
            ForgetRequestsTo(endPoint);
        }
    }
}
