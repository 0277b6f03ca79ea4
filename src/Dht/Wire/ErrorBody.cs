using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>Error: <c>[code (uint), message (str)]</c>.</summary>
internal sealed record ErrorBody(DhtErrorCode Code, string Message) : IMessageBody
{
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(2);
        writer.Write((byte)Code);
        writer.Write(Message.Length > 200 ? Message[..200] : Message);
    }

    public static ErrorBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 2);
        var code = (DhtErrorCode)reader.ReadByte();
        return new ErrorBody(code, reader.ReadString() ?? "");
    }
}
