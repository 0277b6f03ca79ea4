namespace Zhtp.Storage.Economic.Ledger;

/// <summary>The ledger refused a posting; nothing was changed.</summary>
public sealed class LedgerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerException(LedgerErrorKind kind, string message)
        : base(message) => Kind = kind;

    /// <summary>Creates the exception with a default kind.</summary>
    public LedgerException()
        : this(LedgerErrorKind.InvalidPosting, "The ledger refused the posting.")
    {
    }

    /// <summary>Creates the exception with a default kind.</summary>
    public LedgerException(string message)
        : this(LedgerErrorKind.InvalidPosting, message)
    {
    }

    /// <summary>Creates the exception with a default kind and an inner cause.</summary>
    public LedgerException(string message, Exception innerException)
        : base(message, innerException) => Kind = LedgerErrorKind.Corrupt;

    /// <summary>Why the posting was refused.</summary>
    public LedgerErrorKind Kind { get; }
}
