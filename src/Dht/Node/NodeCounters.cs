using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht.Node;

/// <summary>The node's message counters (lock-free).</summary>
internal sealed class NodeCounters
{
    private readonly long[] _drops = new long[DropReasons.Count];
    private long _received;
    private long _accepted;
    private long _sent;
    private long _answered;
    private long _timeouts;
    private long _lookups;
    private long _lookupsSucceeded;
    private long _handshakesStarted;
    private long _handshakesCompleted;
    private long _handshakesFailed;
    private long _handshakesAnswered;
    private long _handshakeBytes;

    public long Received => Interlocked.Read(ref _received);

    public long Accepted => Interlocked.Read(ref _accepted);

    public void OnReceived() => Interlocked.Increment(ref _received);

    public void OnAccepted() => Interlocked.Increment(ref _accepted);

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnAnswered() => Interlocked.Increment(ref _answered);

    public void OnTimeout() => Interlocked.Increment(ref _timeouts);

    public void OnLookup(bool succeeded)
    {
        Interlocked.Increment(ref _lookups);
        if (succeeded)
        {
            Interlocked.Increment(ref _lookupsSucceeded);
        }
    }

    public void OnHandshakeStarted() => Interlocked.Increment(ref _handshakesStarted);

    public void OnHandshakeCompleted() => Interlocked.Increment(ref _handshakesCompleted);

    public void OnHandshakeFailed() => Interlocked.Increment(ref _handshakesFailed);

    public void OnHandshakeAnswered() => Interlocked.Increment(ref _handshakesAnswered);

    public void OnHandshakeBytes(int bytes) => Interlocked.Add(ref _handshakeBytes, bytes);

    /// <summary>Handshakes this node started, completed and failed as initiator, answered as responder, and the bytes of its initiated handshakes (both frames).</summary>
    public (long Started, long Completed, long Failed, long Answered, long Bytes) Handshakes() =>
        (Interlocked.Read(ref _handshakesStarted), Interlocked.Read(ref _handshakesCompleted), Interlocked.Read(ref _handshakesFailed), Interlocked.Read(ref _handshakesAnswered), Interlocked.Read(ref _handshakeBytes));

    public void OnDrop(DropReason reason) => Interlocked.Increment(ref _drops[(int)reason]);

    public long Drops(DropReason reason) => Interlocked.Read(ref _drops[(int)reason]);

    public Dictionary<string, long> DropsByReason()
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 1; i < _drops.Length; i++)
        {
            long count = Interlocked.Read(ref _drops[i]);
            if (count > 0)
            {
                result[DropReasons.Name((DropReason)i)] = count;
            }
        }

        return result;
    }

    public (long Sent, long Answered, long Timeouts, long Lookups, long LookupsSucceeded) Totals() =>
        (Interlocked.Read(ref _sent), Interlocked.Read(ref _answered), Interlocked.Read(ref _timeouts), Interlocked.Read(ref _lookups), Interlocked.Read(ref _lookupsSucceeded));
}
