namespace Zhtp.Storage.Dht;

/// <summary>A holder's answer to a contract operation.</summary>
/// <param name="Accepted">True when the holder validated and applied (or answered) the operation.</param>
/// <param name="Payload">Opaque reply bytes for the caller (e.g. a query result or a signed receipt); at most <see cref="IDhtNode.MaxPayloadSize"/> bytes.</param>
/// <param name="Error">Why the holder refused, when <paramref name="Accepted"/> is false.</param>
public readonly record struct ContractReply(bool Accepted, ReadOnlyMemory<byte> Payload, string? Error = null)
{
    /// <summary>An accepting reply with <paramref name="payload"/>.</summary>
    public static ContractReply Accept(ReadOnlyMemory<byte> payload = default) => new(true, payload);

    /// <summary>A refusing reply saying why.</summary>
    public static ContractReply Reject(string error) => new(false, default, error);
}
