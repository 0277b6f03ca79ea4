using System.Security.Cryptography;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Handshake;

/// <summary>
/// One session agreed by a hybrid handshake with <see cref="Peer"/>: the 32-byte MAC key, the 8-byte
/// tag that names it on the wire, and the peer's public key verified at handshake time.
/// </summary>
internal sealed class HandshakeSession
{
    private long _lastReceivedTicks;
    private volatile bool _retired;

    public HandshakeSession(NodeId peer, byte[] peerKey, byte[] macKey, byte[] tag, DateTimeOffset established)
    {
        Peer = peer;
        PeerKey = peerKey;
        MacKey = macKey;
        Tag = tag;
        Established = established;
        _lastReceivedTicks = established.UtcTicks;
    }

    /// <summary>The peer's node id (BLAKE3 of <see cref="PeerKey"/>, checked at handshake time).</summary>
    public NodeId Peer { get; }

    /// <summary>The peer's full public key (handed to contract handlers for messages that carry only the tag).</summary>
    public byte[] PeerKey { get; }

    /// <summary>The keyed-BLAKE3 MAC key of both directions.</summary>
    public byte[] MacKey { get; }

    /// <summary>The session tag carried in the sender key field.</summary>
    public byte[] Tag { get; }

    /// <summary>When the handshake completed on this node.</summary>
    public DateTimeOffset Established { get; }

    /// <summary>When a message authenticated by this session last arrived.</summary>
    public DateTimeOffset LastReceived => new(Interlocked.Read(ref _lastReceivedTicks), TimeSpan.Zero);

    /// <summary>Set when a request sent under this session went unanswered with nothing received since (the peer may have restarted): no longer used for sending.</summary>
    public bool Retired
    {
        get => _retired;
        set => _retired = value;
    }

    /// <summary>Checks <paramref name="mac"/> over <paramref name="data"/> in constant time; records the arrival when it verifies.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac, DateTimeOffset now) => Verify(data, [], mac, now);

    /// <summary>Checks <paramref name="mac"/> over <paramref name="data"/> || <paramref name="tail"/> (a content-bound frame) in constant time; records the arrival when it verifies.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> tail, ReadOnlySpan<byte> mac, DateTimeOffset now)
    {
        if (mac.Length != Wire.EnvelopeCodec.SessionMacSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Wire.EnvelopeCodec.SessionMacSize];
        Rpc.SessionKeys.Compute(MacKey, data, tail, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return false;
        }

        Interlocked.Exchange(ref _lastReceivedTicks, Math.Max(now.UtcTicks, Interlocked.Read(ref _lastReceivedTicks)));
        return true;
    }
}
