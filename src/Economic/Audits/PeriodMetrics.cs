namespace Zhtp.Storage.Economic.Audits;

/// <summary>What was measured of one host during one billing period. Mutable accumulator; not thread-safe.</summary>
internal sealed class PeriodMetrics
{
    private TimeSpan _responseTotal;

    /// <summary>Audits sent.</summary>
    public int Audits { get; private set; }

    /// <summary>Audits answered with a valid proof.</summary>
    public int AuditsPassed { get; private set; }

    /// <summary>Pings sent.</summary>
    public int Pings { get; private set; }

    /// <summary>Pings answered.</summary>
    public int PingsAnswered { get; private set; }

    /// <summary>Requests that got any answer (for the average response time).</summary>
    public int Responses { get; private set; }

    /// <summary>Requests that got no answer or an error.</summary>
    public int Errors { get; private set; }

    /// <summary>Delivered share of the promised bandwidth, when measured (1 when not).</summary>
    public decimal BandwidthShare { get; set; } = 1m;

    /// <summary>Average time to answer, over answered requests (zero when none).</summary>
    public TimeSpan AverageResponseTime => Responses == 0 ? TimeSpan.Zero : _responseTotal / Responses;

    /// <summary>Sum of the response times of answered requests (for persistence).</summary>
    internal TimeSpan ResponseTotal => _responseTotal;

    /// <summary>Rebuilds an accumulator from persisted counters.</summary>
    internal static PeriodMetrics Restore(int audits, int auditsPassed, int pings, int pingsAnswered, int responses, int errors, TimeSpan responseTotal, decimal bandwidthShare) =>
        new()
        {
            Audits = audits, AuditsPassed = auditsPassed, Pings = pings, PingsAnswered = pingsAnswered, Responses = responses,
            Errors = errors, _responseTotal = responseTotal, BandwidthShare = bandwidthShare,
        };

    /// <summary>Records an audit outcome.</summary>
    public void RecordAudit(AuditOutcome outcome)
    {
        Audits++;
        if (outcome.Result == AuditResult.Passed)
        {
            AuditsPassed++;
        }

        if (outcome.Result == AuditResult.NoResponse)
        {
            Errors++;
        }
        else
        {
            Responses++;
            _responseTotal += outcome.ResponseTime;
        }
    }

    /// <summary>Records a ping.</summary>
    public void RecordPing(bool answered, TimeSpan responseTime)
    {
        Pings++;
        if (answered)
        {
            PingsAnswered++;
            Responses++;
            _responseTotal += responseTime;
        }
        else
        {
            Errors++;
        }
    }
}
