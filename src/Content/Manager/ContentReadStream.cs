using System.Buffers;
using Zhtp.Storage.Content.Pipeline;

namespace Zhtp.Storage.Content.Manager;

/// <summary>
/// A seekable, read-only view of one content version. A read fetches only the segment under the
/// position; once reads run sequentially across segment edges it also prefetches the next segments
/// (up to MaxSegmentsInFlight held at once). Seeking past the end throws <see cref="ContentRangeException"/>. Use the async methods: the
/// synchronous Read would block on the network, so it is not offered.
/// </summary>
internal sealed class ContentReadStream : Stream, IOpenedContent
{
    private readonly ContentManager _manager;
    private readonly ResolvedVersion _version;
    private readonly ShardFetcher _fetcher;
    private readonly Dictionary<long, Task<byte[]>> _segments = [];
    private readonly CancellationTokenSource _closing = new();
    private readonly int _window;
    private long _position;
    private long _lastSegment = -1;
    private int _sequentialRun;
    private bool _disposed;

    public ContentReadStream(ContentManager manager, ResolvedVersion version, ShardFetcher fetcher, int window = 4)
    {
        _manager = manager;
        _version = version;
        _fetcher = fetcher;
        _window = Math.Max(1, window);
    }

    /// <inheritdoc/>
    public ContentInfo Info => _version.ToInfo();

    /// <summary>Shards that were missing or bad and worked around so far.</summary>
    public IReadOnlyList<ShardFault> Faults => _fetcher.Faults;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => !_disposed;

    public override bool CanWrite => false;

    public override long Length => _version.Manifest.Length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "Unknown seek origin."),
        };
        if (target < 0)
        {
            throw new IOException($"Cannot seek to {target}: before the start of the content.");
        }

        if (target > Length)
        {
            throw new ContentRangeException(target, Length);
        }

        _position = target;
        return target;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_position >= Length || buffer.IsEmpty)
        {
            return 0;
        }

        int segmentSize = _version.Manifest.SegmentSize;
        long index = _position / segmentSize;
        _sequentialRun = index == _lastSegment + 1 ? _sequentialRun + 1 : index == _lastSegment ? _sequentialRun : 0;
        _lastSegment = index;
        Evict(index);
        Task<byte[]> current = Segment(index);
        if (_sequentialRun >= 2)
        {
            long count = _version.Manifest.SegmentCount;
            for (long ahead = index + 1; ahead < count && ahead < index + _window; ahead++)
            {
                _ = Segment(ahead);
            }
        }

        byte[] plain = await current.WaitAsync(cancellationToken).ConfigureAwait(false);
        int offset = (int)(_position - (index * segmentSize));
        int length = Math.Min(buffer.Length, _version.Manifest.PlainLengthOf(index) - offset);
        plain.AsSpan(offset, length).CopyTo(buffer.Span);
        _position += length;
        return length;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Content streams read from the network: use ReadAsync or CopyToAsync.");

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("Content streams are read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Content streams are read-only.");

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _closing.CancelAsync().ConfigureAwait(false);
        foreach (Task<byte[]> task in _segments.Values)
        {
            await ContentManager.ReturnWhenDoneAsync(task).ConfigureAwait(false);
        }

        _segments.Clear();
        _closing.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _closing.Cancel();
            foreach (Task<byte[]> task in _segments.Values)
            {
                _ = ContentManager.ReturnWhenDoneAsync(task);
            }

            _segments.Clear();
        }

        base.Dispose(disposing);
    }

    private Task<byte[]> Segment(long index)
    {
        if (!_segments.TryGetValue(index, out Task<byte[]>? task))
        {
            task = _manager.ReadSegmentAsync(_version, index, _fetcher, _closing.Token);
            _segments.Add(index, task);
        }

        return task;
    }

    /// <summary>Drops segments outside [index, index + window) so at most the window is held.</summary>
    private void Evict(long index)
    {
        foreach (long held in _segments.Keys.Where(k => k < index || k >= index + _window).ToList())
        {
            _ = ContentManager.ReturnWhenDoneAsync(_segments[held]);
            _segments.Remove(held);
        }
    }
}
