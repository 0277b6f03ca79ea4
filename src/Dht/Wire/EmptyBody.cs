using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>The empty body <c>[]</c> (Ping, StoreOk).</summary>
internal sealed class EmptyBody : IMessageBody
{
    public static readonly EmptyBody Instance = new();

    public void Write(ref MessagePackWriter writer) => writer.WriteArrayHeader(0);
}
