using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Zhtp.Storage.Content.Compression;

namespace Zhtp.Storage.Benchmarks.Content;

/// <summary>
/// LZ4 block and frame throughput on 1 MiB of synthetic mixed data (text-like, runs, random:
/// ratio about 2, close to the anchors' corpus). Block cases cut it into 64 KiB blocks like
/// <c>lz4_bench</c>; frame cases run the span front end with default settings. Zero allocation
/// is expected on the block cases (the frame cases rent pooled buffers). For the figures compared
/// with liblz4 use <c>zhtp bench lz4 corpus.bin</c> on the anchors' corpus.
/// </summary>
[BenchmarkCategory("Content")]
public class LZ4Benchmarks
{
    private const int Size = 1 << 20;
    private const int Block = 64 * 1024;

    private readonly byte[] _input = MixedInput();
    private readonly byte[] _compressed = new byte[(Size / Block) * LZ4Codec.MaximumOutputSize(Block)];
    private readonly int[] _sizes = new int[Size / Block];
    private readonly byte[] _output = new byte[Size];
    private readonly ArrayBufferWriter<byte> _frameWriter = new(Size * 2);
    private byte[] _frame = [];

    [GlobalSetup]
    public void Setup()
    {
        Encode_Fast_64KiBBlocks_1MiB();
        _frameWriter.Clear();
        LZ4Frame.Encode(_input, _frameWriter);
        _frame = _frameWriter.WrittenSpan.ToArray();
    }

    [Benchmark]
    public void Encode_Fast_64KiBBlocks_1MiB() => EncodeBlocks(LZ4Level.L00_FAST);

    [Benchmark]
    public void Encode_HC9_64KiBBlocks_1MiB() => EncodeBlocks(LZ4Level.L09_HC);

    [Benchmark]
    public void Decode_64KiBBlocks_1MiB()
    {
        int bound = LZ4Codec.MaximumOutputSize(Block);
        for (int i = 0; i < _sizes.Length; i++)
        {
            LZ4Codec.Decode(_compressed.AsSpan(i * bound, _sizes[i]), _output.AsSpan(i * Block, Block));
        }
    }

    [Benchmark]
    public long FrameEncode_Default_1MiB()
    {
        _frameWriter.Clear();
        return LZ4Frame.Encode(_input, _frameWriter);
    }

    [Benchmark]
    public long FrameDecode_Default_1MiB()
    {
        _frameWriter.Clear();
        return LZ4Frame.Decode(_frame, _frameWriter);
    }

    private void EncodeBlocks(LZ4Level level)
    {
        int bound = LZ4Codec.MaximumOutputSize(Block);
        for (int i = 0; i < _sizes.Length; i++)
        {
            _sizes[i] = LZ4Codec.Encode(_input.AsSpan(i * Block, Block), _compressed.AsSpan(i * bound, bound), level);
        }
    }

    private static byte[] MixedInput()
    {
        var random = new Random(42);
        string[] words = ["storage", "shard", "node", "contract", "the", "of", "segment", "manifest", "peer", "record"];
        var bytes = new byte[Size];
        int pos = 0;
        while (pos < Size)
        {
            int run = Math.Min(Size - pos, random.Next(64, 4096));
            Span<byte> part = bytes.AsSpan(pos, run);
            switch (random.Next(3))
            {
                case 0:
                    var text = new StringBuilder();
                    while (text.Length < run)
                    {
                        text.Append(words[random.Next(words.Length)]).Append(' ');
                    }

                    Encoding.ASCII.GetBytes(text.ToString(0, run), part);
                    break;
                case 1:
                    part.Fill((byte)random.Next(4));
                    break;
                default:
                    random.NextBytes(part);
                    break;
            }

            pos += run;
        }

        return bytes;
    }
}
