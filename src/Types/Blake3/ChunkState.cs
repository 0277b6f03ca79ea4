using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>
/// The state of one chunk being hashed block by block. The last block is
/// always kept buffered, because only <see cref="Output"/> knows it carries CHUNK_END.
/// </summary>
internal struct ChunkState
{
    private CvWords _cv;
    private BlockBytes _buffer;
    private int _bufferLen;
    private int _blocksCompressed;
    private readonly uint _flags;

    /// <summary>Starts chunk number <paramref name="chunkCounter"/> under <paramref name="key"/>.</summary>
    public ChunkState(in CvWords key, ulong chunkCounter, uint flags)
    {
        _cv = key;
        ChunkCounter = chunkCounter;
        _flags = flags;
    }

    /// <summary>The index of this chunk in the input.</summary>
    public ulong ChunkCounter { get; }

    /// <summary>The number of input bytes absorbed so far (0..1024).</summary>
    public readonly int Length => (_blocksCompressed * Blake3Constants.BlockLen) + _bufferLen;

    private readonly uint StartFlag => _blocksCompressed == 0 ? Blake3Constants.ChunkStart : 0;

    /// <summary>Absorbs <paramref name="input"/>; the caller keeps the chunk within 1024 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Update(Blake3Path path, ReadOnlySpan<byte> input)
    {
        while (!input.IsEmpty)
        {
            if (_bufferLen == Blake3Constants.BlockLen)
            {
                Blake3Compress.InPlace(path, ref _cv, in _buffer[0], Blake3Constants.BlockLen, ChunkCounter, _flags | StartFlag);
                _blocksCompressed++;
                _bufferLen = 0;
            }

            if (_bufferLen == 0 && input.Length > Blake3Constants.BlockLen)
            {
                // Whole blocks straight from the input, all but the last (it may end the chunk).
                int blocks = (input.Length - 1) / Blake3Constants.BlockLen;
                Blake3Compress.Blocks(path, ref _cv, in input[0], blocks, ChunkCounter, _flags | StartFlag, _flags);
                _blocksCompressed += blocks;
                input = input[(blocks * Blake3Constants.BlockLen)..];
            }

            int take = Math.Min(Blake3Constants.BlockLen - _bufferLen, input.Length);
            input[..take].CopyTo(((Span<byte>)_buffer)[_bufferLen..]);
            _bufferLen += take;
            input = input[take..];
        }
    }

    /// <summary>The output of this chunk: its chaining value, or the root if it is the only chunk.</summary>
    [SkipLocalsInit]
    public readonly Blake3Output Output()
    {
        BlockBytes block = _buffer;
        ((Span<byte>)block)[_bufferLen..].Clear();
        return new Blake3Output(in _cv, in block, (uint)_bufferLen, ChunkCounter, _flags | StartFlag | Blake3Constants.ChunkEnd);
    }
}
