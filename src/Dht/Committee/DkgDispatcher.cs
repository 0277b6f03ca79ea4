using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Dht.Committee;

/// <summary>
/// The one <see cref="CommitteeKeyGeneration.Protocol"/> handler of a node: routes each request by
/// its session id (bytes 2..34) to the running session, acknowledges requests for sessions that
/// finished here (so their senders stop retrying), and rejects unknown sessions (the sender retries:
/// this node may not have started the session yet). Bounded: at most 64 finished sessions remembered.
/// </summary>
internal sealed class DkgDispatcher
{
    private const int RememberedFinished = 64;
    private static readonly ConditionalWeakTable<IDhtNode, DkgDispatcher> Dispatchers = [];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DkgRunner> _running = [];
    private readonly Queue<string> _finishedOrder = new();
    private readonly HashSet<string> _finished = [];

    public static DkgDispatcher For(IDhtNode node) => Dispatchers.GetValue(node, n =>
    {
        var d = new DkgDispatcher();
        n.RegisterRequestHandler(CommitteeKeyGeneration.Protocol, d.HandleAsync);
        return d;
    });

    public void Add(ReadOnlyMemory<byte> session, DkgRunner runner)
    {
        string key = Convert.ToHexString(session.Span);
        lock (_lock)
        {
            if (!_running.TryAdd(key, runner))
            {
                throw new InvalidOperationException($"DKG session {key} is already running on this node; use a fresh session id per run.");
            }

            _finished.Remove(key);
        }
    }

    public void Finish(ReadOnlyMemory<byte> session)
    {
        string key = Convert.ToHexString(session.Span);
        lock (_lock)
        {
            _running.Remove(key);
            if (_finished.Add(key))
            {
                _finishedOrder.Enqueue(key);
                if (_finishedOrder.Count > RememberedFinished)
                {
                    _finished.Remove(_finishedOrder.Dequeue());
                }
            }
        }
    }

    private ValueTask<ReadOnlyMemory<byte>> HandleAsync(Contact sender, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length < 34)
        {
            throw new DhtRequestRejectedException("malformed: a DKG message is at least 36 bytes.");
        }

        string key = Convert.ToHexString(payload.Span.Slice(2, 32));
        DkgRunner? runner;
        lock (_lock)
        {
            if (!_running.TryGetValue(key, out runner))
            {
                return _finished.Contains(key)
                    ? ValueTask.FromResult(ReadOnlyMemory<byte>.Empty)
                    : throw new DhtRequestRejectedException("unknown-session: this node is not running that DKG session (yet); retry.");
            }
        }

        runner.Post(sender, payload);
        return ValueTask.FromResult(ReadOnlyMemory<byte>.Empty);
    }
}
