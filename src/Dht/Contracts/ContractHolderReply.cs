namespace Zhtp.Storage.Dht;

/// <summary>One holder's answer within a <see cref="ContractResult"/>.</summary>
/// <param name="Holder">The holder that answered (or failed to).</param>
/// <param name="Reply">Its reply; <see cref="ContractReply.Accepted"/> false with <see cref="ContractReply.Error"/> set when it refused, timed out ("timeout") or returned an error.</param>
public readonly record struct ContractHolderReply(Contact Holder, ContractReply Reply);
