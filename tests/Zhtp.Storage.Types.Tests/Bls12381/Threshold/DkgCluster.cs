using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

namespace Zhtp.Storage.Types.Tests.Bls12381.Threshold;

/// <summary>n DKG sessions wired by an in-memory queue, on a clock the test moves; dead members neither send nor receive.</summary>
internal sealed class DkgCluster : IDisposable
{
    private readonly Queue<(int From, DkgOutgoing Message)> _queue = new();

    public DkgCluster(int n, int t, int seed = 1)
    {
        byte[] session = new byte[32];
        new Random(seed).NextBytes(session);
        Sessions = Enumerable.Range(1, n).Select(i =>
        {
            var random = new Random((seed * 1000) + i);
            return (DkgSession)DistributedKeyGeneration.Create(new DkgOptions
            {
                SessionId = session,
                Members = n,
                Threshold = t,
                Self = i,
                DealTimeout = TimeSpan.FromSeconds(10),
                ComplaintTimeout = TimeSpan.FromSeconds(5),
                RevealTimeout = TimeSpan.FromSeconds(5),
                FillRandom = span => random.NextBytes(span),
            });
        }).ToArray();
    }

    public DkgSession[] Sessions { get; }

    public HashSet<int> Dead { get; } = [];

    /// <summary>Messages of a member that pass through (from, to, payload) → keep.</summary>
    public Func<int, DkgOutgoing, bool> Filter { get; set; } = (_, _) => true;

    public DateTimeOffset Now { get; private set; } = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    public DkgSession this[int index] => Sessions[index - 1];

    public void Start()
    {
        for (int i = 1; i <= Sessions.Length; i++)
        {
            if (!Dead.Contains(i))
            {
                Enqueue(i, this[i].Start(Now));
            }
        }

        Drain();
    }

    /// <summary>Moves the clock and ticks every live member, delivering what follows.</summary>
    public void Advance(TimeSpan by)
    {
        Now += by;
        for (int i = 1; i <= Sessions.Length; i++)
        {
            if (!Dead.Contains(i))
            {
                Enqueue(i, this[i].Tick(Now));
            }
        }

        Drain();
    }

    /// <summary>Runs until every live member has finished, moving the clock one second at a time (at most a minute).</summary>
    public void RunToEnd()
    {
        Start();
        for (int s = 0; s < 60 && Live().Any(x => x.Phase is not (DkgPhase.Completed or DkgPhase.Failed)); s++)
        {
            Advance(TimeSpan.FromSeconds(1));
        }
    }

    public IEnumerable<DkgSession> Live() => Sessions.Where((_, k) => !Dead.Contains(k + 1));

    public void Deliver(int from, int to, byte[] payload) => Enqueue(to, this[to].Receive(from, payload, Now));

    public void Dispose()
    {
        foreach (DkgSession s in Sessions)
        {
            if (s.Phase == DkgPhase.Completed)
            {
                s.Result.Dispose();
            }

            s.Dispose();
        }
    }

    private void Enqueue(int from, IReadOnlyList<DkgOutgoing> messages)
    {
        foreach (DkgOutgoing m in messages)
        {
            _queue.Enqueue((from, m));
        }
    }

    private void Drain()
    {
        while (_queue.TryDequeue(out var item))
        {
            if (Dead.Contains(item.From) || Dead.Contains(item.Message.To) || !Filter(item.From, item.Message))
            {
                continue;
            }

            Deliver(item.From, item.Message.To, item.Message.Payload);
        }
    }
}
