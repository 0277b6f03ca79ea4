using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>FindNode, FindValue, ContractFind: <c>[target (bin 32)]</c>.</summary>
internal sealed record KeyBody(DhtKey Key) : IMessageBody
{
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(1);
        WireReading.WriteHash(ref writer, Key.Value);
    }

    public static KeyBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 1);
        return new KeyBody(new DhtKey(WireReading.ReadHash(ref reader)));
    }
}
