using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Security;

/// <summary>
/// Adapters that let a user identity sign what the content layer and the DHT sign: head records (its
/// classical key, or its ML-DSA-65 key when it has none), manifests (every key it has), and identity
/// records (docs/protocol.md, "Identity records"). The identity keeps ownership of its keys: disposing
/// an adapter does nothing.
/// </summary>
internal static class IdentitySigners
{
    /// <summary>The key that signs the identity's head records and is the manifests' owner key.</summary>
    public static ISigningKey RecordKey(ZhtpIdentity identity) =>
        identity.ClassicalSigningKey ?? identity.PostQuantumSigningKey
        ?? throw new ArgumentException($"Identity {identity.Id} has no signing key.", nameof(identity));

    /// <summary>Signs mutable DHT records with <see cref="RecordKey"/>; the DHT verifies them through Types' SigningKeys.</summary>
    public static INodeSigner ForRecords(ZhtpIdentity identity) => new KeySigner(RecordKey(identity));

    /// <summary>Signs manifests with every key of the identity (Hybrid: classical and ML-DSA-65).</summary>
    public static IManifestSigner ForManifests(ZhtpIdentity identity) => new ManifestSigner(identity);

    /// <summary>Signs identity records (algorithm 48): public key = the identity id, signature = the encoded IdentitySignature.</summary>
    public static INodeSigner ForIdentityRecords(ZhtpIdentity identity) => new IdentityRecordSigner(identity);

    private sealed class KeySigner(ISigningKey key) : INodeSigner
    {
        public byte Algorithm => (byte)key.Algorithm;

        public ReadOnlyMemory<byte> PublicKey => key.PublicKey;

        public int SignatureSize => key.SignatureSize;

        public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => key.Sign(data, signature);

        public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
            SigningKeys.Verify(key.Algorithm, publicKey, data, signature);

        public void Dispose()
        {
            // The identity owns the key.
        }
    }

    private sealed class ManifestSigner(ZhtpIdentity identity) : IManifestSigner
    {
        public ManifestSignature Sign(ReadOnlySpan<byte> data)
        {
            IdentitySignature signature = identity.Sign(data);
            return new ManifestSignature(signature.Classical, signature.PostQuantum);
        }
    }

    private sealed class IdentityRecordSigner : INodeSigner
    {
        private readonly ZhtpIdentity _identity;
        private readonly byte[] _id = new byte[Hash256.Size];

        public IdentityRecordSigner(ZhtpIdentity identity)
        {
            _identity = identity;
            identity.Id.Value.WriteTo(_id);

            // Every key the identity has yields signatures of a fixed size, so one probe gives the encoded size.
            SignatureSize = identity.Sign([]).Encode().Length;
        }

        public byte Algorithm => IdentityRecords.Algorithm;

        public ReadOnlyMemory<byte> PublicKey => _id;

        public int SignatureSize { get; }

        public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
        {
            byte[] encoded = _identity.Sign(data).Encode();
            if (encoded.Length != signature.Length)
            {
                throw new InvalidOperationException($"Identity {_identity.Id} produced a signature of {encoded.Length} bytes, expected {signature.Length}.");
            }

            encoded.CopyTo(signature);
        }

        public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => false;

        public void Dispose()
        {
            // The identity owns its keys.
        }
    }
}
