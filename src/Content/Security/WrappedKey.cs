namespace Zhtp.Storage.Content;

/// <summary>A content key wrapped for one reader, as the manifest's key table holds it.</summary>
/// <param name="Recipient">Who can unwrap it (an identity or key id, at most 64 bytes; the protector defines it).</param>
/// <param name="Algorithm">The wrapping scheme (the protector defines it; 1 = secret-key AES-256-GCM, see docs/content.md).</param>
/// <param name="Ciphertext">The wrapped key (at most 4,096 bytes).</param>
public sealed record WrappedKey(ReadOnlyMemory<byte> Recipient, byte Algorithm, ReadOnlyMemory<byte> Ciphertext);
