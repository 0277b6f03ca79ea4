using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>Eight 32-bit words: a chaining value or a key.</summary>
[InlineArray(8)]
internal struct CvWords
{
    private uint _element0;
}

/// <summary>One 64-byte message block.</summary>
[InlineArray(Blake3Constants.BlockLen)]
internal struct BlockBytes
{
    private byte _element0;
}

/// <summary>Sixteen values: the compression state or the message words, per lane type.</summary>
/// <typeparam name="T">A word (<see cref="uint"/>) or a vector of words, one per lane.</typeparam>
[InlineArray(16)]
internal struct Vec16<T>
{
    private T _element0;
}

/// <summary>The chaining-value stack of an incremental hasher (one entry per tree level).</summary>
[InlineArray(Blake3Constants.MaxDepth + 1)]
internal struct CvStack
{
    private CvWords _element0;
}
