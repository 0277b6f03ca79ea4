namespace Zhtp.Storage.Content;

/// <summary>The answer to "what is this content?": the manifest's description, or why it does not resolve.</summary>
/// <param name="Info">The description when found.</param>
/// <param name="NotFound">Why not, when <paramref name="Info"/> is null.</param>
public sealed record ContentLookup(ContentInfo? Info, ContentNotFoundReason NotFound)
{
    /// <summary>True when the content resolved.</summary>
    public bool Found => Info is not null;
}
