using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>
/// The inputs of a node's last compression, kept so that it can yield either a chaining value
/// or, as the root, any number of output bytes from any offset (extendable output).
/// </summary>
internal readonly struct Blake3Output
{
    private readonly CvWords _inputCv;
    private readonly BlockBytes _block;
    private readonly uint _blockLen;
    private readonly ulong _counter;
    private readonly uint _flags;

    /// <summary>Captures a node's last compression.</summary>
    public Blake3Output(in CvWords inputCv, in BlockBytes block, uint blockLen, ulong counter, uint flags)
    {
        _inputCv = inputCv;
        _block = block;
        _blockLen = blockLen;
        _counter = counter;
        _flags = flags;
    }

    /// <summary>The output of a parent node over two concatenated 32-byte chaining values.</summary>
    public static Blake3Output Parent(ReadOnlySpan<byte> children64, in CvWords key, uint flags)
    {
        BlockBytes block = default;
        children64[..Blake3Constants.BlockLen].CopyTo(block);
        return new Blake3Output(in key, in block, Blake3Constants.BlockLen, 0, flags | Blake3Constants.Parent);
    }

    /// <summary>The output of a parent node over a left and a right chaining value.</summary>
    [SkipLocalsInit]
    public static Blake3Output Parent(in CvWords left, in CvWords right, in CvWords key, uint flags)
    {
        BlockBytes block;
        Unsafe.SkipInit(out block);
        Span<byte> bytes = block;
        WriteWords(in left, bytes);
        WriteWords(in right, bytes[Blake3Constants.OutLen..]);
        return new Blake3Output(in key, in block, Blake3Constants.BlockLen, 0, flags | Blake3Constants.Parent);
    }

    /// <summary>The chaining value of this node (not the root).</summary>
    public CvWords ChainingValue(Blake3Path path)
    {
        CvWords cv = _inputCv;
        Blake3Compress.InPlace(path, ref cv, in _block[0], _blockLen, _counter, _flags);
        return cv;
    }

    /// <summary>
    /// Writes root output bytes <c>[offset, offset + output.Length)</c> of this node as the root;
    /// long outputs are computed several blocks at once on the SIMD paths.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RootBytes(Blake3Path path, ulong offset, Span<byte> output)
    {
        ulong blockCounter = offset / Blake3Constants.BlockLen;
        int skip = (int)(offset % Blake3Constants.BlockLen);
        uint flags = _flags | Blake3Constants.Root;
        Span<byte> buffer = stackalloc byte[Blake3Constants.BlockLen];
        int wide = Blake3Simd.Degree(path) * Blake3Constants.BlockLen;
        while (!output.IsEmpty)
        {
            if (skip == 0 && wide > Blake3Constants.BlockLen && output.Length >= wide)
            {
                // Several output blocks at once, one counter per lane.
                unsafe
                {
                    fixed (byte* o = output)
                    {
                        Blake3HashMany.Xof(path, in _inputCv, in _block[0], _blockLen, blockCounter, flags, o);
                    }
                }

                output = output[wide..];
                blockCounter += (ulong)(wide / Blake3Constants.BlockLen);
                continue;
            }
            else if (skip == 0 && output.Length >= Blake3Constants.BlockLen)
            {
                Blake3Compress.Xof(path, in _inputCv, in _block[0], _blockLen, blockCounter, flags, ref output[0]);
                output = output[Blake3Constants.BlockLen..];
            }
            else
            {
                Blake3Compress.Xof(path, in _inputCv, in _block[0], _blockLen, blockCounter, flags, ref buffer[0]);
                int take = Math.Min(Blake3Constants.BlockLen - skip, output.Length);
                buffer.Slice(skip, take).CopyTo(output);
                output = output[take..];
                skip = 0;
            }

            blockCounter++;
        }
    }

    /// <summary>Writes the eight words of <paramref name="words"/> little-endian.</summary>
    public static void WriteWords(in CvWords words, Span<byte> destination)
    {
        for (int i = 0; i < 8; i++)
        {
            Unsafe.WriteUnaligned(ref destination[4 * i], ScalarLanes.ToLittleEndian(words[i]));
        }
    }

    /// <summary>Reads eight little-endian words.</summary>
    public static CvWords ReadWords(ReadOnlySpan<byte> source)
    {
        CvWords words = default;
        for (int i = 0; i < 8; i++)
        {
            words[i] = ScalarLanes.ToLittleEndian(Unsafe.ReadUnaligned<uint>(in source[4 * i]));
        }

        return words;
    }
}
