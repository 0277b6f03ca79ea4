namespace Zhtp.Storage.Content;

/// <summary>
/// The seam through which the content manager protects each version's 32-byte content key: it wraps
/// the key for the readers the protector serves (at least the owner) into the manifest's key table,
/// and unwraps it on read. The security layer plugs identities, grants and post-quantum wrapping in
/// here; <see cref="ContentKeyProtectors.FromSecret"/> is the built-in secret-key protector.
/// </summary>
public interface IContentKeyProtector
{
    /// <summary>Wraps <paramref name="contentKey"/> for every reader this protector serves.</summary>
    IReadOnlyList<WrappedKey> Wrap(ReadOnlySpan<byte> contentKey, ContentKeyContext context);

    /// <summary>Unwraps the content key from <paramref name="table"/> into <paramref name="contentKey"/> (32 bytes); false when no entry is for this protector or none verifies.</summary>
    bool TryUnwrap(IReadOnlyList<WrappedKey> table, ContentKeyContext context, Span<byte> contentKey);
}
