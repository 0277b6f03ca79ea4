namespace Zhtp.Storage.Dht;

/// <summary>The contract operations a holder's <see cref="IContractHandler"/> answers.</summary>
public enum ContractOperation : byte
{
    /// <summary>Create a contract at the holders (validate, then keep it).</summary>
    Deploy = 1,

    /// <summary>Read from a contract without changing it.</summary>
    Query = 2,

    /// <summary>Apply a signed state transition to a contract.</summary>
    Execute = 3,
}
