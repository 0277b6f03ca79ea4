namespace Zhtp.Storage.Dht;

/// <summary>The reply to <see cref="IDhtNode.SendRequestAsync"/>.</summary>
/// <param name="Error"><see cref="DhtErrorCode.None"/> on success; <see cref="DhtErrorCode.Timeout"/> when no reply came after all retries; otherwise the remote error code.</param>
/// <param name="Payload">The handler's reply bytes on success.</param>
/// <param name="Message">The remote error message, if any.</param>
public readonly record struct AppResponse(DhtErrorCode Error, ReadOnlyMemory<byte> Payload, string? Message = null)
{
    /// <summary>True when the remote handler answered.</summary>
    public bool Success => Error == DhtErrorCode.None;
}
