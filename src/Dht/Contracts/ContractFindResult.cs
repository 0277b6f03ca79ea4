namespace Zhtp.Storage.Dht;

/// <summary>The outcome of an iterative ContractFind.</summary>
/// <param name="Found">True when a holder returned the contract state.</param>
/// <param name="State">The state bytes returned by the holder's <see cref="IContractHandler.TryGetStateAsync"/>.</param>
/// <param name="Holder">The holder that returned it.</param>
/// <param name="ClosestPeers">The closest nodes the lookup reached (where the contract should live).</param>
public sealed record ContractFindResult(bool Found, ReadOnlyMemory<byte> State, Contact? Holder, IReadOnlyList<Contact> ClosestPeers);
