using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

[Trait("Category", "Soak")]
public sealed class ContentManagerSoakTests
{
    [Fact(Timeout = 1_800_000)]
    public async Task OneGibibyte_RoundTrips_WithEveryByteChecked()
    {
        const long size = 1L << 30;
        await using ContentCluster cluster = await ContentCluster.StartAsync(8);
        INodeSigner owner = NodeSigners.CreateEcdsaP256();
        byte[] secret = ContentCluster.Secret();
        IContentManager writer = cluster.Manager(0, owner, secret, o => o with { SegmentSize = 1 << 20 });
        IContentManager reader = cluster.Manager(7, owner, secret, o => o with { SegmentSize = 1 << 20 });

        ContentReceipt receipt = await writer.UploadAsync(new PatternStream(size, seed: 3));
        var check = new ComparingSink(new PatternStream(size, seed: 3));
        DownloadResult result = await reader.DownloadAsync(receipt.Id, check);

        Assert.Equal(size, receipt.Length);
        Assert.Equal(1024, receipt.Segments);
        Assert.Equal(size, result.BytesWritten);
        Assert.Equal(size, check.Compared);
        Assert.Null(check.FirstDifference);
    }

    /// <summary>Deterministic pseudo-random bytes, generated as read (never held whole).</summary>
    private sealed class PatternStream(long length, ulong seed) : Stream
    {
        private ulong _state = seed | 1;
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer)
        {
            int count = (int)Math.Min(buffer.Length, length - _position);
            for (int i = 0; i < count; i++)
            {
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                buffer[i] = (byte)(_state >> 24);
            }

            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Compares what is written with a second copy of the expected stream.</summary>
    private sealed class ComparingSink(Stream expected) : Stream
    {
        private byte[] _buffer = [];

        public long Compared { get; private set; }

        public long? FirstDifference { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Compared;

        public override long Position { get => Compared; set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_buffer.Length < buffer.Length)
            {
                _buffer = new byte[buffer.Length];
            }

            expected.ReadExactly(_buffer.AsSpan(0, buffer.Length));
            int mismatch = buffer.CommonPrefixLength(_buffer.AsSpan(0, buffer.Length));
            if (mismatch < buffer.Length && FirstDifference is null)
            {
                FirstDifference = Compared + mismatch;
            }

            Compared += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
