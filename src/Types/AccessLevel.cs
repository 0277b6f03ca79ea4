namespace Zhtp.Storage.Types;

/// <summary>Who may read a piece of content.</summary>
public enum AccessLevel
{
    /// <summary>Anyone who knows the content's address.</summary>
    Public = 0,

    /// <summary>Only the owner.</summary>
    Private = 1,

    /// <summary>The owner and the identities the owner explicitly granted.</summary>
    Restricted = 2,
}
