using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Identities;

/// <summary>Bounded MessagePack reads shared by the identity decoders.</summary>
internal static class IdentityReading
{
    public static byte[] Bin(ref MessagePackReader reader, int max, string what)
    {
        if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> span))
        {
            throw new IdentityFormatException($"The {what} is missing or not a binary field.");
        }

        if (span.Length > max)
        {
            throw new IdentityFormatException($"The {what} is {span.Length} bytes, more than the {max} allowed.");
        }

        return span.ToArray();
    }

    public static bool IsDecodeError(Exception e) =>
        e is MessagePackSerializationException or EndOfStreamException or OverflowException or FormatException or InvalidOperationException
        || (e is ArgumentException && e is not ArgumentNullException);
}
