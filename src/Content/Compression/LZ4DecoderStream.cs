using System.Buffers;

namespace Zhtp.Storage.Content.Compression;

/// <summary>The read-only decompressing stream returned by <see cref="LZ4Stream.Decode"/>.</summary>
internal sealed class LZ4DecoderStream : Stream
{
    private const int InputBufferSize = 64 * 1024;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly LZ4FrameDecoder _decoder = new();
    private readonly byte[] _input = ArrayPool<byte>.Shared.Rent(InputBufferSize);
    private int _inputStart;
    private int _inputEnd;
    private ReadOnlyMemory<byte> _pending;
    private bool _endOfInput;
    private bool _disposed;

    internal LZ4DecoderStream(Stream inner, bool leaveOpen)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("An LZ4 decoder stream has no length.");

    public override long Position
    {
        get => throw new NotSupportedException("An LZ4 decoder stream is forward-only.");
        set => throw new NotSupportedException("An LZ4 decoder stream is forward-only.");
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (TryServe(buffer, out int served))
            {
                return served;
            }

            if (_inputStart == _inputEnd && !Refilled(_inner.Read(_input, 0, InputBufferSize)))
            {
                return 0;
            }

            DecodeAvailable();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (TryServe(buffer.Span, out int served))
            {
                return served;
            }

            if (_inputStart == _inputEnd
                && !Refilled(await _inner.ReadAsync(_input.AsMemory(0, InputBufferSize), cancellationToken).ConfigureAwait(false)))
            {
                return 0;
            }

            DecodeAvailable();
        }
    }

    /// <summary>Copies pending output; true when something was served or the stream is at its end.</summary>
    private bool TryServe(Span<byte> buffer, out int served)
    {
        served = 0;
        if (buffer.IsEmpty)
        {
            return true;
        }

        if (!_pending.IsEmpty)
        {
            served = Math.Min(buffer.Length, _pending.Length);
            _pending.Span[..served].CopyTo(buffer);
            _pending = _pending[served..];
            return true;
        }

        return _endOfInput;
    }

    /// <summary>Records a read of <paramref name="count"/> bytes; false (after the end-of-input checks) at end of input.</summary>
    private bool Refilled(int count)
    {
        _inputStart = 0;
        _inputEnd = count;
        if (count > 0)
        {
            return true;
        }

        _endOfInput = true;
        _decoder.Complete();
        return false;
    }

    private void DecodeAvailable()
    {
        _inputStart += _decoder.Decode(_input.AsSpan(_inputStart, _inputEnd - _inputStart), out _pending);
    }

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An LZ4 decoder stream is read-only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An LZ4 decoder stream is forward-only.");

    public override void SetLength(long value) => throw new NotSupportedException("An LZ4 decoder stream is forward-only.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _decoder.Dispose();
            ArrayPool<byte>.Shared.Return(_input);
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
