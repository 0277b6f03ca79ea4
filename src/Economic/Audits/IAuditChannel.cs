namespace Zhtp.Storage.Economic.Audits;

/// <summary>
/// How a renter reaches a host for audits and pings (the DHT in production, an in-memory network in
/// tests). Implementations return null / false on timeout or transport failure and never throw for
/// those; they throw only on cancellation.
/// </summary>
public interface IAuditChannel
{
    /// <summary>Sends <paramref name="challenge"/> to the host with <paramref name="hostKey"/> (node id = BLAKE3 of the key) and returns its answer, or null when none came in time.</summary>
    Task<AuditResponse?> ChallengeAsync(ReadOnlyMemory<byte> hostKey, AuditChallenge challenge, CancellationToken cancellationToken);

    /// <summary>Pings the host with <paramref name="hostKey"/>; true when it answered in time.</summary>
    Task<bool> PingAsync(ReadOnlyMemory<byte> hostKey, CancellationToken cancellationToken);
}
