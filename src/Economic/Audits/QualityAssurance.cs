namespace Zhtp.Storage.Economic.Audits;

/// <summary>
/// The renter side of audits: challenges a host for a random leaf of a random shard of a contract
/// and checks the proof against the root kept in the contract, and pings hosts for uptime; times
/// every request with the injected clock. Randomness comes from the injected seedable source.
/// </summary>
/// <remarks>Not thread-safe (shares one <see cref="Random"/>).</remarks>
internal sealed class QualityAssurance
{
    private readonly IAuditChannel _channel;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ISignatureVerifier _verifier;

    /// <summary>Creates the auditor.</summary>
    public QualityAssurance(IAuditChannel channel, TimeProvider time, Random random, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(verifier);
        _channel = channel;
        _time = time;
        _random = random;
        _verifier = verifier;
    }

    /// <summary>Audits one random leaf of one random shard of <paramref name="contract"/>.</summary>
    public async Task<AuditOutcome> AuditAsync(StorageContract contract, CancellationToken cancellationToken)
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
        return new AuditOutcome(contract.ContractId, shard.ShardId, leaf, Judge(contract, shard, challenge, response), elapsed);
    }

    /// <summary>Pings the host of <paramref name="contract"/>.</summary>
    public async Task<(bool Answered, TimeSpan Elapsed)> PingAsync(StorageContract contract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var started = _time.GetTimestamp();
        var answered = await _channel.PingAsync(contract.HostKey, cancellationToken).ConfigureAwait(false);
        return (answered, _time.GetElapsedTime(started));
    }

    /// <summary>Judges an answer. Pure.</summary>
    public AuditResult Judge(StorageContract contract, ShardTerms shard, AuditChallenge challenge, AuditResponse? response)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(challenge);
        if (response is null)
        {
            return AuditResult.NoResponse;
        }

        if (!response.HostKey.Span.SequenceEqual(contract.HostKey.Span) || !response.Challenge.Equals(challenge) || !response.VerifySignature(_verifier))
        {
            return AuditResult.InvalidProof;
        }

        if (response.Missing || response.Proof is null)
        {
            return AuditResult.Missing;
        }

        return response.Proof.LeafIndex == challenge.LeafIndex && ShardMerkleTree.Verify(shard.MerkleRoot, shard.SizeBytes, response.Proof)
            ? AuditResult.Passed
            : AuditResult.InvalidProof;
    }
}
