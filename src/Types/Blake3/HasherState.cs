using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

// Implementation notes (the BLAKE3 paper on the chaining-value stack, and the reference implementation's
// Hasher::update): a chaining value is pushed on the stack only once more input is known to
// follow, and merged lazily, so the stack never merges what may become the root. Before pushing
// the CV of chunk n, the stack is merged down to popcount(n) entries. Whole subtrees that fit
// the input (a power-of-two number of chunks, aligned to the chunks already absorbed) go through
// Blake3Tree and push two CVs, so long updates run at SIMD speed whatever the piece sizes.

/// <summary>The mutable state behind a <see cref="Hasher"/>: key, mode flags, the current chunk and the CV stack.</summary>
internal sealed class HasherState
{
    private readonly CvWords _key;
    private readonly uint _flags;
    private ChunkState _chunk;
    private CvStack _stack;
    private int _stackLength;

    /// <summary>Starts a hasher with the given key words and mode flags.</summary>
    public HasherState(in CvWords key, uint flags)
    {
        _key = key;
        _flags = flags;
        _chunk = new ChunkState(in _key, 0, _flags);
    }

    /// <summary>Forgets all input, keeping the key and mode.</summary>
    public void Reset()
    {
        _chunk = new ChunkState(in _key, 0, _flags);
        _stackLength = 0;
    }

    /// <summary>Absorbs more input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void Update(Blake3Path path, ReadOnlySpan<byte> input)
    {
        if (_chunk.Length > 0)
        {
            int take = Math.Min(Blake3Constants.ChunkLen - _chunk.Length, input.Length);
            _chunk.Update(path, input[..take]);
            input = input[take..];
            if (input.IsEmpty)
            {
                return;
            }

            // The chunk is full and more input follows, so it is not the root.
            CvWords cv = _chunk.Output().ChainingValue(path);
            PushCv(path, in cv, _chunk.ChunkCounter);
            _chunk = new ChunkState(in _key, _chunk.ChunkCounter + 1, _flags);
        }

        fixed (byte* start = input)
        {
            byte* p = start;
            int remaining = input.Length;
            byte* children = stackalloc byte[2 * Blake3Constants.OutLen];
            while (remaining > Blake3Constants.ChunkLen)
            {
                ulong counter = _chunk.ChunkCounter;
                ulong subtreeChunks = 1UL << BitOperations.Log2((uint)(remaining / Blake3Constants.ChunkLen));
                while (((subtreeChunks - 1) & counter) != 0)
                {
                    subtreeChunks >>= 1;
                }

                int subtreeLength = (int)subtreeChunks * Blake3Constants.ChunkLen;
                if (subtreeChunks == 1)
                {
                    var chunk = new ChunkState(in _key, counter, _flags);
                    chunk.Update(path, new ReadOnlySpan<byte>(p, subtreeLength));
                    CvWords cv = chunk.Output().ChainingValue(path);
                    PushCv(path, in cv, counter);
                }
                else
                {
                    Blake3Tree.CompressSubtreeToParentNode(path, p, subtreeLength, in _key, counter, _flags, children);
                    CvWords left = Blake3Output.ReadWords(new ReadOnlySpan<byte>(children, Blake3Constants.OutLen));
                    CvWords right = Blake3Output.ReadWords(new ReadOnlySpan<byte>(children + Blake3Constants.OutLen, Blake3Constants.OutLen));
                    PushCv(path, in left, counter);
                    PushCv(path, in right, counter + (subtreeChunks / 2));
                }

                _chunk = new ChunkState(in _key, counter + subtreeChunks, _flags);
                p += subtreeLength;
                remaining -= subtreeLength;
            }

            if (remaining > 0)
            {
                _chunk.Update(path, new ReadOnlySpan<byte>(p, remaining));

                // Input follows everything on the stack now, so it can all be merged but for the right edge.
                MergeCvStack(path, _chunk.ChunkCounter);
            }
        }
    }

    /// <summary>The root output of everything absorbed so far; the state is unchanged.</summary>
    public Blake3Output FinalOutput(Blake3Path path)
    {
        if (_stackLength == 0)
        {
            return _chunk.Output();
        }

        Blake3Output output;
        int remaining = _stackLength;
        if (_chunk.Length > 0)
        {
            output = _chunk.Output();
        }
        else
        {
            output = Blake3Output.Parent(in _stack[remaining - 2], in _stack[remaining - 1], in _key, _flags);
            remaining -= 2;
        }

        while (remaining > 0)
        {
            CvWords right = output.ChainingValue(path);
            output = Blake3Output.Parent(in _stack[remaining - 1], in right, in _key, _flags);
            remaining--;
        }

        return output;
    }

    private void PushCv(Blake3Path path, in CvWords cv, ulong chunkCounter)
    {
        MergeCvStack(path, chunkCounter);
        _stack[_stackLength++] = cv;
    }

    private void MergeCvStack(Blake3Path path, ulong totalChunks)
    {
        int target = BitOperations.PopCount(totalChunks);
        while (_stackLength > target)
        {
            CvWords parent = Blake3Output.Parent(in _stack[_stackLength - 2], in _stack[_stackLength - 1], in _key, _flags).ChainingValue(path);
            _stackLength--;
            _stack[_stackLength - 1] = parent;
        }
    }
}
