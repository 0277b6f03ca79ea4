using System.Diagnostics;
using Xunit.Abstractions;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types;
using Zhtp.Storage.Unified.Runtime;
using Zhtp.Storage.Unified.Tests.Support;

namespace Zhtp.Storage.Unified.Tests;

/// <summary>
/// A measurement, not a check: MB/s of 64 MiB (compressible text, Standard, Public so another node reads it)
/// through the facade and through the raw content managers of the same 8-node loopback cluster, alternating,
/// two runs each. Upload on node 0, download on node 7, SQLite stores. Run with
/// <c>dotnet test tests/Zhtp.Storage.Unified.Tests -c Release --filter "Category=Soak" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Soak")]
public sealed class FacadeOverheadSoakTests(ITestOutputHelper output)
{
    private const long Size = 64L << 20;

    [Fact(Timeout = 1_200_000)]
    public async Task Facade_vs_RawContentManager_Throughput()
    {
        using var directory = new TempDirectory();
        await using SystemCluster cluster = await SystemCluster.StartAsync(8, i => new ZhtpStorageOptions
        {
            DataDirectory = directory.Sub("n" + i),
            Dht = new DhtConfig { StorageQuotaBytes = 1L << 40 },
            Content = new ContentConfig { MaxContentSize = long.MaxValue },
        });
        IUnifiedStorageSystem writer = cluster[0];
        IUnifiedStorageSystem reader = cluster[7];
        IContentManager rawWriter = ((UnifiedStorageSystem)writer).Stack.Content;
        IContentManager rawReader = ((UnifiedStorageSystem)reader).Stack.Content;
        var options = new ContentUploadOptions { Encryption = EncryptionLevel.Standard, Metadata = new ContentMetadata { Access = AccessLevel.Public } };

        // Warm-up: JIT and connections.
        ContentReceipt warm = await writer.UploadContentAsync(new TextStream(3 << 20, 99), options);
        await reader.DownloadContentAsync(warm.Id, Stream.Null);

        var results = new List<(string Path, double Up, double Down)>();
        int seed = 1;
        for (int run = 0; run < 2; run++)
        {
            foreach (bool facade in new[] { true, false })
            {
                var clock = Stopwatch.StartNew();
                ContentReceipt receipt = facade
                    ? await writer.UploadContentAsync(new TextStream(Size, seed++), options)
                    : await rawWriter.UploadAsync(new TextStream(Size, seed++), options);
                double up = Size / clock.Elapsed.TotalSeconds / 1e6;
                clock.Restart();
                DownloadResult result = facade
                    ? await reader.DownloadContentAsync(receipt.Id, Stream.Null)
                    : await rawReader.DownloadAsync(receipt.Id, Stream.Null);
                double down = Size / clock.Elapsed.TotalSeconds / 1e6;
                Assert.Equal(Size, result.BytesWritten);
                results.Add((facade ? "facade" : "raw", up, down));
                output.WriteLine($"run {run + 1} {(facade ? "facade" : "raw   ")}: upload {up:F1} MB/s, download {down:F1} MB/s");
            }
        }

        foreach (IGrouping<string, (string Path, double Up, double Down)> path in results.GroupBy(r => r.Path))
        {
            output.WriteLine($"{path.Key}: mean upload {path.Average(r => r.Up):F1} MB/s, mean download {path.Average(r => r.Down):F1} MB/s");
        }
    }

    /// <summary>Compressible text generated on the fly (no 64 MiB buffer).</summary>
    private sealed class TextStream(long length, int seed) : Stream
    {
        private static readonly byte[] Words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua "u8.ToArray();
        private readonly Random _random = new(seed);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - _position);
            for (int i = 0; i < n; i++)
            {
                buffer[i] = (i & 63) == 0 ? (byte)('a' + _random.Next(26)) : Words[(int)((_position + i) % Words.Length)];
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
