namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>A <see cref="Stream"/> as a segment source or sink; never flushes or closes it.</summary>
internal sealed class StreamEndpoint(Stream stream) : ISegmentSource, ISegmentSink
{
    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken) =>
        destination.IsEmpty
            ? ValueTask.FromResult(0)
            : stream.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken);

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!header.IsEmpty)
        {
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        }

        await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
    }
}
