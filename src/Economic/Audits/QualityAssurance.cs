using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Audits;

/// <summary>
/// The renter side of audits: challenges a host for a random leaf of a random shard of a contract
/// and checks the proof against the root kept in the contract, and pings hosts for uptime; times
/// every request with the injected clock. Randomness comes from the injected seedable source.
/// An answer signed with the host's BLS holder key is verified on arrival under the key the host
/// published (<see cref="IAuditKeys"/>), so a bad one is charged to its host at once; the verified
/// ones are returned for the period's aggregate (<see cref="AuditPeriodAttestation"/>).
/// </summary>
/// <remarks>Not thread-safe (shares one <see cref="Random"/>).</remarks>
internal sealed class QualityAssurance
{
    private readonly IAuditChannel _channel;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ISignatureVerifier _verifier;
    private readonly IAuditKeys? _keys;

    /// <summary>Creates an auditor that accepts node-key answers only (a BLS answer counts as an invalid proof).</summary>
    public QualityAssurance(IAuditChannel channel, TimeProvider time, Random random, ISignatureVerifier verifier)
        : this(channel, time, random, verifier, null)
    {
    }

    /// <summary>Creates the auditor; BLS answers are checked under the hosts' keys from <paramref name="keys"/>.</summary>
    public QualityAssurance(IAuditChannel channel, TimeProvider time, Random random, ISignatureVerifier verifier, IAuditKeys? keys)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(verifier);
        _channel = channel;
        _time = time;
        _random = random;
        _verifier = verifier;
        _keys = keys;
    }

    /// <summary>Audits one random leaf of one random shard of <paramref name="contract"/>.</summary>
    public async Task<AuditOutcome> AuditAsync(StorageContract contract, CancellationToken cancellationToken) =>
        (await AuditWithAnswerAsync(contract, cancellationToken).ConfigureAwait(false)).Outcome;

    /// <summary>
    /// Audits one random leaf of one random shard of <paramref name="contract"/>; also returns the answer
    /// when it is a BLS answer whose signature verified under the host's published key (to aggregate), else null.
    /// </summary>
    public async Task<(AuditOutcome Outcome, AuditResponse? BlsAnswer)> AuditWithAnswerAsync(StorageContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var shard = contract.Shards[_random.Next(contract.Shards.Count)];
        var leaf = _random.NextInt64(ShardMerkleTree.LeafCount(shard.SizeBytes));
        var nonce = new byte[16];
        _random.NextBytes(nonce);
        var challenge = new AuditChallenge(contract.ContractId, shard.ShardId, leaf, nonce);
        var started = _time.GetTimestamp();
        var response = await _channel.ChallengeAsync(contract.HostKey, challenge, cancellationToken).ConfigureAwait(false);
        var elapsed = _time.GetElapsedTime(started);
        PublicKey? blsKey = null;
        bool keyUnreachable = false;
        if (response is { Kind: AuditSignatureKind.Bls } && _keys is not null)
        {
            (blsKey, _, keyUnreachable) = await _keys.GetAsync(contract.Host, cancellationToken).ConfigureAwait(false);
        }

        // A BLS answer whose key could not be fetched (the host unreachable for it) cannot be checked: no verifiable
        // answer, counted as no response rather than as a wrong proof, which would charge a transient fault as cheating.
        var (result, signed) = blsKey is null && keyUnreachable
            ? (AuditResult.NoResponse, false)
            : Check(contract, shard, challenge, response, blsKey);
        if (blsKey is not null && !signed)
        {
            // The host signed under another key than the one known here: refetch it next time.
            _keys!.Forget(contract.Host);
        }

        return (new AuditOutcome(contract.ContractId, shard.ShardId, leaf, result, elapsed), blsKey is not null && signed ? response : null);
    }

    /// <summary>Pings the host of <paramref name="contract"/>.</summary>
    public async Task<(bool Answered, TimeSpan Elapsed)> PingAsync(StorageContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var started = _time.GetTimestamp();
        var answered = await _channel.PingAsync(contract.HostKey, cancellationToken).ConfigureAwait(false);
        return (answered, _time.GetElapsedTime(started));
    }

    // Judges an answer (pure); a BLS answer is checked under blsKey, the host's published key (null: none known, an
    // invalid proof). Signed: the answer is for this challenge and host and its signature verifies (whatever the proof says).
    private (AuditResult Result, bool Signed) Check(StorageContract contract, ShardTerms shard, AuditChallenge challenge, AuditResponse? response, PublicKey? blsKey)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(challenge);
        if (response is null)
        {
            return (AuditResult.NoResponse, false);
        }

        var signed = response.HostKey.Span.SequenceEqual(contract.HostKey.Span) && response.Challenge.Equals(challenge) && response.Kind switch
        {
            AuditSignatureKind.Bls => blsKey is not null && response.VerifyBls(blsKey),
            _ => response.VerifySignature(_verifier),
        };
        if (!signed)
        {
            return (AuditResult.InvalidProof, false);
        }

        if (response.Missing || response.Proof is null)
        {
            return (AuditResult.Missing, true);
        }

        return (response.Proof.LeafIndex == challenge.LeafIndex && ShardMerkleTree.Verify(shard.MerkleRoot, shard.SizeBytes, response.Proof)
            ? AuditResult.Passed
            : AuditResult.InvalidProof, true);
    }
}
