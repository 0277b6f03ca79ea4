namespace Zhtp.Storage.Dht.Lookup;

/// <summary>Where a peer stands in one lookup.</summary>
internal enum PeerStatus
{
    /// <summary>Known but not asked yet.</summary>
    NotContacted,

    /// <summary>Asked; the answer is outstanding.</summary>
    Waiting,

    /// <summary>Answered.</summary>
    Succeeded,

    /// <summary>Failed or timed out; ignored from now on.</summary>
    Failed,
}
