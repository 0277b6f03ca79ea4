using Zhtp.Storage.Content.Security;

namespace Zhtp.Storage.Content;

/// <summary>Built-in <see cref="IContentKeyProtector"/> implementations.</summary>
public static class ContentKeyProtectors
{
    /// <summary>
    /// Wraps content keys under a secret only its holder knows: the wrapping key is
    /// HKDF-SHA256(secret, salt = content id || version, info = "zhtp-content-key-wrap-v1"), the
    /// wrap is AES-256-GCM with a random nonce, and the recipient id is the first 16 bytes of
    /// BLAKE3-derive-key("zhtp content key id v1", secret). Anyone holding the same secret reads the
    /// content from any node; no one else can.
    /// </summary>
    /// <param name="secret">At least 32 bytes of secret key material (copied).</param>
    /// <exception cref="ArgumentException">The secret is shorter than 32 bytes.</exception>
    public static IContentKeyProtector FromSecret(ReadOnlySpan<byte> secret) => new SecretKeyProtector(secret);
}
