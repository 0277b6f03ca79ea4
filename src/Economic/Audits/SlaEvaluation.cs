namespace Zhtp.Storage.Economic.Audits;

/// <summary>The SLA verdict of one period.</summary>
/// <param name="Integrity">Audits passed / audits sent (1 when none were sent).</param>
/// <param name="Uptime">Pings answered / pings sent (1 when none were sent).</param>
/// <param name="AverageResponseTime">Average answer time.</param>
/// <param name="BandwidthShare">Delivered share of promised bandwidth.</param>
/// <param name="ErrorRate">Unanswered requests / all requests.</param>
/// <param name="QualityScore">(integrity + uptime + (1 − error rate) + bandwidth share) / 4.</param>
/// <param name="Violations">SLA terms missed, in <see cref="ViolationKind"/> order.</param>
public sealed record SlaEvaluation(
    decimal Integrity,
    decimal Uptime,
    TimeSpan AverageResponseTime,
    decimal BandwidthShare,
    decimal ErrorRate,
    decimal QualityScore,
    IReadOnlyList<ViolationKind> Violations)
{
    /// <summary>True when no term was missed.</summary>
    public bool Passed => Violations.Count == 0;

    /// <summary>Evaluates <paramref name="metrics"/> against <paramref name="sla"/>. Pure.</summary>
    internal static SlaEvaluation Evaluate(PeriodMetrics metrics, SlaTerms sla)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(sla);
        var integrity = metrics.Audits == 0 ? 1m : (decimal)metrics.AuditsPassed / metrics.Audits;
        var uptime = metrics.Pings == 0 ? 1m : (decimal)metrics.PingsAnswered / metrics.Pings;
        var requests = metrics.Audits + metrics.Pings;
        var errorRate = requests == 0 ? 0m : (decimal)metrics.Errors / requests;
        var bandwidth = Math.Clamp(metrics.BandwidthShare, 0m, 1m);
        var score = (integrity + uptime + (1m - errorRate) + bandwidth) / 4m;
        var violations = new List<ViolationKind>();
        if (integrity < sla.MinIntegrity)
        {
            violations.Add(ViolationKind.DataLoss);
        }

        if (uptime < sla.MinUptime)
        {
            violations.Add(ViolationKind.Unavailability);
        }

        if (metrics.AverageResponseTime > sla.MaxResponseTime)
        {
            violations.Add(ViolationKind.SlowResponse);
        }

        if (bandwidth < sla.MinBandwidthShare)
        {
            violations.Add(ViolationKind.ContractBreach);
        }

        if (score < sla.MinQualityScore)
        {
            violations.Add(ViolationKind.QualityDegradation);
        }

        return new SlaEvaluation(integrity, uptime, metrics.AverageResponseTime, bandwidth, errorRate, score, violations);
    }
}
