using System.Buffers.Binary;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Content.Security;

/// <summary>
/// Key table entries wrapped to user identities with Types' <see cref="IdentityKeyWrap"/>: recipient =
/// the identity id (32 bytes), algorithm 2 = classical (ECDH + HKDF-SHA256), 3 = post-quantum (ECDH + ML-KEM-768
/// for a Hybrid reader, the QuantumResistant level; ML-KEM-768 alone for a PostQuantum reader). The wrap's context binds the content id and version:
/// <c>"zhtp-content-key-v2" || content id || version (u64 BE)</c>, so an entry copied into another
/// manifest does not open.
/// </summary>
internal static class IdentityKeyTable
{
    public const byte ClassicalAlgorithm = 2;
    public const byte HybridAlgorithm = 3;
    private static readonly byte[] Label = "zhtp-content-key-v2"u8.ToArray();

    /// <summary>Wraps <paramref name="contentKey"/> for <paramref name="reader"/>.</summary>
    /// <exception cref="ContentException"><paramref name="quantumResistant"/> and the reader is not a Hybrid identity.</exception>
    public static WrappedKey Wrap(PublicIdentity reader, ReadOnlySpan<byte> contentKey, ContentKeyContext context, bool quantumResistant)
    {
        if (quantumResistant && reader.Kind != IdentityKind.Hybrid)
        {
            throw new ContentException($"QuantumResistant content wraps its key with ECDH and ML-KEM-768 together, which needs a Hybrid identity; {reader.Id} is {reader.Kind}. Use Standard or HighSecurity for it, or a Hybrid identity.");
        }

        // A PostQuantum identity has no classical agreement key: its wrap is always the ML-KEM one.
        bool postQuantumWrap = quantumResistant || reader.Kind == IdentityKind.PostQuantum;
        var recipient = new byte[Hash256.Size];
        reader.Id.Value.WriteTo(recipient);
        return new WrappedKey(recipient, postQuantumWrap ? HybridAlgorithm : ClassicalAlgorithm, IdentityKeyWrap.Wrap(reader, contentKey, Context(context), postQuantumWrap));
    }

    /// <summary>Unwraps the entry for <paramref name="reader"/> into <paramref name="contentKey"/>; false when there is none or it does not open.</summary>
    public static bool TryUnwrap(ZhtpIdentity reader, IReadOnlyList<WrappedKey> table, ContentKeyContext context, Span<byte> contentKey)
    {
        Span<byte> id = stackalloc byte[Hash256.Size];
        reader.Id.Value.WriteTo(id);
        byte[]? bound = null;
        foreach (WrappedKey entry in table)
        {
            if (entry.Algorithm is not (ClassicalAlgorithm or HybridAlgorithm) || !entry.Recipient.Span.SequenceEqual(id))
            {
                continue;
            }

            bound ??= Context(context);
            if (IdentityKeyWrap.TryUnwrap(reader, entry.Ciphertext.Span, bound, contentKey))
            {
                return true;
            }

            contentKey.Clear();
        }

        return false;
    }

    private static byte[] Context(ContentKeyContext context)
    {
        var bytes = new byte[Label.Length + Hash256.Size + 8];
        Label.CopyTo(bytes, 0);
        context.Id.Key.WriteTo(bytes.AsSpan(Label.Length));
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(Label.Length + Hash256.Size), context.Version);
        return bytes;
    }
}
