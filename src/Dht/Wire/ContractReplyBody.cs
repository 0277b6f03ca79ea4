using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>ContractReply: <c>[accepted (bool), payload (bin), error (str or nil)]</c>.</summary>
internal sealed record ContractReplyBody(ContractReply Reply) : IMessageBody
{
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(3);
        writer.Write(Reply.Accepted);
        writer.Write(Reply.Payload.Span);
        writer.Write(Reply.Error);
    }

    public static ContractReplyBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 3);
        bool accepted = reader.ReadBoolean();
        byte[] payload = WireReading.ReadBin(ref reader, ushort.MaxValue);
        string? error = reader.ReadString();
        return new ContractReplyBody(new ContractReply(accepted, payload, error));
    }
}
