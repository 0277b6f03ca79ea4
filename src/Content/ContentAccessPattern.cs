namespace Zhtp.Storage.Content;

/// <summary>How content is expected to be read (a placement and pricing hint).</summary>
public enum ContentAccessPattern
{
    /// <summary>Read often.</summary>
    Frequent = 0,

    /// <summary>Read now and then.</summary>
    Occasional = 1,

    /// <summary>Written once, rarely read (backups, archives).</summary>
    Rare = 2,

    /// <summary>Read once, shortly after it is written (transfers).</summary>
    Once = 3,
}
