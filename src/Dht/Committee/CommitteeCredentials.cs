using System.Buffers.Binary;
using Zhtp.Storage.Types.Cryptography.Bls12381;
using Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Dht.Committee;

// Implementation notes
// zhtp/committee/credential/1
//   request  version 1 | u16 n | public identity (n bytes, PublicIdentity.Encode) | i64 issued | i64 expires
//            (Unix seconds, BE) | u16 m | identity signature over the statement (m bytes, IdentitySignature.Encode)
//            A request larger than one datagram (hybrid and post-quantum identities: kilobytes of ML-DSA-65 key
//            and signature) goes over the bulk channel like any large application request (SendRequestAsync).
//   reply    u16 member index | 96-byte partial signature over IdentityCredential.Statement
// A member signs only when the identity's signature over the statement verifies (the requester holds
// the identity's keys), issued is within MaxClockSkew of its clock and the window is at most MaxValidity.

/// <summary>
/// Network-issued identity credentials: committee members (holding shares from a DKG) threshold-sign an
/// identity's registration statement on request, protocol <see cref="Protocol"/>; the requester
/// combines t valid partial signatures into an <see cref="IdentityCredential"/> that anyone verifies
/// with the committee's group public key.
/// </summary>
public static class CommitteeCredentials
{
    /// <summary>The application protocol name.</summary>
    public const string Protocol = "zhtp/committee/credential/1";

    /// <summary>The longest validity a member signs.</summary>
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(365);

    /// <summary>How far the requested issue time may be from a member's clock.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Makes <paramref name="node"/> answer credential requests with partial signatures by
    /// <paramref name="key"/>'s share (replaces any earlier credential handler of the node).
    /// Refusals are DHT Rejected errors saying why.
    /// </summary>
    public static void Serve(IDhtNode node, ThresholdKeyShare key, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(key);
        TimeProvider time = timeProvider ?? TimeProvider.System;
        node.RegisterRequestHandler(Protocol, (_, payload, _) =>
        {
            byte[] statement = CheckRequest(payload.Span, time.GetUtcNow());
            var reply = new byte[2 + Signature.Size];
            PartialSignature partial = key.Share.Sign(statement);
            BinaryPrimitives.WriteUInt16BigEndian(reply, (ushort)partial.Index);
            partial.Signature.ToBytes().CopyTo(reply, 2);
            return ValueTask.FromResult<ReadOnlyMemory<byte>>(reply);
        });
    }

