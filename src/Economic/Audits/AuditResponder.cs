using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Audits;

/// <summary>
/// The host side of audits: answers a challenge from the shard it stores, signed with its BLS holder
/// key when it has one (the key it publishes with proof of possession), else with its node key.
/// </summary>
internal sealed class AuditResponder
{
    private readonly INodeSigner _host;
    private readonly IShardStore _store;
    private readonly SecretKey? _blsKey;

    /// <summary>Creates a responder that signs with the node key of <paramref name="host"/>.</summary>
    public AuditResponder(INodeSigner host, IShardStore store)
        : this(host, store, null)
    {
    }

    /// <summary>Creates a responder that signs with <paramref name="blsKey"/>, or with the node key of <paramref name="host"/> when it is null.</summary>
    public AuditResponder(INodeSigner host, IShardStore store, SecretKey? blsKey)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(store);
        _host = host;
        _store = store;
        _blsKey = blsKey;
    }

    /// <summary>Answers <paramref name="challenge"/>: the leaf and its path, or a signed "missing" when the shard or leaf is not held.</summary>
    public async ValueTask<AuditResponse> RespondAsync(AuditChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        MerkleProof? proof = null;
        if (await _store.GetAsync(challenge.ShardId, cancellationToken).ConfigureAwait(false) is { } shard
            && challenge.LeafIndex >= 0 && challenge.LeafIndex < ShardMerkleTree.LeafCount(shard.Length))
        {
            proof = ShardMerkleTree.Prove(shard.Span, challenge.LeafIndex);
        }

        return _blsKey is null ? AuditResponse.Create(challenge, proof, _host) : AuditResponse.CreateBls(challenge, proof, _host.PublicKey, _blsKey);
    }
}
