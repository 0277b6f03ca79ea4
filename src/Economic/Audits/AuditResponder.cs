namespace Zhtp.Storage.Economic.Audits;

/// <summary>The host side of audits: answers a challenge from the shard it stores, signed with its key.</summary>
internal sealed class AuditResponder
{
    private readonly INodeSigner _host;
    private readonly IShardStore _store;

    /// <summary>Creates a responder.</summary>
    public AuditResponder(INodeSigner host, IShardStore store)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(store);
        _host = host;
        _store = store;
    }

    /// <summary>Answers <paramref name="challenge"/>: the leaf and its path, or a signed "missing" when the shard or leaf is not held.</summary>
    public async ValueTask<AuditResponse> RespondAsync(AuditChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (await _store.GetAsync(challenge.ShardId, cancellationToken).ConfigureAwait(false) is not { } shard
            || challenge.LeafIndex < 0 || challenge.LeafIndex >= ShardMerkleTree.LeafCount(shard.Length))
        {
            return AuditResponse.Create(challenge, null, _host);
        }

        return AuditResponse.Create(challenge, ShardMerkleTree.Prove(shard.Span, challenge.LeafIndex), _host);
    }
}
