namespace Zhtp.Storage.Unified.Metrics;

/// <summary>A read-only view of a content stream that counts the bytes read and reports one download of them when disposed.</summary>
internal sealed class CountingReadStream(Stream inner, ContentCounters counters) : Stream, Content.IOpenedContent
{
    private long _read;
    private int _disposed;

    /// <summary>The version the wrapped content stream reads.</summary>
    /// <exception cref="NotSupportedException">The wrapped stream is not a content stream.</exception>
    public Content.ContentInfo Info => inner is Content.IOpenedContent content ? content.Info
        : throw new NotSupportedException($"The wrapped {inner.GetType().Name} does not describe a content version; call GetMetadataAsync.");

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("Content streams are read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Content streams are read-only.");

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            counters.OnDownload(Interlocked.Read(ref _read));
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            counters.OnDownload(Interlocked.Read(ref _read));
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Counted(int read)
    {
        Interlocked.Add(ref _read, read);
        return read;
    }
}
