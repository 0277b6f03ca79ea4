namespace Zhtp.Storage.Economic.Ledger;

/// <summary>What a call to post did.</summary>
public enum PostingOutcome
{
    /// <summary>The posting was applied now.</summary>
    Applied = 0,

    /// <summary>A posting with the same id and content was applied before; nothing changed.</summary>
    AlreadyApplied = 1,
}
