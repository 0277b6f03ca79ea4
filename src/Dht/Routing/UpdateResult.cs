namespace Zhtp.Storage.Dht.Routing;

/// <summary>The outcome of one routing-table update and, when the bucket is full, which contact to ping.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="PingCandidate">For <see cref="UpdateOutcome.PingLeastRecentlySeen"/>: the least-recently-seen contact to ping; report the answer with <see cref="RoutingTable.OnPingResult"/>.</param>
internal readonly record struct UpdateResult(UpdateOutcome Outcome, Contact? PingCandidate = null);
