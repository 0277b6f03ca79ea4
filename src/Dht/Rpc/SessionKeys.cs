using System.Collections.Concurrent;
using System.Security.Cryptography;
using Zhtp.Storage.Dht.Identity;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Dht.Rpc;

// Implementation notes
// Session MACs (docs/protocol.md "Session authentication"): once two nodes have each seen a
// verified message carrying the other's public key, they authenticate further messages with a
// 32-byte keyed BLAKE3 MAC instead of an ECDSA signature. The key is
//   K = BLAKE3-derive-key("zhtp-dht-session-v1", ECDH(own private, peer public) || lower id || higher id)
// which both sides compute alone (static-static ECDH on the identity keys). Only the two nodes
// know K, so a valid MAC proves the sender as a signature would towards this receiver; timestamps
// and the replay cache apply unchanged. Keys are cached per peer (bounded); a key is cached only
// after a MAC verified with it, so random keys cannot fill the cache.

/// <summary>Peer public keys learned from verified messages and the derived per-peer MAC keys.</summary>
internal sealed class SessionKeys
{
    /// <summary>Peers remembered before the caches are cleared.</summary>
    public const int Capacity = 16_384;

    private readonly IKeyAgreement _agreement;
    private readonly NodeId _self;
    private readonly ConcurrentDictionary<NodeId, byte[]> _peerKeys = new();
    private readonly ConcurrentDictionary<NodeId, byte[]> _macKeys = new();

    public SessionKeys(IKeyAgreement agreement, NodeId self)
    {
        _agreement = agreement;
        _self = self;
    }

    /// <summary>Remembers the public key of a peer whose message verified.</summary>
    public void Remember(NodeId peer, ReadOnlySpan<byte> publicKey)
    {
        if (_peerKeys.ContainsKey(peer))
        {
            return;
        }

        if (_peerKeys.Count >= Capacity)
        {
            _peerKeys.Clear();
        }

        _peerKeys[peer] = publicKey.ToArray();
    }

    /// <summary>The MAC key for sending to <paramref name="peer"/>, or null when its public key is not known yet.</summary>
    public byte[]? ForSending(NodeId peer)
    {
        if (_macKeys.TryGetValue(peer, out byte[]? key))
        {
            return key;
        }

        if (!_peerKeys.TryGetValue(peer, out byte[]? publicKey) || Derive(peer, publicKey) is not { } derived)
        {
            return null;
        }

        Cache(peer, derived);
        return derived;
    }

    /// <summary>Checks a MAC from <paramref name="peer"/> (whose key is in the message); caches the key when it verifies.</summary>
    public bool Verify(NodeId peer, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac) => Verify(peer, publicKey, data, [], mac);

    /// <summary>Checks a MAC over <paramref name="data"/> || <paramref name="tail"/> from <paramref name="peer"/>; caches the key when it verifies.</summary>
    public bool Verify(NodeId peer, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> tail, ReadOnlySpan<byte> mac)
    {
        if (mac.Length != 32)
        {
            return false;
        }

        bool cached = _macKeys.TryGetValue(peer, out byte[]? key);
        key ??= Derive(peer, publicKey);
        if (key is null)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        Compute(key, data, tail, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return false;
        }

        if (!cached)
        {
            Cache(peer, key);
        }

        return true;
    }

    /// <summary>The 32-byte MAC of <paramref name="data"/> under <paramref name="key"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Blake3Hashing.KeyedHash(key, data, mac);
    }

    /// <summary>The 32-byte MAC of <paramref name="data"/> || <paramref name="tail"/> under <paramref name="key"/>, without joining them.</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> tail, Span<byte> mac)
    {
        if (tail.IsEmpty)
        {
            Blake3Hashing.KeyedHash(key, data, mac);
            return;
        }

        Blake3Hashing.KeyedHash(key, data, tail, mac);
    }

    private byte[]? Derive(NodeId peer, ReadOnlySpan<byte> publicKey)
    {
        Span<byte> material = stackalloc byte[32 + Hash256.Size * 2];
        if (!_agreement.TryAgree(publicKey, material[..32]))
        {
            return null;
        }

        (NodeId low, NodeId high) = _self < peer ? (_self, peer) : (peer, _self);
        low.WriteTo(material[32..]);
        high.WriteTo(material[(32 + Hash256.Size)..]);
        byte[] key = new byte[32];
        Blake3Hashing.DeriveKey("zhtp-dht-session-v1", material, key);
        CryptographicOperations.ZeroMemory(material);
        return key;
    }

    private void Cache(NodeId peer, byte[] key)
    {
        if (_macKeys.Count >= Capacity)
        {
            _macKeys.Clear();
        }

        _macKeys[peer] = key;
    }
}
