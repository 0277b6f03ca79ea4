using System.Threading.Channels;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

namespace Zhtp.Storage.Dht.Committee;

/// <summary>
/// Drives one <see cref="IDkgSession"/>: a single loop feeds it the messages the dispatcher posts
/// (sender mapped to its roster index; strangers dropped) and ticks it at its deadlines; sends run
/// concurrently and are retried (100 ms doubling to 1 s) until acknowledged or the session's last
/// deadline. The inbox is bounded (drops beyond 4 × n² messages).
/// </summary>
internal sealed class DkgRunner : IDisposable
{
    private readonly IDhtNode _node;
    private readonly IReadOnlyList<Contact> _roster;
    private readonly Dictionary<NodeId, int> _indexOf;
    private readonly DkgOptions _options;
    private readonly TimeProvider _time;
    private readonly IDkgSession _session;
    private readonly Channel<(int From, ReadOnlyMemory<byte> Payload)> _inbox;
    private readonly List<Task> _sends = [];
    private readonly CancellationTokenSource _sendsStop = new();
    private int _strangers;

    public DkgRunner(IDhtNode node, IReadOnlyList<Contact> roster, DkgOptions options, TimeProvider time)
    {
        _node = node;
        _roster = roster;
        _indexOf = roster.Select((c, k) => (c.Id, k + 1)).ToDictionary(x => x.Id, x => x.Item2);
        _options = options;
        _time = time;
        _session = DistributedKeyGeneration.Create(options);
        _inbox = Channel.CreateBounded<(int, ReadOnlyMemory<byte>)>(new BoundedChannelOptions(4 * options.Members * options.Members)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    /// <summary>Messages that arrived from nodes outside the roster.</summary>
    public int Strangers => _strangers;

    public void Post(Contact sender, ReadOnlyMemory<byte> payload)
    {
        if (_indexOf.TryGetValue(sender.Id, out int from))
        {
            _inbox.Writer.TryWrite((from, payload));
        }
        else
        {
            Interlocked.Increment(ref _strangers);
        }
    }

    public async Task<ThresholdKeyShare> RunAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset start = _time.GetUtcNow();
        DateTimeOffset end = start + _options.DealTimeout + _options.ComplaintTimeout + _options.RevealTimeout;
        Send(_session.Start(start), end);
        while (_session.Phase is not (DkgPhase.Completed or DkgPhase.Failed))
        {
            TimeSpan wait = (_session.NextDeadline ?? end) - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                Task timer = Task.Delay(wait, _time, delay.Token);
                Task<bool> ready = _inbox.Reader.WaitToReadAsync(delay.Token).AsTask();
                await Task.WhenAny(timer, ready).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            DateTimeOffset now = _time.GetUtcNow();
            while (_inbox.Reader.TryRead(out var item))
            {
                Send(_session.Receive(item.From, item.Payload.Span, now), end);
            }

            Send(_session.Tick(now), end);
        }

        // Let the last messages (complaints, reveals others may still wait for) reach live members.
        Task all = Task.WhenAll(_sends);
        await Task.WhenAny(all, Task.Delay(Max(end - _time.GetUtcNow(), TimeSpan.Zero), _time, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return _session.Result;
    }

    public void Dispose()
    {
        _sendsStop.Cancel();
        _sendsStop.Dispose();
        _session.Dispose();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void Send(IReadOnlyList<DkgOutgoing> messages, DateTimeOffset end)
    {
        foreach (DkgOutgoing m in messages)
        {
            _sends.Add(SendAsync(_roster[m.To - 1], m.Payload, end));
        }
    }

    private async Task SendAsync(Contact to, byte[] payload, DateTimeOffset end)
    {
        CancellationToken stop = _sendsStop.Token;
        TimeSpan backoff = TimeSpan.FromMilliseconds(100);
        try
        {
            while (!stop.IsCancellationRequested && _time.GetUtcNow() < end)
            {
                AppResponse response = await _node.SendRequestAsync(to, CommitteeKeyGeneration.Protocol, payload, stop).ConfigureAwait(false);
                if (response.Success)
                {
                    return;
                }

                await Task.Delay(backoff, _time, stop).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.TicksPerSecond));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // The node stopped: this member is gone; the others treat it as dead.
        }
    }
}
