using System.Buffers.Binary;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Rpc;

// Implementation notes
// Requests are accepted only with a timestamp within ±MaxClockSkew of local time, so a replay can
// only succeed inside that window. The cache keeps two generations of 64-bit fingerprints of
// (sender id, request id); the current one becomes the previous one every 2 × MaxClockSkew, so an
// id is remembered for at least that long. Memory is bounded: a generation that reaches its
// capacity rotates early (counted in EarlyRotations), which shortens the window under a flood
// instead of growing without limit.

/// <summary>Remembers recent request ids per sender to drop replayed requests.</summary>
internal sealed class ReplayCache
{
    private readonly TimeSpan _period;
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly ulong _salt;
    private HashSet<ulong> _current = [];
    private HashSet<ulong> _previous = [];
    private DateTimeOffset _rotatedAt;

    public ReplayCache(TimeSpan maxClockSkew, int capacity, DateTimeOffset now, ulong salt)
    {
        _period = maxClockSkew * 2;
        _capacity = capacity;
        _rotatedAt = now;
        _salt = salt;
    }

    /// <summary>Generations rotated before their time because they were full.</summary>
    public long EarlyRotations { get; private set; }

    /// <summary>Records (sender, request id); false when it was already seen in the window (a replay).</summary>
    public bool TryAdd(NodeId sender, ulong requestId, DateTimeOffset now)
    {
        Span<byte> id = stackalloc byte[Hash256.Size];
        sender.WriteTo(id);
        ulong fingerprint = Mix(BinaryPrimitives.ReadUInt64LittleEndian(id) ^ _salt)
            ^ Mix(BinaryPrimitives.ReadUInt64LittleEndian(id[8..]) + requestId)
            ^ Mix(BinaryPrimitives.ReadUInt64LittleEndian(id[16..]) ^ BinaryPrimitives.ReadUInt64LittleEndian(id[24..]) ^ (requestId * 0x9E3779B97F4A7C15UL));
        lock (_lock)
        {
            if (now - _rotatedAt >= _period || _current.Count >= _capacity)
            {
                if (_current.Count >= _capacity)
                {
                    EarlyRotations++;
                }

                (_previous, _current) = (_current, _previous);
                _current.Clear();
                _rotatedAt = now;
            }

            if (_previous.Contains(fingerprint))
            {
                return false;
            }

            return _current.Add(fingerprint);
        }
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        return x ^ (x >> 33);
    }
}
