using System.Buffers;
using System.IO.Pipelines;

namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>
/// A <see cref="PipeReader"/> or <see cref="PipeWriter"/> as a segment source or sink. Reads copy
/// out of the pipe and advance past what was copied at once, so the pipe never holds more than
/// its writer put in; writes copy header and payload into the pipe and flush once, so the
/// writer's pause threshold applies (back-pressure). Never completes the pipe.
/// </summary>
internal sealed class PipeEndpoint : ISegmentSource, ISegmentSink
{
    private readonly PipeReader? _reader;
    private readonly PipeWriter? _writer;
    private readonly string _name;

    /// <summary>A source reading from <paramref name="reader"/>.</summary>
    public PipeEndpoint(PipeReader reader, string name) => (_reader, _name) = (reader, name);

    /// <summary>A sink writing to <paramref name="writer"/>.</summary>
    public PipeEndpoint(PipeWriter writer, string name) => (_writer, _name) = (writer, name);

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        PipeReader reader = _reader!;
        int filled = 0;
        while (filled < destination.Length)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                StreamingThrowHelper.PendingOperationCancelled(_name, cancellationToken);
            }

            ReadOnlySequence<byte> buffer = result.Buffer;
            int take = (int)Math.Min(buffer.Length, destination.Length - filled);
            buffer.Slice(0, take).CopyTo(destination.Span[filled..]);
            filled += take;
            reader.AdvanceTo(buffer.GetPosition(take));
            if (result.IsCompleted && filled < destination.Length)
            {
                break;
            }
        }

        return filled;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        PipeWriter writer = _writer!;
        writer.Write(header.Span);
        writer.Write(payload.Span);
        FlushResult result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            StreamingThrowHelper.PendingOperationCancelled(_name, cancellationToken);
        }

        if (result.IsCompleted)
        {
            StreamingThrowHelper.ReaderCompleted(_name);
        }
    }
}
