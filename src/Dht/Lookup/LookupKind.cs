namespace Zhtp.Storage.Dht.Lookup;

/// <summary>What an iterative lookup asks each peer.</summary>
internal enum LookupKind
{
    /// <summary>FindNode: closer peers only.</summary>
    Node,

    /// <summary>FindValue: stops at the first peer returning a valid record.</summary>
    Value,

    /// <summary>ContractFind: stops at the first peer returning the contract state.</summary>
    Contract,
}
