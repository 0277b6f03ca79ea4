using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>ContractState and AppResponse: <c>[payload (bin)]</c>.</summary>
internal sealed record BytesBody(ReadOnlyMemory<byte> Payload) : IMessageBody
{
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(1);
        writer.Write(Payload.Span);
    }

    public static BytesBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 1);
        return new BytesBody(WireReading.ReadBin(ref reader, ushort.MaxValue));
    }
}
