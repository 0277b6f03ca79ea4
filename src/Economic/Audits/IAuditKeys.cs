using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Audits;

/// <summary>
/// Where the renter finds a host's published BLS holder key to check its BLS audit answers
/// (<see cref="Attestations.HolderKeyDirectory"/> over the DHT): only keys whose proof of possession
/// was verified, so a period's answers may be aggregated.
/// </summary>
internal interface IAuditKeys
{
    /// <summary>
    /// The verified BLS key of <paramref name="host"/>, fetched when not known; null with the reason when none is to be had.
    /// <c>Unreachable</c> is true when the key could not be asked for (the host was not found or its request failed), as
    /// opposed to a key that was handed out and refused: only the latter is the host's fault.
    /// </summary>
    Task<(PublicKey? Key, string? Error, bool Unreachable)> GetAsync(NodeId host, CancellationToken cancellationToken);

    /// <summary>The verified BLS key of <paramref name="host"/> if known, without fetching.</summary>
    PublicKey? Find(NodeId host);

    /// <summary>Forgets a host's key (an answer did not verify under it: it may have a new one).</summary>
    void Forget(NodeId host);
}
