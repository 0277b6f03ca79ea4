using Zhtp.Storage.Content.Manager;
using Zhtp.Storage.Dht;

namespace Zhtp.Storage.Content;

/// <summary>Creates content managers.</summary>
public static class ContentManagers
{
    /// <summary>A content manager storing and reading through <paramref name="node"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names every bad field.</exception>
    public static IContentManager Create(IDhtNode node, ContentManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"Invalid content manager options: {string.Join("; ", errors)}.", nameof(options));
        }

        return new ContentManager(node, options);
    }
}
