namespace Zhtp.Storage.Dht.Simulation;

// Implementation notes
// A TimeProvider whose time moves only when told, built for thousands of nodes: timers sit in a
// priority queue ordered by (due, sequence), so creating, changing and firing one costs O(log n)
// whatever the number of timers (FakeTimeProvider scans every waiter to find the next due one,
// which made a 10,000-node network quadratic). Change and Dispose do not search the queue: each
// schedule carries a version, and stale queue entries are skipped when they surface. Callbacks
// run on the thread that advances the clock, outside the lock, like FakeTimeProvider's.

/// <summary>A manually advanced clock for simulations of many nodes. Thread-safe.</summary>
internal sealed class VirtualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<(VirtualTimer Timer, long Version), (long Due, long Sequence)> _queue = new();
    private long _nowTicks;
    private long _sequence;

    /// <summary>Creates a clock reading <paramref name="start"/>.</summary>
    public VirtualClock(DateTimeOffset start) => _nowTicks = start.UtcTicks;

    /// <summary>Timers scheduled (including stale entries not yet skipped).</summary>
    public int Scheduled
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => Volatile.Read(ref _nowTicks);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>When the earliest live timer is due, or null when none is.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_lock)
        {
            while (_queue.TryPeek(out (VirtualTimer Timer, long Version) entry, out (long Due, long Sequence) at))
            {
                if (entry.Timer.Version == entry.Version)
                {
                    return new DateTimeOffset(at.Due, TimeSpan.Zero);
                }

                _queue.Dequeue();
            }

            return null;
        }
    }

    /// <summary>
    /// Moves time to the earliest due timer if it is due by <paramref name="limit"/> and fires every
    /// timer due at that instant; otherwise moves time to <paramref name="limit"/>. Returns the timers fired.
    /// </summary>
    public int AdvanceToNext(DateTimeOffset limit)
    {
        DateTimeOffset? due = NextDue();
        if (due is not { } next || next > limit)
        {
            SetNow(Math.Max(Volatile.Read(ref _nowTicks), limit.UtcTicks));
            return 0;
        }

        SetNow(Math.Max(Volatile.Read(ref _nowTicks), next.UtcTicks));
        int fired = 0;
        while (TryTakeDue(out VirtualTimer? timer))
        {
            timer.Fire();
            fired++;
        }

        return fired;
    }

    private void SetNow(long ticks) => Volatile.Write(ref _nowTicks, ticks);

    private bool TryTakeDue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VirtualTimer? timer)
    {
        lock (_lock)
        {
            long now = _nowTicks;
            while (_queue.TryPeek(out (VirtualTimer Timer, long Version) entry, out (long Due, long Sequence) at) && at.Due <= now)
            {
                _queue.Dequeue();
                if (entry.Timer.Version != entry.Version)
                {
                    continue;
                }

                // A periodic timer is rescheduled before its callback runs, as System.Threading.Timer is.
                entry.Timer.OnTaken(now);
                timer = entry.Timer;
                return true;
            }
        }

        timer = null;
        return false;
    }

    private void Schedule(VirtualTimer timer, long due)
    {
        lock (_lock)
        {
            _queue.Enqueue((timer, timer.Version), (due, _sequence++));
        }
    }

    private sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        private long _periodTicks;
        private long _version;

        public long Version => Volatile.Read(ref _version);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            long version = Interlocked.Increment(ref _version);
            if (version < 0)
            {
                return false;
            }

            _periodTicks = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                clock.Schedule(this, clock.GetTimestamp() + Math.Max(0, dueTime.Ticks));
            }

            return true;
        }

        public void OnTaken(long now)
        {
            if (_periodTicks > 0)
            {
                clock._queue.Enqueue((this, _version), (now + _periodTicks, clock._sequence++));
            }
            else
            {
                Interlocked.Increment(ref _version);
            }
        }

        public void Fire() => callback(state);

        public void Dispose() => Volatile.Write(ref _version, long.MinValue);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
