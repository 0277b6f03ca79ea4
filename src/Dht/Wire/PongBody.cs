using System.Net;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>Pong: <c>[observed address, observed port]</c> — the requester's endpoint as the responder saw it.</summary>
internal sealed record PongBody(IPEndPoint Observed) : IMessageBody
{
    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(2);
        WireReading.WriteEndPoint(ref writer, Observed);
    }

    public static PongBody Read(ReadOnlySpan<byte> body)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 2);
        return new PongBody(WireReading.ReadEndPoint(ref reader));
    }
}
