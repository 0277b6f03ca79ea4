using System.Diagnostics.CodeAnalysis;
using System.Net;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>Bounded field readers of the manifest formats: every count and length is checked against the bytes present before anything is allocated.</summary>
internal static class ManifestReading
{
    public static int Array(ref MessagePackReader reader, string what)
    {
        int count = reader.ReadArrayHeader();
        if (count > reader.Remaining)
        {
            Fail($"{what} claims {count} elements but only {reader.Remaining} bytes follow");
        }

        return count;
    }

    public static void ExpectArray(ref MessagePackReader reader, int count, string what)
    {
        int actual = reader.ReadArrayHeader();
        if (actual != count)
        {
            Fail($"{what}: expected an array of {count} elements, found {actual}");
        }
    }

    public static Hash256 Hash(ref MessagePackReader reader, string what)
    {
        if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> bytes) || bytes.Length != Hash256.Size)
        {
            Fail($"{what}: expected 32 bytes");
        }

        return new Hash256(bytes);
    }

    public static byte[] Bin(ref MessagePackReader reader, int maxLength, string what)
    {
        if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> bytes))
        {
            Fail($"{what}: expected binary");
        }

        if (bytes.Length > maxLength)
        {
            Fail($"{what}: {bytes.Length} bytes exceed the limit of {maxLength}");
        }

        return bytes.ToArray();
    }

    public static string Text(ref MessagePackReader reader, int maxLength, string what)
    {
        string text = reader.ReadString() ?? "";
        if (text.Length > maxLength)
        {
            Fail($"{what}: {text.Length} characters exceed the limit of {maxLength}");
        }

        return text;
    }

    public static int Int(ref MessagePackReader reader, int min, int max, string what)
    {
        long value = reader.ReadInt64();
        if (value < min || value > max)
        {
            Fail($"{what}: {value} is outside {min}..{max}");
        }

        return (int)value;
    }

    /// <summary>Tags: an array of at most 32 strings of at most 64 characters.</summary>
    public static List<string> Tags(ref MessagePackReader reader)
    {
        int count = Array(ref reader, "tags");
        if (count > 32)
        {
            Fail($"{count} tags exceed 32");
        }

        var tags = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            tags.Add(Text(ref reader, 64, "tag"));
        }

        return tags;
    }

    public static void WriteTags(ref MessagePackWriter writer, IReadOnlyList<string> tags)
    {
        writer.WriteArrayHeader(tags.Count);
        foreach (string tag in tags)
        {
            writer.Write(tag);
        }
    }

    public static void WriteHash(ref MessagePackWriter writer, Hash256 value)
    {
        writer.WriteBinHeader(Hash256.Size);
        value.WriteTo(writer.GetSpan(Hash256.Size));
        writer.Advance(Hash256.Size);
    }

    public static void WriteEndPoint(ref MessagePackWriter writer, IPEndPoint endPoint)
    {
        IPAddress address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        writer.Write(address.GetAddressBytes());
        writer.Write(endPoint.Port);
    }

    public static IPEndPoint EndPoint(ref MessagePackReader reader)
    {
        if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> address) || address.Length is not (4 or 16))
        {
            Fail("holder address: expected 4 or 16 bytes");
        }

        var ip = new IPAddress(address);
        return new IPEndPoint(ip, Int(ref reader, 0, 65535, "holder port"));
    }

    [DoesNotReturn]
    public static void Fail(string message) => throw new ManifestFormatException($"Malformed manifest: {message}.");
}
