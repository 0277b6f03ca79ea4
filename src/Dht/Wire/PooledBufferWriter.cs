using System.Buffers;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="FramePool"/>: grows by
/// renting a larger array, and hands its array over as a <see cref="PooledFrame"/> without copying.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity) => _buffer = FramePool.Instance.Rent(Math.Max(256, initialCapacity));

    /// <summary>Bytes written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>The capacity of the current array.</summary>
    public int Capacity => _buffer.Length;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Forgets what was written, keeping the array.</summary>
    public void Reset() => _written = 0;

    /// <summary>Hands the written bytes over as a frame, with the array; the writer must not be used afterwards.</summary>
    public PooledFrame TakeFrame()
    {
        var frame = new PooledFrame(_buffer, _written, rented: true);
        _buffer = [];
        _written = 0;
        return frame;
    }

    /// <summary>Returns the array to the pool; the writer must not be used afterwards.</summary>
    public void Release()
    {
        if (_buffer.Length > 0)
        {
            FramePool.Instance.Return(_buffer);
        }

        _buffer = [];
        _written = 0;
    }

    private void Ensure(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        byte[] larger = FramePool.Instance.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            FramePool.Instance.Return(_buffer);
        }

        _buffer = larger;
    }
}
