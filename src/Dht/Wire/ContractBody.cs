using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>ContractDeploy, ContractQuery, ContractExecute: <c>[contract id (bin 32), payload (bin)]</c>.</summary>
internal sealed record ContractBody(DhtKey ContractId, ReadOnlyMemory<byte> Payload) : IMessageBody
{
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(2);
        WireReading.WriteHash(ref writer, ContractId.Value);
        writer.Write(Payload.Span);
    }

    public static ContractBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 2);
        var id = new DhtKey(WireReading.ReadHash(ref reader));
        return new ContractBody(id, WireReading.ReadBin(ref reader, ushort.MaxValue));
    }
}
