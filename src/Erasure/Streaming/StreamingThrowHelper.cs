using System.Diagnostics.CodeAnalysis;

namespace Zhtp.Storage.Erasure.Streaming;

/// <summary>Throw sites of the streaming endpoints, kept out of their read and write loops.</summary>
internal static class StreamingThrowHelper
{
    [DoesNotReturn]
    public static void PendingOperationCancelled(string name, CancellationToken cancellationToken) =>
        throw new OperationCanceledException($"A pending operation on {name} was cancelled (CancelPendingRead/CancelPendingFlush); the erasure stream was abandoned part-way and must be restarted.", cancellationToken);

    [DoesNotReturn]
    public static void ReaderCompleted(string name) =>
        throw new ErasureCodingException($"The reader of {name} completed before all segments were written; keep the pipe's reader open until the encode or decode returns.");
}
