namespace Zhtp.Storage.Types;

/// <summary>
/// RFC 4648 base32 (alphabet a–z, 2–7), lower case, without padding; decoding is case-insensitive.
/// Used for the short text form of identifiers.
/// </summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The number of characters that encode <paramref name="byteCount"/> bytes without padding.</summary>
    public static int EncodedLength(int byteCount) => ((byteCount * 8) + 4) / 5;

    /// <summary>Encodes <paramref name="bytes"/>.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[EncodedLength(bytes.Length)];
        int bitBuffer = 0, bitCount = 0, o = 0;
        foreach (byte b in bytes)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bitCount += 8;
            while (bitCount >= 5)
            {
                bitCount -= 5;
                chars[o++] = Alphabet[(bitBuffer >> bitCount) & 31];
            }
        }

        if (bitCount > 0)
        {
            chars[o++] = Alphabet[(bitBuffer << (5 - bitCount)) & 31];
        }

        return new string(chars[..o]);
    }

    /// <summary>Decodes exactly <c>destination.Length</c> bytes; the unused trailing bits must be zero.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out string? error)
    {
        if (text.Length != EncodedLength(destination.Length))
        {
            error = $"expected {EncodedLength(destination.Length)} base32 characters, got {text.Length}.";
            return false;
        }

        int bitBuffer = 0, bitCount = 0, o = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int v = Value(text[i]);
            if (v < 0)
            {
                error = $"'{text[i]}' at position {i} is not a base32 character (a-z, 2-7).";
                return false;
            }

            bitBuffer = (bitBuffer << 5) | v;
            bitCount += 5;
            if (bitCount >= 8)
            {
                bitCount -= 8;
                destination[o++] = (byte)(bitBuffer >> bitCount);
            }
        }

        if ((bitBuffer & ((1 << bitCount) - 1)) != 0)
        {
            error = "the last base32 character has non-zero padding bits (not a canonical encoding).";
            return false;
        }

        error = null;
        return true;
    }

    private static int Value(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= 'A' and <= 'Z' => c - 'A',
        >= '2' and <= '7' => c - '2' + 26,
        _ => -1,
    };
}
