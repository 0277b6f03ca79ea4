namespace Zhtp.Storage.Dht.Lookup;

/// <summary>What an iterative lookup found and learned.</summary>
/// <param name="Closest">The closest peers that answered.</param>
/// <param name="Record">For FindValue: the verified record.</param>
/// <param name="State">For ContractFind: the contract state.</param>
/// <param name="Holder">The peer that returned the record or state.</param>
/// <param name="Rounds">Hop depth.</param>
/// <param name="Messages">Requests sent.</param>
internal sealed record LookupOutcome(IReadOnlyList<Contact> Closest, DhtRecord? Record, ReadOnlyMemory<byte>? State, Contact? Holder, int Rounds, int Messages);
