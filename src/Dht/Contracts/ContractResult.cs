namespace Zhtp.Storage.Dht;

/// <summary>The outcome of a contract operation sent to the k closest nodes to the contract id.</summary>
/// <param name="Replies">Every holder's reply, closest holder first.</param>
public sealed record ContractResult(IReadOnlyList<ContractHolderReply> Replies)
{
    /// <summary>Holders that accepted.</summary>
    public int Accepted => Replies.Count(r => r.Reply.Accepted);
}
