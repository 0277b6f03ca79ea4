namespace Zhtp.Storage.Types.Blake3;

/// <summary>The instruction-set path that compresses chunks and parents in parallel.</summary>
internal enum Blake3Path
{
    /// <summary>The fastest path the CPU supports.</summary>
    Auto = 0,

    /// <summary>Portable 32-bit words, one input at a time.</summary>
    Scalar = 1,

    /// <summary>Four inputs at a time (SSE2 + SSSE3).</summary>
    Vector128 = 2,

    /// <summary>Eight inputs at a time (AVX2).</summary>
    Vector256 = 3,

    /// <summary>Sixteen inputs at a time (AVX-512F).</summary>
    Vector512 = 4,
}
