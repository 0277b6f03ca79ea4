namespace Zhtp.Storage.Economic.Ledger;

/// <summary>One movement of a posting: <paramref name="Amount"/> from <paramref name="From"/> to <paramref name="To"/> (a debit and a credit in the journal).</summary>
/// <param name="From">Account debited.</param>
/// <param name="To">Account credited.</param>
/// <param name="Amount">Strictly positive amount.</param>
public readonly record struct TransferLeg(AccountId From, AccountId To, TokenAmount Amount);
