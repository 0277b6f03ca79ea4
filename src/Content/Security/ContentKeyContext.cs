namespace Zhtp.Storage.Content;

/// <summary>What a content key is bound to when wrapped: the content and its version.</summary>
/// <param name="Id">The content.</param>
/// <param name="Version">The version (each version has its own key).</param>
public readonly record struct ContentKeyContext(ContentId Id, ulong Version);
