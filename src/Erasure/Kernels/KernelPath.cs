namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>The instruction paths of the region kernels, slowest first.</summary>
internal enum KernelPath
{
    /// <summary>Portable code with the 64 KiB product table.</summary>
    Scalar,

    /// <summary>16-byte vectors, nibble tables and PSHUFB (SSSE3) or TBL (Arm64).</summary>
    Vector128,

    /// <summary>32-byte vectors, nibble tables and VPSHUFB (AVX2).</summary>
    Vector256,

    /// <summary>64-byte vectors, nibble tables and VPSHUFB (AVX-512BW).</summary>
    Vector512,

    /// <summary>32-byte vectors and GF2P8AFFINEQB (GFNI with AVX).</summary>
    Gfni256,

    /// <summary>64-byte vectors and GF2P8AFFINEQB (GFNI with AVX-512).</summary>
    Gfni512,
}
