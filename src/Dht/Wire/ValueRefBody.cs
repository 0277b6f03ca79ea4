using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>ValueRef: <c>[key (bin 32), value size (uint)]</c> — "I hold it, but it does not fit a datagram: fetch it from me over the bulk channel".</summary>
internal sealed record ValueRefBody(DhtKey Key, int Size) : IMessageBody
{
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(2);
        WireReading.WriteHash(ref writer, Key.Value);
        writer.Write(Size);
    }

    public static ValueRefBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 2);
        return new ValueRefBody(new DhtKey(WireReading.ReadHash(ref reader)), reader.ReadInt32());
    }
}
