namespace Zhtp.Storage.Content;

/// <summary>
/// Implemented by the stream that <see cref="IContentManager.OpenReadAsync"/> returns: the version it reads, resolved once
/// when it was opened, so a caller needs no separate <see cref="IContentManager.GetMetadataAsync"/> (a second head lookup).
/// </summary>
public interface IOpenedContent
{
    /// <summary>The version this stream reads (its manifest's description; metadata as this reader can open it).</summary>
    ContentInfo Info { get; }
}
