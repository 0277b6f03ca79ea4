namespace Zhtp.Storage.Economic.Attestations;

/// <summary>What a holder answers an accepted deploy or transition with: an encoded <see cref="HolderAck"/>.</summary>
internal interface IHolderAcknowledger
{
    /// <summary>The encoded acknowledgement of step <paramref name="sequence"/> of <paramref name="contractId"/>, whose encoding was <paramref name="encoded"/>.</summary>
    byte[] Acknowledge(Hash256 contractId, long sequence, ReadOnlySpan<byte> encoded);
}
