using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// The LZ4 frame reader as a push state machine over spans, shared by the <see cref="Stream"/>,
/// pipe and one-shot front ends. Feed bytes in any split to <see cref="Decode"/>; it returns
/// how many it consumed and, when a block completes, that block's decoded bytes. Call
/// <see cref="Complete"/> at the end of input. Handles concatenated frames and skips skippable
/// frames. Memory is bounded by the frame's block maximum size: a staging buffer of one block
/// (only used when a block arrives split) and an output window of one block (two blocks plus
/// 64 KiB for linked blocks), from the shared pool. Not thread-safe.
/// </summary>
internal sealed unsafe class LZ4FrameDecoder : IDisposable
{
    private enum Stage
    {
        Magic,
        SkipLength,
        Skip,
        Descriptor,
        BlockHeader,
        Block,
        ContentChecksum,
    }

    private Stage _stage = Stage.Magic;
    private byte[] _staging = ArrayPool<byte>.Shared.Rent(64);
    private int _staged;
    private int _need = 4;
    private byte[]? _window;
    private int _windowPos;
    private long _skipLeft;
    private uint _blockWord;
    private FrameDescriptor _frame;
    private readonly XxHash32 _contentHash = new();
    private long _produced;
    private bool _sawFrame;
    private bool _disposed;

    /// <summary>
    /// Consumes bytes of <paramref name="input"/> until a block is decoded or the input is used
    /// up. Returns the count consumed; <paramref name="output"/> holds the decoded block (valid
    /// until the next call) or is empty.
    /// </summary>
    /// <exception cref="LZ4FormatException">The data is not a valid LZ4 frame.</exception>
    internal int Decode(ReadOnlySpan<byte> input, out ReadOnlyMemory<byte> output)
    {
        output = default;
        int consumed = 0;
        while (true)
        {
            switch (_stage)
            {
                case Stage.Skip:
                    {
                        int take = (int)Math.Min(_skipLeft, input.Length - consumed);
                        consumed += take;
                        _skipLeft -= take;
                        if (_skipLeft > 0)
                        {
                            return consumed;
                        }

                        Expect(Stage.Magic, 4);
                        continue;
                    }

                case Stage.Block:
                    {
                        ReadOnlySpan<byte> unit;
                        if (_staged == 0 && input.Length - consumed >= _need)
                        {
                            unit = input.Slice(consumed, _need);
                            consumed += _need;
                        }
                        else if (Fill(input, ref consumed))
                        {
                            unit = _staging.AsSpan(0, _need);
                        }
                        else
                        {
                            return consumed;
                        }

                        output = DecodeBlock(unit);
                        Expect(Stage.BlockHeader, 4);
                        if (!output.IsEmpty)
                        {
                            return consumed;
                        }

                        continue;
                    }

                default:
                    if (!Fill(input, ref consumed))
                    {
                        return consumed;
                    }

                    OnUnit(_staging.AsSpan(0, _need));
                    continue;
            }
        }
    }

    /// <summary>Signals the end of input; throws if it ended inside a frame or held no frame at all.</summary>
    /// <exception cref="LZ4FormatException">The input was truncated or empty.</exception>
    internal void Complete()
    {
        if (_stage != Stage.Magic || _staged != 0)
        {
            LZ4ThrowHelper.Format("LZ4 stream ends in the middle of a frame; the data was cut short.");
        }

        if (!_sawFrame)
        {
            LZ4ThrowHelper.Format("LZ4 input holds no frame (it is empty); compressed data is at least one 7-byte frame header and an end mark.");
        }
    }

    private bool Fill(ReadOnlySpan<byte> input, ref int consumed)
    {
        int take = Math.Min(_need - _staged, input.Length - consumed);
        input.Slice(consumed, take).CopyTo(_staging.AsSpan(_staged));
        consumed += take;
        _staged += take;
        return _staged == _need;
    }

    private void Expect(Stage stage, int need)
    {
        _stage = stage;
        _need = need;
        _staged = 0;
        if (_staging.Length < need)
        {
            ArrayPool<byte>.Shared.Return(_staging);
            _staging = ArrayPool<byte>.Shared.Rent(need);
        }
    }

