namespace Zhtp.Storage.Content.Compression;

/// <summary>The write-only compressing stream returned by <see cref="LZ4Stream.Encode"/>.</summary>
internal sealed class LZ4EncoderStream : Stream
{
    private readonly Stream _inner;
    private readonly LZ4FrameEncoder _encoder;
    private readonly bool _leaveOpen;
    private bool _disposed;

    internal LZ4EncoderStream(Stream inner, LZ4FrameEncoder encoder, bool leaveOpen)
    {
        _inner = inner;
        _encoder = encoder;
        _leaveOpen = leaveOpen;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => throw new NotSupportedException("An LZ4 encoder stream has no length.");

    public override long Position
    {
        get => throw new NotSupportedException("An LZ4 encoder stream is forward-only.");
        set => throw new NotSupportedException("An LZ4 encoder stream is forward-only.");
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty)
        {
            buffer = buffer[_encoder.Append(buffer)..];
            if (_encoder.IsBlockFull)
            {
                _inner.Write(_encoder.FlushBlock().Span);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty)
        {
            buffer = buffer[_encoder.Append(buffer.Span)..];
            if (_encoder.IsBlockFull)
            {
                await _inner.WriteAsync(_encoder.FlushBlock(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _inner.Write(_encoder.FlushBlock().Span);
        _inner.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _inner.WriteAsync(_encoder.FlushBlock(), cancellationToken).ConfigureAwait(false);
        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            try
            {
                await _inner.WriteAsync(_encoder.Finish()).ConfigureAwait(false);
                await _inner.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                _disposed = true;
                _encoder.Dispose();
                if (!_leaveOpen)
                {
                    await _inner.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An LZ4 encoder stream is write-only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An LZ4 encoder stream is forward-only.");

    public override void SetLength(long value) => throw new NotSupportedException("An LZ4 encoder stream is forward-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            try
            {
                _inner.Write(_encoder.Finish().Span);
                _inner.Flush();
            }
            finally
            {
                _disposed = true;
                _encoder.Dispose();
                if (!_leaveOpen)
                {
                    _inner.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }
}
