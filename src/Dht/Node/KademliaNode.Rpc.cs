using System.Net;
using Zhtp.Storage.Dht.Rpc;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Node;

internal sealed partial class KademliaNode
{
    /// <summary>
    /// Sends a request and waits for its verified reply: up to 1 + MaxRetries attempts, each with a
    /// fresh request id and a timeout doubling from RequestTimeout, at most MaxConcurrentRequests
    /// outstanding. Returns null when every attempt timed out; consecutive timeouts mark the contact
    /// stale in the routing table.
    /// </summary>
    private async Task<Reply?> RequestAsync(IPEndPoint to, NodeId? expected, MessageType type, IMessageBody body, CancellationToken cancellationToken)
    {
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TimeSpan timeout = _config.RequestTimeout;
            for (int attempt = 0; attempt <= _config.MaxRetries; attempt++)
            {
                Handshake.HandshakeSession? session = null;
                if (UsesHandshake)
                {
                    // First contact, an expired session, or one retired after silence: handshake first.
                    session = await EnsureSessionAsync(to, expected, cancellationToken).ConfigureAwait(false);
                    if (session is null)
                    {
                        break;
                    }

                    expected = session.Peer;
                }

                DateTimeOffset sentAt = _time.GetUtcNow();
                Reply? reply = await AttemptAsync(to, expected, type, body, timeout, cancellationToken).ConfigureAwait(false);
                if (reply is not null)
                {
                    return reply;
                }

                OnSessionSilent(session, sentAt);
                timeout *= 2;
            }

            _counters.OnTimeout();
            if (expected is { } id)
            {
                lock (_tableLock)
                {
                    _table.RecordFailure(id, _time.GetUtcNow());
                }
            }

            return null;
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private async Task<Reply?> AttemptAsync(IPEndPoint to, NodeId? expected, MessageType type, IMessageBody body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ulong requestId = NextRequestId();
        var pending = new PendingRequest(expected, _time.GetTimestamp());
        while (!_pending.TryAdd(requestId, pending))
        {
            requestId = NextRequestId();
        }

        ArmSweep();

        byte[] datagram = Encode(type, requestId, body, expected);
        if (expected is { } id)
        {
            _contactStats.OnRequest(id);
        }

        using CancellationTokenRegistration registration = cancellationToken.UnsafeRegister(static state => ((PendingRequest)state!).Completion.TrySetResult(null), pending);
        try
        {
            SendAndForget(datagram, to);
        }
        finally
        {
            // The timeout runs from the send, not from registration: a sender held up while encoding
            // (signing, a busy machine, a fake clock advanced meanwhile) must not eat the peer's time to answer.
            pending.Arm(_time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency));
        }

        Reply? reply = await pending.Completion.Task.ConfigureAwait(false);
        _pending.TryRemove(requestId, out _);
        cancellationToken.ThrowIfCancellationRequested();
        TimeSpan latency = _time.GetElapsedTime(pending.StartedTimestamp);
        NodeId who = expected ?? reply?.From.Id ?? default;
        if (reply is null)
        {
            if (expected is not null)
            {
                _contactStats.OnTimeout(who);
            }

            return null;
        }

        if (expected is null)
        {
            _contactStats.OnRequest(who);
        }

        _counters.OnAnswered();
        _latency.Add(latency);
        _contactStats.OnResponse(who, latency, reply.Type == MessageType.Error, _time.GetUtcNow());
        return reply;
    }

    /// <summary>
    /// Times out outstanding requests whose deadline passed. One periodic sweep (every quarter of
    /// RequestTimeout, 5..100 ms) replaces a timer per request; a timeout fires at most one period
    /// late. The sweep runs only while requests are outstanding: it disarms itself when none is
    /// left, and the next request arms it again (10,000 idle nodes on one clock cost nothing).
    /// </summary>
    private void SweepTimeouts()
    {
        if (_pending.IsEmpty)
        {
            // Disarm first, then clear the flag, then look again: a request added meanwhile either
            // sees the flag cleared and arms the timer itself, or is seen here and re-armed.
            TryChangeSweep(Timeout.InfiniteTimeSpan);
            Volatile.Write(ref _sweepArmed, 0);
            if (!_pending.IsEmpty)
            {
                ArmSweep();
            }

            return;
        }

        long now = _time.GetTimestamp();
        foreach (KeyValuePair<ulong, PendingRequest> pair in _pending)
        {
            if (now >= pair.Value.DeadlineTimestamp)
            {
                pair.Value.Completion.TrySetResult(null);
            }
        }
    }

    /// <summary>
    /// The adaptive lookup time for <paramref name="peer"/> (<see cref="Lookup.AdaptiveTimeout"/>), from the
    /// peer's own smoothed RTT or, for a peer never heard from, this node's smoothed RTT over all peers.
    /// The request itself keeps its full timeout, so a late reply is still used.
    /// </summary>
    internal TimeSpan AdaptiveTimeout(NodeId peer) =>
        Lookup.AdaptiveTimeout.For(_contactStats.SmoothedRtt(peer) ?? _latency.Smoothed, _config.RequestTimeout);

    private void ArmSweep()
    {
        if (Interlocked.CompareExchange(ref _sweepArmed, 1, 0) == 0)
        {
            TryChangeSweep(SweepPeriod);
        }
    }

    private void TryChangeSweep(TimeSpan period)
    {
        try
        {
            _sweepTimer?.Change(period, period);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private TimeSpan SweepPeriod => TimeSpan.FromTicks(Math.Clamp(_config.RequestTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 5, TimeSpan.TicksPerMillisecond * 100));

    private void Respond(MessageType type, ulong requestId, IMessageBody body, Contact to)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            SendAndForget(Encode(type, requestId, body, to.Id, reply: true), to.EndPoint);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void RespondError(ulong requestId, Contact to, DhtErrorCode code, string message) =>
        Respond(MessageType.Error, requestId, new ErrorBody(code, message), to);
}
