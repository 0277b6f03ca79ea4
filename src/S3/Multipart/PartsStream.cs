namespace Zhtp.Storage.S3.Multipart;

/// <summary>The parts of an upload, read one after the other as one stream (one part file open at a time).</summary>
internal sealed class PartsStream(PartStore store, string uploadId, IReadOnlyList<int> numbers) : ForwardReadStream
{
    private int _next;
    private FileStream? _current;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_current is null)
            {
                if (_next >= numbers.Count)
                {
                    return 0;
                }

                _current = store.Open(uploadId, numbers[_next++]);
            }

            int read = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0 || buffer.Length == 0)
            {
                return read;
            }

            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }
}
