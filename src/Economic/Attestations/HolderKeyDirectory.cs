using System.Collections.Concurrent;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Economic.Attestations;

/// <summary>
/// The renter's view of holders' BLS keys: fetched once per holder over the DHT (protocol
/// <see cref="Protocol"/>, an empty request answered with <see cref="HolderKey.Encode"/>), kept only
/// when the key is the holder's (its node key hashes to the holder id), the node signature verifies and
/// the proof of possession verifies. Bounded: at most <see cref="MaxKeys"/> keys.
/// </summary>
/// <remarks>Thread safety: all members are safe to call concurrently.</remarks>
internal sealed class HolderKeyDirectory : IAuditKeys
{
    /// <summary>The request protocol that hands out a holder's <see cref="HolderKey"/>.</summary>
    public const string Protocol = "zhtp/economic/holder-key/1";

    /// <summary>Most keys kept.</summary>
    public const int MaxKeys = 4096;

    private readonly IDhtNode _node;
    private readonly ISignatureVerifier _verifier;
    private readonly ConcurrentDictionary<NodeId, HolderKey> _keys = new();
    private long _fetches;

    public HolderKeyDirectory(IDhtNode node, ISignatureVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(verifier);
        _node = node;
        _verifier = verifier;
    }

    /// <summary>Keys fetched over the network so far.</summary>
    public long Fetches => Interlocked.Read(ref _fetches);

    /// <summary>Makes <paramref name="node"/> hand out <paramref name="key"/>.</summary>
    public static void Serve(IDhtNode node, HolderKey key)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(key);
        var encoded = key.Encode();
        node.RegisterRequestHandler(Protocol, (_, _, _) => ValueTask.FromResult<ReadOnlyMemory<byte>>(encoded));
    }

    /// <summary>Adds a key known without asking (e.g. this node's own); false when it does not verify.</summary>
    public bool Add(HolderKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Verify(_verifier))
        {
            return false;
        }

        Remember(key);
        return true;
    }

    /// <summary>The verified BLS key of <paramref name="holder"/> if known here, else null.</summary>
    public PublicKey? Find(NodeId holder) => _keys.TryGetValue(holder, out var key) ? key.BlsKey : null;

    /// <summary>Forgets a holder's key (its signature did not verify under it: it may have a new one).</summary>
    public void Forget(NodeId holder) => _keys.TryRemove(holder, out _);

    /// <summary>
    /// The holder's verified BLS key, fetched when not known; null with the reason when none is to be had, and
    /// <c>Unreachable</c> when the request for it failed (the key was not refused).
    /// </summary>
    public async Task<(PublicKey? Key, string? Error, bool Unreachable)> GetAsync(Contact holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(holder);
        if (Find(holder.Id) is { } known)
        {
            return (known, null, false);
        }

        Interlocked.Increment(ref _fetches);
        var response = await _node.SendRequestAsync(holder, Protocol, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        if (!response.Success)
        {
            return (null, $"its holder key could not be fetched ({response.Error}: {response.Message})", true);
        }

        HolderKey key;
        try
        {
            key = HolderKey.Decode(response.Payload);
        }
        catch (MessagePackSerializationException ex)
        {
            return (null, $"its holder key is malformed: {ex.Message}", false);
        }

        if (key.Node != holder.Id)
        {
            return (null, "its holder key is bound to another node key", false);
        }

        if (!key.Verify(_verifier))
        {
            return (null, "its holder key's node signature or proof of possession does not verify", false);
        }

        Remember(key);
        return (key.BlsKey, null, false);
    }

    /// <summary>The verified BLS key of <paramref name="holder"/>, fetched from its contact (routing table, else a FindNode lookup) when not known.</summary>
    public async Task<(PublicKey? Key, string? Error, bool Unreachable)> GetAsync(NodeId holder, CancellationToken cancellationToken)
    {
        if (Find(holder) is { } known)
        {
            return (known, null, false);
        }

        var contact = _node.GetContacts().FirstOrDefault(c => c.Id == holder)
            ?? (await _node.FindNodeAsync(new DhtKey(holder.Value), cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Id == holder);
        return contact is null ? (null, "the host could not be found to fetch its holder key", true) : await GetAsync(contact, cancellationToken).ConfigureAwait(false);
    }

    private void Remember(HolderKey key)
    {
        if (_keys.Count >= MaxKeys)
        {
            foreach (var old in _keys.Keys.Take(MaxKeys / 8))
            {
                _keys.TryRemove(old, out _);
            }
        }

        _keys[key.Node] = key;
    }
}
