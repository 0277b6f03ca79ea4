using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Economic.Attestations;

/// <summary>
/// The holder's side: signs the acknowledgement of each contract step it accepted, with its BLS key
/// when it has one, else with its node key.
/// </summary>
internal sealed class HolderAttestor : IHolderAcknowledger
{
    private readonly INodeSigner _signer;
    private readonly SecretKey? _blsKey;

    /// <summary>Signs with <paramref name="blsKey"/>, or with <paramref name="signer"/>'s node key when it is null.</summary>
    public HolderAttestor(INodeSigner signer, SecretKey? blsKey)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _signer = signer;
        _blsKey = blsKey;
        Key = blsKey is null ? null : HolderKey.Create(signer, blsKey);
    }

    /// <summary>The holder's published BLS key, or null for a holder without one.</summary>
    public HolderKey? Key { get; }

    /// <inheritdoc />
    public byte[] Acknowledge(Hash256 contractId, long sequence, ReadOnlySpan<byte> encoded)
    {
        var statement = ContractAttestation.Statement(contractId, sequence, Blake3Hashing.Compute(encoded));
        return (_blsKey is { } key
            ? new HolderAck(HolderAck.Bls, key.Sign(statement).ToBytes(), ReadOnlyMemory<byte>.Empty)
            : new HolderAck(HolderAck.NodeSignature, _signer.Sign(statement), _signer.PublicKey)).Encode();
    }
}
