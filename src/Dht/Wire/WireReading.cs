using System.Diagnostics.CodeAnalysis;
using System.Net;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>Shared field readers and writers of the message bodies.</summary>
internal static class WireReading
{
    public static void ExpectArray(ref MessagePackReader reader, int count)
    {
        int actual = reader.ReadArrayHeader();
        if (actual != count)
        {
            Throw($"expected an array of {count} elements, found {actual}");
        }
    }

    public static Hash256 ReadHash(ref MessagePackReader reader)
    {
        if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> bytes) || bytes.Length != Hash256.Size)
        {
            Throw("expected 32 bytes");
        }

        return new Hash256(bytes);
    }

    public static byte[] ReadBin(ref MessagePackReader reader, int maxLength)
    {
        if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> bytes))
        {
            return [];
        }

        if (bytes.Length > maxLength)
        {
            Throw($"binary of {bytes.Length} bytes exceeds {maxLength}");
        }

        return bytes.ToArray();
    }

    public static void WriteHash(ref MessagePackWriter writer, Hash256 value)
    {
        writer.WriteBinHeader(Hash256.Size);
        value.WriteTo(writer.GetSpan(Hash256.Size));
        writer.Advance(Hash256.Size);
    }

    public static void WriteContact(ref MessagePackWriter writer, Contact contact)
    {
        writer.WriteArrayHeader(3);
        WriteHash(ref writer, contact.Id.Value);
        WriteEndPoint(ref writer, contact.EndPoint);
    }

    public static Contact ReadContact(ref MessagePackReader reader)
    {
        ExpectArray(ref reader, 3);
        var id = new NodeId(ReadHash(ref reader));
        return new Contact(id, ReadEndPoint(ref reader));
    }

    /// <summary>Writes an endpoint as two elements: address bytes (4 or 16) and port.</summary>
    public static void WriteEndPoint(ref MessagePackWriter writer, IPEndPoint endPoint)
    {
        IPAddress address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        int length = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 4 : 16;
        writer.WriteBinHeader(length);
        address.TryWriteBytes(writer.GetSpan(length), out _);
        writer.Advance(length);
        writer.Write(endPoint.Port);
    }

    public static IPEndPoint ReadEndPoint(ref MessagePackReader reader)
    {
        if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> address) || address.Length is not (4 or 16))
        {
            Throw("expected a 4- or 16-byte address");
        }

        int port = reader.ReadInt32();
        if (port is <= 0 or > 65535)
        {
            Throw($"port {port} out of range");
        }

        return new IPEndPoint(new IPAddress(address), port);
    }

    [DoesNotReturn]
    public static void Throw(string message) => throw new WireFormatException(message);
}
