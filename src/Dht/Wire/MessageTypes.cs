namespace Zhtp.Storage.Dht.Wire;

/// <summary>Classifies message types.</summary>
internal static class MessageTypes
{
    /// <summary>The highest defined type.</summary>
    public const MessageType Max = MessageType.HandshakeReply;

    /// <summary>True for types a node answers (requests); false for replies.</summary>
    public static bool IsRequest(MessageType type) => type is MessageType.Ping or MessageType.Store or MessageType.FindNode
        or MessageType.FindValue or MessageType.ContractDeploy or MessageType.ContractQuery or MessageType.ContractExecute
        or MessageType.ContractFind or MessageType.AppRequest or MessageType.Renew or MessageType.Handshake;

    /// <summary>True for the handshake pair, which travels only over the bulk channel (docs/protocol.md "Handshake").</summary>
    public static bool IsHandshake(MessageType type) => type is MessageType.Handshake or MessageType.HandshakeReply;

    /// <summary>True for every defined type.</summary>
    public static bool IsDefined(byte type) => type is >= (byte)MessageType.Ping and <= (byte)Max;
}
