using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>Renew: <c>[key (bin 32), ttl seconds (uint)]</c> — "if you hold this content-addressed record, keep it at least this long".</summary>
internal sealed record RenewBody(DhtKey Key, uint TtlSeconds) : IMessageBody
{
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(2);
        WireReading.WriteHash(ref writer, Key.Value);
        writer.Write(TtlSeconds);
    }

    public static RenewBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 2);
        return new RenewBody(new DhtKey(WireReading.ReadHash(ref reader)), reader.ReadUInt32());
    }
}
