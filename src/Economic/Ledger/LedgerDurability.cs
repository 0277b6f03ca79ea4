namespace Zhtp.Storage.Economic.Ledger;

/// <summary>How hard a SQLite ledger syncs each commit.</summary>
public enum LedgerDurability
{
    /// <summary>synchronous=FULL: a commit that returned survives power loss (the default).</summary>
    Full = 0,

    /// <summary>synchronous=NORMAL in WAL mode: survives a process crash, the last commits may be lost on power loss (still never torn).</summary>
    Normal = 1,
}
