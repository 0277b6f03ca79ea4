namespace Zhtp.Storage.Economic.Ledger;

/// <summary>Places inside a posting's transaction where tests inject a crash.</summary>
internal enum LedgerFaultPoint
{
    /// <summary>After the posting row was written.</summary>
    AfterPostingRow = 0,

    /// <summary>After the first leg's balances moved.</summary>
    AfterFirstLeg = 1,

    /// <summary>After every balance and journal entry was written.</summary>
    AfterJournal = 2,

    /// <summary>After the escrow lock was updated, just before commit.</summary>
    BeforeCommit = 3,
}
