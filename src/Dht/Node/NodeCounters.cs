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
