using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// The LZ4 frame writer as a synchronous state machine over spans, shared by the
/// <see cref="Stream"/>, pipe and one-shot front ends: <see cref="Append"/> input until
/// <see cref="IsBlockFull"/>, take the encoded bytes from <see cref="FlushBlock"/>, and end with
/// <see cref="Finish"/>. Memory: one input window (block size, plus 64 KiB for linked blocks),
/// one output block and the level's encoder state, rented from the shared pool and returned by
/// <see cref="Dispose"/>. Not thread-safe.
/// </summary>
internal sealed unsafe class LZ4FrameEncoder : IDisposable
{
    private readonly FrameDescriptor _descriptor;
    private readonly LZ4Level _level;
    private readonly byte[] _input;
    private readonly byte[] _output;
    private readonly byte[] _state;
    private readonly XxHash32? _contentHash;
    private int _prefix;
    private int _buffered;
    private long _total;
    private bool _headerWritten;
    private bool _finished;
    private bool _disposed;

    /// <summary>Creates a writer for <paramref name="settings"/> (validated here).</summary>
    internal LZ4FrameEncoder(LZ4EncoderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.ContentLength is < 0)
        {
            LZ4ThrowHelper.ArgumentOutOfRange(nameof(settings), "LZ4EncoderSettings.ContentLength must be null or non-negative.");
        }

        if (!Enum.IsDefined(settings.CompressionLevel))
        {
            LZ4ThrowHelper.ArgumentOutOfRange(nameof(settings), "LZ4EncoderSettings.CompressionLevel must be one of the LZ4Level values.");
        }

        int blockSize = LZ4FrameFormat.BlockSizeOf(LZ4FrameFormat.BlockSizeCode(settings.BlockSize));
        _descriptor = new FrameDescriptor(blockSize, !settings.ChainBlocks, settings.BlockChecksum, settings.ContentChecksum, settings.ContentLength);
        _level = settings.CompressionLevel;
        int window = settings.ChainBlocks ? LZ4FrameFormat.DictionaryWindow : 0;
        _input = ArrayPool<byte>.Shared.Rent(window + blockSize);
        _output = ArrayPool<byte>.Shared.Rent(LZ4FrameFormat.MaxHeaderSize + 4 + LZ4Codec.MaximumOutputSize(blockSize) + 4 + 4 + 4);
        _state = ArrayPool<byte>.Shared.Rent(LZ4Codec.StateBytes(_level));
        _contentHash = settings.ContentChecksum ? new XxHash32() : null;
    }

    /// <summary>The maximum block size of the frame.</summary>
    internal int BlockSize => _descriptor.BlockSize;

    /// <summary>True when the current block holds <see cref="BlockSize"/> bytes.</summary>
    internal bool IsBlockFull => _buffered == _descriptor.BlockSize;

    /// <summary>Copies as much of <paramref name="data"/> as fits in the current block; returns the count taken.</summary>
    internal int Append(ReadOnlySpan<byte> data)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The LZ4 frame is already finished; start a new encoder for more data.");
        }

        int take = Math.Min(data.Length, _descriptor.BlockSize - _buffered);
        data[..take].CopyTo(_input.AsSpan(_prefix + _buffered));
        _buffered += take;
        return take;
    }

    /// <summary>
    /// Encodes the buffered bytes as one block (preceded by the frame header the first time) and
    /// returns the bytes to write, valid until the next call. Empty when nothing is buffered and
    /// the header was already written.
    /// </summary>
    internal ReadOnlyMemory<byte> FlushBlock()
    {
        int pos = 0;
        if (!_headerWritten)
        {
            pos = LZ4FrameFormat.WriteHeader(_output, _descriptor);
            _headerWritten = true;
        }

        if (_buffered > 0)
        {
            pos += EncodeBlock(_output.AsSpan(pos));
        }

        return _output.AsMemory(0, pos);
    }

    /// <summary>Encodes any buffered bytes, then the EndMark and content checksum; returns the bytes to write.</summary>
    internal ReadOnlyMemory<byte> Finish()
    {
        if (_finished)
        {
            return default;
        }

        if (_descriptor.ContentSize is long expected && expected != _total + _buffered)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"LZ4EncoderSettings.ContentLength is {expected} but {_total + _buffered} bytes were written; set it to the exact length or leave it null."));
        }

        int pos = FlushBlock().Length;
        BinaryPrimitives.WriteUInt32LittleEndian(_output.AsSpan(pos), 0);
        pos += 4;
        if (_descriptor.ContentChecksum)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_output.AsSpan(pos), _contentHash!.GetCurrentHashAsUInt32());
            pos += 4;
        }

        _finished = true;
        return _output.AsMemory(0, pos);
    }

    private int EncodeBlock(Span<byte> dst)
    {
        int length = _buffered;
        Span<byte> block = _input.AsSpan(_prefix, length);
        _contentHash?.Append(block);

        int compressed;
        fixed (byte* src = _input)
        fixed (byte* d = dst)
        {
            compressed = LZ4Codec.EncodeWithState(src, _prefix, length, d + 4, length - 1, _level, _state);
        }

        int stored;
        if (compressed > 0)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(dst, (uint)compressed);
            stored = compressed;
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(dst, (uint)length | LZ4FrameFormat.UncompressedFlag);
            block.CopyTo(dst[4..]);
            stored = length;
        }

        int pos = 4 + stored;
        if (_descriptor.BlockChecksum)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(dst[pos..], XxHash32.HashToUInt32(dst.Slice(4, stored)));
            pos += 4;
        }

        _total += length;
        _buffered = 0;
        if (!_descriptor.Independent)
        {
            int keep = Math.Min(_prefix + length, LZ4FrameFormat.DictionaryWindow);
            _input.AsSpan(_prefix + length - keep, keep).CopyTo(_input);
            _prefix = keep;
        }

        return pos;
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<byte>.Shared.Return(_input);
        ArrayPool<byte>.Shared.Return(_output);
        ArrayPool<byte>.Shared.Return(_state);
    }
}
