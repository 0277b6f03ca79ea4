using System.IO.Pipelines;

namespace Zhtp.Storage.Erasure.Tests.Streaming;

/// <summary>
/// A pipe writer that counts and drops what is written, through one reused buffer, and flushes
/// synchronously: lets a test measure what the streaming code itself allocates.
/// </summary>
internal sealed class DiscardingPipeWriter : PipeWriter
{
    private readonly byte[] _buffer = new byte[64 * 1024];

    public long BytesWritten { get; private set; }

    public override void Advance(int bytes) => BytesWritten += bytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer;

    public override Span<byte> GetSpan(int sizeHint = 0) => _buffer;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false));

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}
