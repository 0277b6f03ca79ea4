using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Economic;

/// <summary>Uses a DHT node's <see cref="INodeSigner"/> as the economic signer and verifier, so a node signs quotes, contracts and audit answers with its node key.</summary>
public sealed class NodeSignerAdapter : IEconomicSigner, ISignatureVerifier
{
    private readonly INodeSigner _signer;

    /// <summary>Wraps <paramref name="signer"/>.</summary>
    public NodeSignerAdapter(INodeSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _signer = signer;
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> PublicKey => _signer.PublicKey;

    /// <inheritdoc />
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[_signer.SignatureSize];
        _signer.Sign(message, signature);
        return signature;
    }

    /// <inheritdoc />
    public bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => _signer.Verify(publicKey, message, signature);
}
