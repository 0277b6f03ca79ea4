using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>AppRequest: <c>[protocol (str), payload (bin)]</c>.</summary>
internal sealed record AppRequestBody(string Protocol, ReadOnlyMemory<byte> Payload) : IMessageBody
{
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(2);
        writer.Write(Protocol);
        writer.Write(Payload.Span);
    }

    public static AppRequestBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 2);
        string protocol = reader.ReadString() ?? "";
        if (protocol.Length is 0 or > 256)
        {
            WireReading.Throw("protocol name must be 1..256 characters");
        }

        return new AppRequestBody(protocol, WireReading.ReadBin(ref reader, ushort.MaxValue));
    }
}
