namespace Zhtp.Storage.Economic.Ledger;

/// <summary>Which escrow counter of a contract a posting moves.</summary>
internal enum EscrowMovement
{
    Funded,
    Released,
    Slashed,
    Refunded,
}
