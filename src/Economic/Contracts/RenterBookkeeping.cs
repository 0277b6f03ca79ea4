namespace Zhtp.Storage.Economic.Contracts;

// Implementation notes
// Binary row body, little-endian through BinaryWriter: version byte, next audit (flag + UTC ticks),
// the current period's metrics, the quality-score sum/count behind the completion bonus, the
// contract's lifetime audit counters and the open grace-period sightings. A row that does not
// decode is treated as absent (the contract then resumes with fresh bookkeeping).
/// <summary>What the renter tracks about one contract besides its signed history: audit schedule, current period's measurements, score and grace bookkeeping.</summary>
internal sealed record RenterBookkeeping
{
    private const byte Version = 1;

    public DateTimeOffset? NextAudit { get; init; }

    public PeriodMetrics? Metrics { get; init; }

    public decimal ScoreSum { get; init; }

    public int ScoreCount { get; init; }

    public long AuditsRun { get; init; }

    public long AuditsPassed { get; init; }

    public IReadOnlyList<(ViolationKind Kind, DateTimeOffset Since)> FirstSeen { get; init; } = [];

    public byte[] Encode()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(Version);
            w.Write(NextAudit.HasValue);
            w.Write(NextAudit?.UtcTicks ?? 0);
            var m = Metrics ?? new PeriodMetrics();
            w.Write(m.Audits);
            w.Write(m.AuditsPassed);
            w.Write(m.Pings);
            w.Write(m.PingsAnswered);
            w.Write(m.Responses);
            w.Write(m.Errors);
            w.Write(m.ResponseTotal.Ticks);
            w.Write(m.BandwidthShare);
            w.Write(ScoreSum);
            w.Write(ScoreCount);
            w.Write(AuditsRun);
            w.Write(AuditsPassed);
            w.Write(FirstSeen.Count);
            foreach (var (kind, since) in FirstSeen)
            {
                w.Write((int)kind);
                w.Write(since.UtcTicks);
            }
        }

        return stream.ToArray();
    }

    public static RenterBookkeeping? TryDecode(byte[] body)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(body, writable: false));
            if (r.ReadByte() != Version)
            {
                return null;
            }

            var hasNext = r.ReadBoolean();
            var nextTicks = r.ReadInt64();
            var metrics = PeriodMetrics.Restore(
                r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), TimeSpan.FromTicks(r.ReadInt64()), r.ReadDecimal());
            var scoreSum = r.ReadDecimal();
            var scoreCount = r.ReadInt32();
            var run = r.ReadInt64();
            var passed = r.ReadInt64();
            var count = r.ReadInt32();
            if (count is < 0 or > 16)
            {
                return null;
            }

            var seen = new List<(ViolationKind, DateTimeOffset)>(count);
            for (var i = 0; i < count; i++)
            {
                var kind = (ViolationKind)r.ReadInt32();
                var ticks = r.ReadInt64();
                if (!Enum.IsDefined(kind))
                {
                    return null;
                }

                seen.Add((kind, new DateTimeOffset(ticks, TimeSpan.Zero)));
            }

            return new RenterBookkeeping
            {
                NextAudit = hasNext ? new DateTimeOffset(nextTicks, TimeSpan.Zero) : null,
                Metrics = metrics,
                ScoreSum = scoreSum,
                ScoreCount = scoreCount,
                AuditsRun = run,
                AuditsPassed = passed,
                FirstSeen = seen,
            };
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
