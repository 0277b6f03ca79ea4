namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// LZ4 compression level, named like K4os.Compression.LZ4's levels. <see cref="L00_FAST"/> is the
/// reference fast compressor (a hash table of 4/5-byte sequences with the skip heuristic);
/// the other levels use hash chains with lazy matching, searching more candidates as the level
/// rises. Every level produces standard LZ4 blocks that any LZ4 decoder reads.
/// </summary>
#pragma warning disable CA1707 // the level names mirror K4os.Compression.LZ4
public enum LZ4Level
{
    /// <summary>Fast compressor (liblz4 <c>LZ4_compress_default</c>, <c>lz4 -1</c>).</summary>
    L00_FAST = 0,

    /// <summary>Hash chains, 4 candidates per position.</summary>
    L03_HC = 3,

    /// <summary>Hash chains, 8 candidates per position.</summary>
    L04_HC = 4,

    /// <summary>Hash chains, 16 candidates per position.</summary>
    L05_HC = 5,

    /// <summary>Hash chains, 32 candidates per position.</summary>
    L06_HC = 6,

    /// <summary>Hash chains, 64 candidates per position.</summary>
    L07_HC = 7,

    /// <summary>Hash chains, 128 candidates per position.</summary>
    L08_HC = 8,

    /// <summary>Hash chains, 256 candidates per position (<c>lz4 -9</c> search depth).</summary>
    L09_HC = 9,

    /// <summary>Hash chains, 512 candidates per position.</summary>
    L10_OPT = 10,

    /// <summary>Hash chains, 1024 candidates per position.</summary>
    L11_OPT = 11,

    /// <summary>Hash chains, 4096 candidates per position: the densest and slowest level.</summary>
    L12_MAX = 12,
}
#pragma warning restore CA1707