    private void OnUnit(ReadOnlySpan<byte> unit)
    {
        switch (_stage)
        {
            case Stage.Magic:
                {
                    uint magic = BinaryPrimitives.ReadUInt32LittleEndian(unit);
                    _sawFrame = true;
                    if (magic == LZ4FrameFormat.Magic)
                    {
                        Expect(Stage.Descriptor, 2);
                    }
                    else if ((magic & LZ4FrameFormat.SkippableMask) == LZ4FrameFormat.SkippableMagic)
                    {
                        Expect(Stage.SkipLength, 4);
                    }
                    else if (magic == LZ4FrameFormat.LegacyMagic)
                    {
                        LZ4ThrowHelper.Format("LZ4 legacy frame (lz4 -l) is not supported; recompress with the default LZ4 frame format.");
                    }
                    else
                    {
                        LZ4ThrowHelper.Format(string.Create(CultureInfo.InvariantCulture,
                            $"Not an LZ4 frame: magic number 0x{magic:X8} (expected 0x184D2204, or 0x184D2A50..5F for a skippable frame)."));
                    }

                    return;
                }

            case Stage.SkipLength:
                _skipLeft = BinaryPrimitives.ReadUInt32LittleEndian(unit);
                _stage = Stage.Skip;
                _staged = 0;
                return;

            case Stage.Descriptor:
                if (_need == 2)
                {
                    // FLG is known: read the rest of the descriptor (content size, dict id, HC).
                    int length = LZ4FrameFormat.DescriptorLength(unit[0]);
                    _need = length;
                    return;
                }

                StartFrame(LZ4FrameFormat.ReadDescriptor(unit));
                return;

            case Stage.BlockHeader:
                OnBlockHeader(BinaryPrimitives.ReadUInt32LittleEndian(unit));
                return;

            default:
                if (BinaryPrimitives.ReadUInt32LittleEndian(unit) != _contentHash.GetCurrentHashAsUInt32())
                {
                    LZ4ThrowHelper.Format("LZ4 frame content checksum does not match the decoded data; the data is corrupt.");
                }

                EndFrame();
                return;
        }
    }

    private void StartFrame(FrameDescriptor frame)
    {
        _frame = frame;
        _contentHash.Reset();
        _produced = 0;
        _windowPos = 0;
        int size = frame.Independent
            ? frame.BlockSize
            : LZ4FrameFormat.DictionaryWindow + (frame.BlockSize <= 256 * 1024 ? 2 * frame.BlockSize : frame.BlockSize);
        if (_window is null || _window.Length < size)
        {
            if (_window is not null)
            {
                ArrayPool<byte>.Shared.Return(_window);
            }

            _window = ArrayPool<byte>.Shared.Rent(size);
        }

        Expect(Stage.BlockHeader, 4);
    }

    private void OnBlockHeader(uint word)
    {
        if (word == 0)
        {
            if (_frame.ContentChecksum)
            {
                Expect(Stage.ContentChecksum, 4);
            }
            else
            {
                EndFrame();
            }

            return;
        }

        int size = (int)(word & ~LZ4FrameFormat.UncompressedFlag);
        if (size > _frame.BlockSize)
        {
            LZ4ThrowHelper.Format(string.Create(CultureInfo.InvariantCulture,
                $"LZ4 block of {size} bytes is larger than the frame's block maximum of {_frame.BlockSize}; the data is corrupt."));
        }

        _blockWord = word;
        Expect(Stage.Block, size + (_frame.BlockChecksum ? 4 : 0));
    }

    private void EndFrame()
    {
        if (_frame.ContentSize is long expected && expected != _produced)
        {
            LZ4ThrowHelper.Format(string.Create(CultureInfo.InvariantCulture,
                $"LZ4 frame declares {expected} bytes of content but holds {_produced}; the data is corrupt or truncated."));
        }

        Expect(Stage.Magic, 4);
    }

    private ReadOnlyMemory<byte> DecodeBlock(ReadOnlySpan<byte> unit)
    {
        int size = (int)(_blockWord & ~LZ4FrameFormat.UncompressedFlag);
        ReadOnlySpan<byte> data = unit[..size];
        if (_frame.BlockChecksum && BinaryPrimitives.ReadUInt32LittleEndian(unit[size..]) != XxHash32.HashToUInt32(data))
        {
            LZ4ThrowHelper.Format("LZ4 block checksum does not match; the block is corrupt.");
        }

        byte[] window = _window!;
        int blockMax = _frame.BlockSize;
        int pos = 0;
        if (!_frame.Independent)
        {
            if (_windowPos + blockMax > window.Length)
            {
                int keep = Math.Min(_windowPos, LZ4FrameFormat.DictionaryWindow);
                window.AsSpan(_windowPos - keep, keep).CopyTo(window);
                _windowPos = keep;
            }

            pos = _windowPos;
        }

        int produced;
        if ((_blockWord & LZ4FrameFormat.UncompressedFlag) != 0)
        {
            data.CopyTo(window.AsSpan(pos));
            produced = size;
        }
        else
        {
            fixed (byte* src = data)
            fixed (byte* dst = window)
            {
                produced = LZ4BlockDecoder.Decode(src, size, dst + pos, blockMax, pos);
            }
        }

        if (!_frame.Independent)
        {
            _windowPos = pos + produced;
        }

        _produced += produced;
        if (_frame.ContentSize is long expected && _produced > expected)
        {
            LZ4ThrowHelper.Format(string.Create(CultureInfo.InvariantCulture,
                $"LZ4 frame declares {expected} bytes of content but holds more; the data is corrupt."));
        }

        ReadOnlyMemory<byte> block = window.AsMemory(pos, produced);
        if (_frame.ContentChecksum)
        {
            _contentHash.Append(block.Span);
        }

        return block;
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<byte>.Shared.Return(_staging);
        if (_window is not null)
        {
            ArrayPool<byte>.Shared.Return(_window);
        }
    }
}
