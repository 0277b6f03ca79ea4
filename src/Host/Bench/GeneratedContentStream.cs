namespace Zhtp.Storage.Host.Bench;

/// <summary>
/// A read-only stream of <c>length</c> bytes of random bytes (xorshift) or compressible text (words from a small
/// table), read out of one pattern of each kind generated once per process (<see cref="PatternLength"/> bytes,
/// cycled; the seed picks where in the cycle the stream starts). Generating the bytes on every read cost about 1.6 ns
/// a byte, 8 % of a content upload's CPU samples, which the benchmark then charged to the upload; reading the pattern
/// is a copy, as reading a cached file is. The period is odd, so no two segments of a power-of-two size at different
/// offsets of one stream are equal (unencrypted identical shards would otherwise be stored once).
/// </summary>
internal sealed class GeneratedContentStream(long length, bool random, ulong seed) : Stream
{
    /// <summary>The length of each pattern: 8 MiB + 4,099 bytes.</summary>
    public const int PatternLength = (8 << 20) + 4099;

    private static readonly byte[][] Words = [.. "shard segment parity node bucket record escrow audit ledger contract lookup replica merkle proof token quote "
        .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => System.Text.Encoding.ASCII.GetBytes(w + " "))];

    private static readonly Lazy<byte[]> TextPattern = new(() => Generate(random: false));
    private static readonly Lazy<byte[]> RandomPattern = new(() => Generate(random: true));

    private readonly byte[] _pattern = (random ? RandomPattern : TextPattern).Value;
    private readonly long _start = (long)(seed * 0x9E3779B97F4A7C15UL % PatternLength);
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    /// <summary>Fills <paramref name="buffer"/> with the same bytes a fresh stream of this seed would produce from its start.</summary>
    public static void Fill(Span<byte> buffer, bool random, ulong seed)
    {
        using var stream = new GeneratedContentStream(buffer.Length, random, seed);
        stream.ReadAtLeast(buffer, buffer.Length);
    }

    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, length - _position);
        int done = 0;
        while (done < count)
        {
            int offset = (int)((_start + _position + done) % PatternLength);
            int take = Math.Min(count - done, PatternLength - offset);
            _pattern.AsSpan(offset, take).CopyTo(buffer[done..]);
            done += take;
        }

        _position += count;
        return count;
    }

    private static byte[] Generate(bool random)
    {
        var pattern = new byte[PatternLength];
        ulong state = 0x2545F4914F6CDD1DUL;
        ulong Next()
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state;
        }

        int i = 0;
        if (random)
        {
            for (; i + 8 <= pattern.Length; i += 8)
            {
                BitConverter.TryWriteBytes(pattern.AsSpan(i), Next());
            }

            for (; i < pattern.Length; i++)
            {
                pattern[i] = (byte)Next();
            }

            return pattern;
        }

        while (i < pattern.Length)
        {
            byte[] word = Words[Next() % (ulong)Words.Length];
            int take = Math.Min(word.Length, pattern.Length - i);
            word.AsSpan(0, take).CopyTo(pattern.AsSpan(i));
            i += take;
        }

        return pattern;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
