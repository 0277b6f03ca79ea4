namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>
/// Where the streaming encoder and decoder write bytes to: a <see cref="Stream"/> or a
/// <see cref="System.IO.Pipelines.PipeWriter"/>, so one segment loop serves both.
/// </summary>
internal interface ISegmentSink
{
    /// <summary>
    /// Writes <paramref name="header"/> then <paramref name="payload"/> (either may be empty) and
    /// returns once the sink has taken them; the buffers may be reused afterwards.
    /// </summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