    /// <summary>
    /// Asks every member of <paramref name="roster"/> (member i = roster[i − 1]) to sign
    /// <paramref name="identity"/>'s registration for <paramref name="validity"/> from now, checks each
    /// partial signature against <paramref name="groupCommitment"/>, and combines the first t valid ones.
    /// A request that does not fit one datagram (hybrid and post-quantum identities) goes over the bulk channel.
    /// </summary>
    /// <exception cref="ThresholdSigningException">Fewer than t members answered with a valid partial signature; the message lists each failure.</exception>
    /// <exception cref="ArgumentException">The validity is not positive or above <see cref="MaxValidity"/>.</exception>
    public static async Task<IdentityCredential> IssueAsync(
        IDhtNode node, IReadOnlyList<Contact> roster, FeldmanCommitment groupCommitment, ZhtpIdentity identity, TimeSpan validity, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(groupCommitment);
        ArgumentNullException.ThrowIfNull(identity);
        if (validity <= TimeSpan.Zero || validity > MaxValidity)
        {
            throw new ArgumentException($"The validity must be positive and at most {MaxValidity.TotalDays} days, got {validity}.", nameof(validity));
        }

        DateTimeOffset issued = DateTimeOffset.FromUnixTimeSeconds((timeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds());
        DateTimeOffset expires = issued + TimeSpan.FromSeconds(Math.Ceiling(validity.TotalSeconds));
        byte[] statement = IdentityCredential.Statement(identity.Id, issued, expires);
        byte[] request = EncodeRequest(identity.Public.Encode(), issued, expires, identity.Sign(statement).Encode());
        AppResponse[] responses = await Task.WhenAll(roster.Select(c => node.SendRequestAsync(c, Protocol, request, cancellationToken))).ConfigureAwait(false);
        var valid = new List<PartialSignature>();
        var failures = new List<string>();
        for (int k = 0; k < responses.Length && valid.Count < groupCommitment.Threshold; k++)
        {
            AppResponse r = responses[k];
            if (!r.Success)
            {
                failures.Add($"member {k + 1}: {r.Error} {r.Message}");
                continue;
            }

            if (r.Payload.Length != 2 + Signature.Size
                || BinaryPrimitives.ReadUInt16BigEndian(r.Payload.Span) != k + 1
                || !Signature.TryFromBytes(r.Payload.Span[2..], out Signature? signature)
                || !ThresholdBls.VerifyPartial(groupCommitment, statement, new PartialSignature(k + 1, signature)))
            {
                failures.Add($"member {k + 1}: the partial signature is malformed, for another index, or fails against its public share");
                continue;
            }

            valid.Add(new PartialSignature(k + 1, signature));
        }

        if (valid.Count < groupCommitment.Threshold)
        {
            throw new ThresholdSigningException($"Only {valid.Count} of the {groupCommitment.Threshold} partial signatures needed were valid; {string.Join("; ", failures)}.");
        }

        return new IdentityCredential(identity.Id, issued, expires, ThresholdBls.Combine(valid));
    }

    private static byte[] EncodeRequest(byte[] publicIdentity, DateTimeOffset issued, DateTimeOffset expires, byte[] signature)
    {
        var bytes = new byte[1 + 2 + publicIdentity.Length + 16 + 2 + signature.Length];
        bytes[0] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(1), checked((ushort)publicIdentity.Length));
        publicIdentity.CopyTo(bytes, 3);
        int at = 3 + publicIdentity.Length;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(at), issued.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(at + 8), expires.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at + 16), checked((ushort)signature.Length));
        signature.CopyTo(bytes, at + 18);
        return bytes;
    }

    /// <summary>Validates a request; returns the statement to sign or throws <see cref="DhtRequestRejectedException"/> saying why.</summary>
    private static byte[] CheckRequest(ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        if (payload.Length < 3 || payload[0] != 1)
        {
            throw new DhtRequestRejectedException("malformed: not a version-1 credential request.");
        }

        int idLength = BinaryPrimitives.ReadUInt16BigEndian(payload[1..]);
        int at = 3 + idLength;
        if (payload.Length < at + 18)
        {
            throw new DhtRequestRejectedException("malformed: the credential request is truncated.");
        }

        int sigLength = BinaryPrimitives.ReadUInt16BigEndian(payload[(at + 16)..]);
        if (payload.Length != at + 18 + sigLength)
        {
            throw new DhtRequestRejectedException("malformed: the credential request's lengths do not add up.");
        }

        PublicIdentity identity;
        IdentitySignature signature;
        try
        {
            identity = PublicIdentity.Decode(payload.Slice(3, idLength));
            signature = IdentitySignature.Decode(payload.Slice(at + 18, sigLength));
        }
        catch (IdentityFormatException e)
        {
            throw new DhtRequestRejectedException($"malformed: {e.Message}");
        }

        long issuedSeconds = BinaryPrimitives.ReadInt64BigEndian(payload[at..]);
        long expiresSeconds = BinaryPrimitives.ReadInt64BigEndian(payload[(at + 8)..]);
        long nowSeconds = now.ToUnixTimeSeconds();
        long skew = (long)MaxClockSkew.TotalSeconds;
        if (issuedSeconds < nowSeconds - skew || issuedSeconds > nowSeconds + skew)
        {
            throw new DhtRequestRejectedException($"clock: the issue time is more than {MaxClockSkew.TotalMinutes} minutes from this member's clock.");
        }

        if (expiresSeconds <= issuedSeconds || expiresSeconds - issuedSeconds > (long)MaxValidity.TotalSeconds)
        {
            throw new DhtRequestRejectedException($"validity: the window must be positive and at most {MaxValidity.TotalDays} days.");
        }

        byte[] statement = IdentityCredential.Statement(identity.Id, DateTimeOffset.FromUnixTimeSeconds(issuedSeconds), DateTimeOffset.FromUnixTimeSeconds(expiresSeconds));
        if (!identity.Verify(statement, signature))
        {
            throw new DhtRequestRejectedException("signature: the identity's signature over the registration statement does not verify.");
        }

        return statement;
    }
}
