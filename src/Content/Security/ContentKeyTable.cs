namespace Zhtp.Storage.Content;

/// <summary>Entries of the manifest's key table that are not wrapped for one reader.</summary>
internal static class ContentKeyTable
{
    /// <summary>Wrap algorithm 0: the content key itself, published for Public content stored at Standard (recipient empty).</summary>
    public const byte PublishedAlgorithm = 0;

    /// <summary>The entry that publishes <paramref name="contentKey"/> to everyone.</summary>
    public static WrappedKey Published(ReadOnlySpan<byte> contentKey) => new(ReadOnlyMemory<byte>.Empty, PublishedAlgorithm, contentKey.ToArray());

    /// <summary>Copies the published key into <paramref name="contentKey"/>; false when the table publishes none.</summary>
    public static bool TryReadPublished(IReadOnlyList<WrappedKey> table, Span<byte> contentKey)
    {
        foreach (WrappedKey entry in table)
        {
            if (entry.Algorithm == PublishedAlgorithm && entry.Recipient.IsEmpty && entry.Ciphertext.Length == contentKey.Length)
            {
                entry.Ciphertext.Span.CopyTo(contentKey);
                return true;
            }
        }

        return false;
    }
}
