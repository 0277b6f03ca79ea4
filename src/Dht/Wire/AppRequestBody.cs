using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>AppRequest: <c>[protocol (str), payload (bin)]</c>.</summary>
internal sealed record AppRequestBody(string Protocol, ReadOnlyMemory<byte> Payload) : IMessageBody
{
    /// <summary>Longest protocol name a node sends, in UTF-8 bytes (receivers accept up to 256 characters).</summary>
    public const int MaxProtocolBytes = 64;

    /// <summary>
    /// The most bytes this body adds around a payload of up to 64 KiB: fixarray header (1), protocol
    /// (str 8 header 2 + at most <see cref="MaxProtocolBytes"/>), payload bin 16 header (3) = 70; the
    /// largest framing of any payload-carrying body (ContractDeploy/Query/Execute take 1 + 34 + 3 = 38,
    /// AppResponse and ContractState 1 + 3 = 4, ContractReply 1 + 1 + 3 plus its error string).
    /// </summary>
    public const int MaxFraming = 1 + (2 + MaxProtocolBytes) + 3;

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
