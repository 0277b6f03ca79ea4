namespace Zhtp.Storage.Dht.Wire;

/// <summary>Message types on the wire (docs/protocol.md lists each body field by field).</summary>
internal enum MessageType : byte
{
    Ping = 1,
    Pong = 2,
    Store = 3,
    StoreOk = 4,
    FindNode = 5,
    Nodes = 6,
    FindValue = 7,
    Value = 8,
    ContractDeploy = 9,
    ContractQuery = 10,
    ContractExecute = 11,
    ContractReply = 12,
    ContractFind = 13,
    ContractState = 14,
    AppRequest = 15,
    AppResponse = 16,
    Error = 17,
    ValueRef = 18,
    Renew = 19,
    Handshake = 20,
    HandshakeReply = 21,
}
