using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Zhtp.Storage.Dht.Routing;
using Zhtp.Storage.Dht.Rpc;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Node;

// Implementation notes
// The node glues the pure cores (RoutingTable, LookupQuery, record rules) to a transport. Split by
// concern: Receive (validation pipeline and drop counting), Rpc (request/response matching,
// timeouts, retries, concurrency limit), Handlers (answers), Lookups (iterative lookup driver),
// Records (store/find/maintenance), Contracts (contract seam and application requests).
// The routing table is guarded by _tableLock; everything else is thread-safe on its own.

/// <summary>The Kademlia node behind <see cref="IDhtNode"/>.</summary>
internal sealed partial class KademliaNode : IDhtNode
{
    private readonly DhtConfig _config;
    private readonly IDatagramTransport _transport;
    private readonly INodeSigner _signer;
    private readonly IRecordStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RoutingTable _table;
    private readonly Lock _tableLock = new();
    private readonly NodeCounters _counters = new();
    private readonly ContactStatsTracker _contactStats = new();
    private readonly LatencyWindow _latency = new();
    private readonly ReplayCache _replay;
    private readonly SessionKeys? _sessions;
    private readonly ConcurrentDictionary<ulong, PendingRequest> _pending = new();
    private readonly SemaphoreSlim _concurrency;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly bool _seeded;
    private readonly bool _clientMode;
    private readonly string? _snapshotPath;
    private readonly int _envelopeOverhead;
    private IReadOnlyList<Contact> _savedContacts = [];
    private List<Contact>? _savedSnapshot;
    private ITimer? _maintenanceTimer;
    private ITimer? _sweepTimer;
    private int _sweepArmed;
    private int _maintenanceRunning;

    private KademliaNode(DhtNodeOptions options, IRecordStore store)
    {
        _config = options.Config;
        _transport = options.Transport;
        _signer = options.Signer;
        if ((_signer.Algorithm & (EnvelopeCodec.SessionFlag | EnvelopeCodec.ClientFlag)) != 0)
        {
            throw new ArgumentException($"Signer algorithm id {_signer.Algorithm} uses bit 0x40 or 0x80, which are the envelope's client and session flags; algorithm ids are 0..63 (docs/protocol.md).", nameof(options));
        }

        _store = store;
        _time = options.TimeProvider;
        _logger = options.Logger ?? NullLogger.Instance;
        Self = new Contact(NodeId.FromPublicKey(_signer.PublicKey.Span), _transport.LocalEndPoint);
        _table = new RoutingTable(Self.Id, _config);
        _seeded = options.Seed.HasValue;
        _clientMode = options.ClientMode;
        _snapshotPath = options.RoutingSnapshotPath;
        _random = options.Seed is { } seed ? new Random(seed) : new Random(RandomNumberGenerator.GetInt32(int.MaxValue));
        _sessions = _signer is Identity.IKeyAgreement agreement ? new SessionKeys(agreement, Self.Id) : null;
        bool required = EnvelopeCodec.RequiresHandshake(_signer, _config.MaxDatagramSize);
        if (options.HybridHandshake == false && required)
        {
            throw new ArgumentException($"Signer algorithm {_signer.Algorithm} has a {_signer.PublicKey.Length}-byte key and {_signer.SignatureSize}-byte signatures, which do not fit a {_config.MaxDatagramSize}-byte datagram: it needs the hybrid handshake; leave DhtNodeOptions.HybridHandshake unset.", nameof(options));
        }

        UsesHandshake = options.HybridHandshake ?? required;
        _replay = new ReplayCache(_config.MaxClockSkew, 262_144, _time.GetUtcNow(), (ulong)_random.NextInt64());
        _concurrency = new SemaphoreSlim(_config.MaxConcurrentRequests, _config.MaxConcurrentRequests);
        // A payload travels in a body inside the envelope; both framings at their largest (docs/protocol.md).
        _envelopeOverhead = EnvelopeCodec.Overhead(_signer, handshakeSessionsOnly: required);
        MaxPayloadSize = _config.MaxDatagramSize - _envelopeOverhead - AppRequestBody.MaxFraming;
    }

    public Contact Self { get; }

    public ReadOnlyMemory<byte> PublicKey => _signer.PublicKey;

    public int MaxPayloadSize { get; }

    /// <summary>The largest contract or application payload sent over the bulk channel (a bin 16 in the body).</summary>
    internal const int MaxBulkPayloadSize = ushort.MaxValue;

    internal NodeCounters Counters => _counters;

    internal RoutingTable Table => _table;

    internal Lock TableLock => _tableLock;

