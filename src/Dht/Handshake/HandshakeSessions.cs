using System.Collections.Concurrent;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Handshake;

// Implementation notes
// At most two sessions per peer, newest first: a rekey or a handshake the peer started at the
// same time as ours must not invalidate messages still in flight under the other one. A session
// is used for sending for Lifetime, and accepted (and used for replies) for Lifetime + Grace, so a
// peer whose clock of rekeying is a little behind ours is still understood. Bounded like
// SessionKeys: the table is cleared when it holds Capacity peers (they re-handshake).

/// <summary>The handshake sessions of one node, by peer.</summary>
internal sealed class HandshakeSessions
{
    /// <summary>Peers remembered before the table is cleared.</summary>
    public const int Capacity = 16_384;

    /// <summary>A session is used to send for this long; the next request after it starts a new handshake.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>A session is still accepted (and used for replies) this long after <see cref="Lifetime"/>.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<NodeId, HandshakeSession[]> _sessions = new();

    /// <summary>Peers with at least one session.</summary>
    public int Count => _sessions.Count;

    /// <summary>Adds a new session with its peer, keeping the previous newest one as the second.</summary>
    public void Add(HandshakeSession session)
    {
        if (_sessions.Count >= Capacity && !_sessions.ContainsKey(session.Peer))
        {
            _sessions.Clear();
        }

        _sessions.AddOrUpdate(session.Peer, static (_, s) => [s], static (_, old, s) => [s, old[0]], session);
    }

    /// <summary>
    /// The newest session to send to <paramref name="peer"/> with: not retired and younger than
    /// <see cref="Lifetime"/>, or for a <paramref name="reply"/> younger than Lifetime + Grace. Null when none.
    /// </summary>
    public HandshakeSession? ForSending(NodeId peer, DateTimeOffset now, bool reply = false)
    {
        if (!_sessions.TryGetValue(peer, out HandshakeSession[]? sessions))
        {
            return null;
        }

        TimeSpan limit = reply ? Lifetime + Grace : Lifetime;
        foreach (HandshakeSession session in sessions)
        {
            if (now - session.Established < limit && (reply || !session.Retired))
            {
                return session;
            }
        }

        return null;
    }

    /// <summary>The session of <paramref name="peer"/> named by <paramref name="tag"/> that is still accepted; null when none.</summary>
    public HandshakeSession? Find(NodeId peer, ReadOnlySpan<byte> tag, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(peer, out HandshakeSession[]? sessions))
        {
            return null;
        }

        foreach (HandshakeSession session in sessions)
        {
            if (tag.SequenceEqual(session.Tag) && now - session.Established < Lifetime + Grace)
            {
                return session;
            }
        }

        return null;
    }
}
