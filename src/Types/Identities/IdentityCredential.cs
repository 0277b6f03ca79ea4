using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Zhtp.Storage.Types.Cryptography.Bls12381;

namespace Zhtp.Storage.Types.Identities;

/// <summary>
/// A network-issued credential: a committee's threshold BLS signature over the registration statement
/// of an identity (<see cref="Statement"/>: the identity id and a validity window). Anyone holding the
/// committee's group public key checks it with <see cref="Verify"/>; no member key is needed.
/// Encoded as 32 (id) + 8 + 8 (Unix seconds, big-endian) + 96 (signature) = 144 bytes.
/// </summary>
/// <param name="Identity">The registered identity.</param>
/// <param name="IssuedAt">Start of validity (whole seconds).</param>
/// <param name="ExpiresAt">End of validity (whole seconds), after <paramref name="IssuedAt"/>.</param>
/// <param name="CommitteeSignature">The committee's group signature over <see cref="Statement"/>.</param>
public sealed record IdentityCredential(IdentityId Identity, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, Signature CommitteeSignature)
{
    /// <summary>The encoded size in bytes.</summary>
    public const int Size = 32 + 8 + 8 + Signature.Size;

    private static readonly byte[] Domain = "zhtp-identity-credential-v1"u8.ToArray();

    /// <summary>
    /// The signed bytes: "zhtp-identity-credential-v1" || id (32) || issued (i64 BE Unix seconds) ||
    /// expires (i64 BE Unix seconds). The identity signs the same bytes to request the credential.
    /// </summary>
    public static byte[] Statement(IdentityId identity, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var bytes = new byte[Domain.Length + 32 + 16];
        Domain.CopyTo(bytes, 0);
        identity.Value.WriteTo(bytes.AsSpan(Domain.Length, 32));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(Domain.Length + 32), issuedAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(Domain.Length + 40), expiresAt.ToUnixTimeSeconds());
        return bytes;
    }

    /// <summary>
    /// True when the signature is the committee's (<paramref name="committeeKey"/>) over this statement and
    /// <paramref name="now"/> lies in [IssuedAt, ExpiresAt). Never throws for a bad credential.
    /// </summary>
    public bool Verify(PublicKey committeeKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(committeeKey);
        return now >= IssuedAt && now < ExpiresAt && ExpiresAt > IssuedAt
            && Bls.Verify(committeeKey, Statement(Identity, IssuedAt, ExpiresAt), CommitteeSignature);
    }

    /// <summary>The 144-byte encoding.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[Size];
        Identity.Value.WriteTo(bytes.AsSpan(0, 32));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(32), IssuedAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(40), ExpiresAt.ToUnixTimeSeconds());
        CommitteeSignature.ToBytes().CopyTo(bytes, 48);
        return bytes;
    }

    /// <summary>Reads <see cref="Encode"/>'s output; false for a wrong length, out-of-range times or a signature that does not decode.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out IdentityCredential? credential)
    {
        credential = null;
        if (bytes.Length != Size)
        {
            return false;
        }

        long issued = BinaryPrimitives.ReadInt64BigEndian(bytes[32..]);
        long expires = BinaryPrimitives.ReadInt64BigEndian(bytes[40..]);
        long min = DateTimeOffset.MinValue.ToUnixTimeSeconds(), max = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        if (issued < min || issued > max || expires < min || expires > max || !Signature.TryFromBytes(bytes[48..], out Signature? signature))
        {
            return false;
        }

        credential = new IdentityCredential(new IdentityId(new Hash256(bytes[..32])), DateTimeOffset.FromUnixTimeSeconds(issued), DateTimeOffset.FromUnixTimeSeconds(expires), signature);
        return true;
    }
}
