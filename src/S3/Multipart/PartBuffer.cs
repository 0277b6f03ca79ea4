namespace Zhtp.Storage.S3.Multipart;

/// <summary>
/// The bytes of one part kept in memory after its file was written and flushed, so the <see cref="PartAssembler"/>
/// streaming the upload reads them from here instead of reading the file back. Its chunks come from and go back to the
/// <see cref="PartStore"/>'s bounded pool (<see cref="Release"/>, which is idempotent); read once, front to back.
/// </summary>
internal sealed class PartBuffer(PartStore owner, List<(byte[] Chunk, int Length)> chunks, long length)
{
    private List<(byte[] Chunk, int Length)>? _chunks = chunks;
    private int _index;
    private int _offset;

    /// <summary>The part's length in bytes.</summary>
    public long Length => length;

    /// <summary>Copies the next bytes into <paramref name="destination"/>; 0 at the end.</summary>
    public int Read(Span<byte> destination)
    {
        List<(byte[] Chunk, int Length)> list = _chunks ?? throw new ObjectDisposedException(nameof(PartBuffer));
        int total = 0;
        while (total < destination.Length && _index < list.Count)
        {
            (byte[] chunk, int filled) = list[_index];
            int take = Math.Min(filled - _offset, destination.Length - total);
            chunk.AsSpan(_offset, take).CopyTo(destination[total..]);
            total += take;
            _offset += take;
            if (_offset == filled)
            {
                _index++;
                _offset = 0;
            }
        }

        return total;
    }

    /// <summary>Gives the chunks back to the pool (once).</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _chunks, null) is { } list)
        {
            owner.Return(list);
        }
    }
}
