namespace Zhtp.Storage.Types.Blake3;

/// <summary>
/// Sizes, the initialisation vector and the domain-separation flags of BLAKE3
/// (from the specification in the BLAKE3 paper).
/// </summary>
internal static class Blake3Constants
{
    /// <summary>Bytes per compression block.</summary>
    public const int BlockLen = 64;

    /// <summary>Bytes per chunk (16 blocks); chunks are the leaves of the tree.</summary>
    public const int ChunkLen = 1024;

    /// <summary>Bytes of a chaining value and of the default output.</summary>
    public const int OutLen = 32;

    /// <summary>Bytes of a keyed-hash key.</summary>
    public const int KeyLen = 32;

    /// <summary>Largest tree depth: 2^64 bytes of input is 2^54 chunks.</summary>
    public const int MaxDepth = 54;

    /// <summary>Widest parallel kernel (Vector512: 16 lanes).</summary>
    public const int MaxSimdDegree = 16;

    /// <summary>Flag of the first block of a chunk.</summary>
    public const uint ChunkStart = 1 << 0;

    /// <summary>Flag of the last block of a chunk.</summary>
    public const uint ChunkEnd = 1 << 1;

    /// <summary>Flag of a parent node.</summary>
    public const uint Parent = 1 << 2;

    /// <summary>Flag of the root compression (output).</summary>
    public const uint Root = 1 << 3;

    /// <summary>Mode flag of keyed hashing.</summary>
    public const uint KeyedHash = 1 << 4;

    /// <summary>Mode flag of hashing the derive-key context string.</summary>
    public const uint DeriveKeyContext = 1 << 5;

    /// <summary>Mode flag of hashing the key material under the context key.</summary>
    public const uint DeriveKeyMaterial = 1 << 6;

    /// <summary>IV word 0 (the SHA-256 initial values).</summary>
    public const uint IV0 = 0x6A09E667;

    /// <summary>IV word 1.</summary>
    public const uint IV1 = 0xBB67AE85;

    /// <summary>IV word 2.</summary>
    public const uint IV2 = 0x3C6EF372;

    /// <summary>IV word 3.</summary>
    public const uint IV3 = 0xA54FF53A;

    /// <summary>IV word 4.</summary>
    public const uint IV4 = 0x510E527F;

    /// <summary>IV word 5.</summary>
    public const uint IV5 = 0x9B05688C;

    /// <summary>IV word 6.</summary>
    public const uint IV6 = 0x1F83D9AB;

    /// <summary>IV word 7.</summary>
    public const uint IV7 = 0x5BE0CD19;

    /// <summary>The key words of unkeyed hashing: the IV.</summary>
    public static CvWords IV
    {
        get
        {
            CvWords iv = default;
            iv[0] = IV0;
            iv[1] = IV1;
            iv[2] = IV2;
            iv[3] = IV3;
            iv[4] = IV4;
            iv[5] = IV5;
            iv[6] = IV6;
            iv[7] = IV7;
            return iv;
        }
    }
}
