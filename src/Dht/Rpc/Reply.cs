using Zhtp.Storage.Dht.Wire;

namespace Zhtp.Storage.Dht.Rpc;

/// <summary>A verified reply: its type, a private copy of its body and who sent it.</summary>
internal sealed record Reply(MessageType Type, ReadOnlyMemory<byte> Body, Contact From);