    /// <summary>Creates and starts a node.</summary>
    public static KademliaNode Start(DhtNodeOptions options, IRecordStore store)
    {
        var node = new KademliaNode(options, store);
        if (node._snapshotPath is not null)
        {
            node._savedContacts = Routing.RoutingSnapshot.Read(node._snapshotPath).Where(c => c.Id != node.Self.Id).ToList();
        }

        // Armed only while requests are outstanding (ArmSweep): an idle node costs no wake-ups.
        node._sweepTimer = node._time.CreateTimer(static state => ((KademliaNode)state!).SweepTimeouts(), node, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        node.OpenBulkChannel();
        node._transport.Start(node.OnDatagram);
        if (options.MaintenanceInterval is { } interval)
        {
            node._maintenanceTimer = node._time.CreateTimer(static state => ((KademliaNode)state!).OnMaintenanceTimer(), node, interval, interval);
        }

        Log.Started(node._logger, node.Self.Id, node.Self.EndPoint);
        return node;
    }

    public DhtStats GetStats()
    {
        (long sent, long answered, long timeouts, long lookups, long succeeded) = _counters.Totals();
        int contacts;
        int buckets;
        lock (_tableLock)
        {
            contacts = _table.Count;
            buckets = _table.ActiveBuckets;
        }

        return new DhtStats
        {
            Contacts = contacts,
            ActiveBuckets = buckets,
            MessagesSent = sent,
            MessagesReceived = _counters.Received,
            MessagesAccepted = _counters.Accepted,
            DropsByReason = _counters.DropsByReason(),
            RequestsAnswered = answered,
            RequestTimeouts = timeouts,
            Lookups = lookups,
            LookupsSucceeded = succeeded,
            LatencyP50 = _latency.Percentile(50),
            LatencyP90 = _latency.Percentile(90),
            LatencyP99 = _latency.Percentile(99),
            RecordsStored = _store.Count,
            StorageUsedBytes = _store.UsedBytes,
            StorageQuotaBytes = _store.QuotaBytes,
        };
    }

    public ContactStats? GetContactStats(NodeId node) => _contactStats.Find(node);

    public IReadOnlyList<ContactStats> GetAllContactStats() => _contactStats.All();

    public IReadOnlyList<Contact> GetContacts()
    {
        lock (_tableLock)
        {
            return _table.Entries().Select(e => e.Contact).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        SaveRoutingSnapshot();
        if (_maintenanceTimer is not null)
        {
            await _maintenanceTimer.DisposeAsync().ConfigureAwait(false);
        }

        if (_sweepTimer is not null)
        {
            await _sweepTimer.DisposeAsync().ConfigureAwait(false);
        }

        foreach (PendingRequest pending in _pending.Values)
        {
            pending.Completion.TrySetResult(null);
        }

        if (_bulk is not null)
        {
            await _bulk.DisposeAsync().ConfigureAwait(false);
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
        Log.Stopped(_logger, Self.Id);
        _stopping.Dispose();
        _concurrency.Dispose();
    }

    private ulong NextRequestId()
    {
        if (!_seeded)
        {
            return RequestIds.Next();
        }

        lock (_randomLock)
        {
            return (ulong)_random.NextInt64() ^ ((ulong)_random.Next() << 63);
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Encodes a message. To a <paramref name="recipient"/> it carries a session MAC: under the newest
    /// handshake session with it (the key field then holds the session tag), else, unless this node
    /// uses the handshake, under the static-ECDH session once the recipient's key is known; otherwise a
    /// signature. A <paramref name="reply"/> may use a session in its grace period.
    /// </summary>
    internal byte[] Encode(MessageType type, ulong requestId, IMessageBody body, NodeId? recipient = null, bool reply = false)
    {
        (byte[]? key, byte[]? tag) = SessionFor(recipient, reply);
        return EnvelopeCodec.Encode(type, requestId, Self.Id, _signer, NowMs, body, key, _clientMode, tag);
    }

    /// <summary>
    /// Encodes a bulk frame like <see cref="Encode"/>; a large body is written once into a pooled buffer sized for it, and
    /// not copied out (the caller disposes the frame once sent). With <paramref name="bindContent"/> and a session, a
    /// Store or Value of a content-addressed record, or a FindValue, goes as a content-bound frame (its MAC leaves the
    /// value bytes out; docs/protocol.md "Content-bound bulk frames").
    /// </summary>
    internal PooledFrame EncodeFrame(MessageType type, ulong requestId, IMessageBody body, NodeId recipient, bool reply = false, bool bindContent = false)
    {
        (byte[]? key, byte[]? tag) = SessionFor(recipient, reply);
        return EnvelopeCodec.EncodeFrame(type, requestId, Self.Id, _signer, NowMs, body, key, _clientMode, tag, bindContent);
    }

    private (byte[]? Key, byte[]? Tag) SessionFor(NodeId? recipient, bool reply)
    {
        if (recipient is not { } peer)
        {
            return (null, null);
        }

        if (_handshakes.ForSending(peer, _time.GetUtcNow(), reply) is { } session)
        {
            return (session.MacKey, session.Tag);
        }

        return (UsesHandshake ? null : _sessions?.ForSending(peer), null);
    }

    private void SendAndForget(byte[] datagram, IPEndPoint to)
    {
        _counters.OnSent();
        ValueTask send = _transport.SendAsync(datagram, to, CancellationToken.None);
        if (!send.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(send);
        }
    }

    private static async Task ObserveAsync(ValueTask send)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void OnMaintenanceTimer()
    {
        if (Interlocked.Exchange(ref _maintenanceRunning, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RunMaintenanceAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
#pragma warning disable CA1031 // A failed maintenance pass is logged; the next one retries.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.MaintenanceFailed(_logger, e);
            }
            finally
            {
                Volatile.Write(ref _maintenanceRunning, 0);
            }
        });
    }
}
