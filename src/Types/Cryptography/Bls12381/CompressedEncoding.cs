namespace Zhtp.Storage.Types.Cryptography.Bls12381;

/// <summary>
/// The three flag bits of the compressed encoding (the ZCash format the IETF draft adopts): bit 7
/// says compressed, bit 6 the point at infinity, bit 5 that y is the lexicographically larger root.
/// </summary>
internal static class CompressedEncoding
{
    public const byte CompressionFlag = 0x80;
    public const byte InfinityFlag = 0x40;
    public const byte SignFlag = 0x20;

    /// <summary>What the flags of an encoding say, before the coordinates are read.</summary>
    public enum Kind
    {
        Invalid,
        Infinity,
        Point,
    }

    /// <summary>
    /// Checks the flags of <paramref name="encoding"/>: compression must be set; the infinity flag
    /// demands a clear sign flag and all other bits zero.
    /// </summary>
    public static Kind Classify(ReadOnlySpan<byte> encoding, out bool sign)
    {
        byte first = encoding[0];
        sign = (first & SignFlag) != 0;
        if ((first & CompressionFlag) == 0)
        {
            return Kind.Invalid;
        }

        if ((first & InfinityFlag) != 0)
        {
            bool rest = (first & 0x3F) != 0 || encoding[1..].ContainsAnyExcept((byte)0);
            return sign || rest ? Kind.Invalid : Kind.Infinity;
        }

        return Kind.Point;
    }

    /// <summary>The encoding with the flag bits cleared, for reading the x coordinate.</summary>
    public static void CopyWithoutFlags(ReadOnlySpan<byte> encoding, Span<byte> destination)
    {
        encoding.CopyTo(destination);
        destination[0] &= 0x1F;
    }

    public static byte[] InfinityEncoding(int length)
    {
        var bytes = new byte[length];
        bytes[0] = CompressionFlag | InfinityFlag;
        return bytes;
    }
}
