namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>
/// Where the streaming encoder and decoder read bytes from: a <see cref="Stream"/> or a
/// <see cref="System.IO.Pipelines.PipeReader"/>, so one segment loop serves both.
/// </summary>
internal interface ISegmentSource
{
    /// <summary>
    /// Fills <paramref name="destination"/> completely unless the input ends first; returns the
    /// bytes read (fewer than asked only at the end of the input).
    /// </summary>
    ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken);
}
