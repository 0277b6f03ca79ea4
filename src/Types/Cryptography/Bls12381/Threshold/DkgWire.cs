using System.Buffers.Binary;

namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

// Implementation notes
// Every DKG message: version (1) | type (1) | session id (32) | from (u16 BE), then by type:
//   1 Announce   X25519 public key (32)
//   2 Deal       to (u16) | dealer X25519 key (32) | t (1) | t × 48 commitment | 48 encrypted share (32 + GCM tag)
//   3 Complaint  count (u16) | count × accused dealer (u16)
//   4 Reveal     accuser (u16) | share (32, plaintext) | t (1) | t × 48 commitment
// Lengths are checked against the type's exact size before anything is read.

internal enum DkgMessageType : byte
{
    Announce = 1,
    Deal = 2,
    Complaint = 3,
    Reveal = 4,
}

internal abstract record DkgMessage(int From);

internal sealed record DkgAnnounce(int From, byte[] EncryptionKey) : DkgMessage(From);

internal sealed record DkgDeal(int From, int To, byte[] DealerKey, FeldmanCommitment Commitment, byte[] EncryptedShare) : DkgMessage(From);

internal sealed record DkgComplaint(int From, int[] Accused) : DkgMessage(From);

internal sealed record DkgReveal(int From, int Accuser, byte[] Share, FeldmanCommitment Commitment) : DkgMessage(From);

internal static class DkgWire
{
    public const byte Version = 1;
    public const int KeySize = 32;
    public const int EncryptedShareSize = Fr.Size + 16;
    private const int HeaderSize = 2 + 32 + 2;

    public static byte[] Encode(ReadOnlySpan<byte> session, DkgMessage message)
    {
        int bodySize = message switch
        {
            DkgAnnounce => KeySize,
            DkgDeal d => 2 + KeySize + 1 + (d.Commitment.Threshold * G1.CompressedSize) + EncryptedShareSize,
            DkgComplaint c => 2 + (2 * c.Accused.Length),
            DkgReveal r => 2 + Fr.Size + 1 + (r.Commitment.Threshold * G1.CompressedSize),
            _ => throw new ArgumentException("Unknown DKG message.", nameof(message)),
        };
        var bytes = new byte[HeaderSize + bodySize];
        bytes[0] = Version;
        bytes[1] = (byte)(message switch { DkgAnnounce => DkgMessageType.Announce, DkgDeal => DkgMessageType.Deal, DkgComplaint => DkgMessageType.Complaint, _ => DkgMessageType.Reveal });
        session.CopyTo(bytes.AsSpan(2, 32));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(34), checked((ushort)message.From));
        Span<byte> body = bytes.AsSpan(HeaderSize);
        switch (message)
        {
            case DkgAnnounce a:
                a.EncryptionKey.CopyTo(body);
                break;
            case DkgDeal d:
                BinaryPrimitives.WriteUInt16BigEndian(body, checked((ushort)d.To));
                d.DealerKey.CopyTo(body[2..]);
                WriteCommitment(body[(2 + KeySize)..], d.Commitment, out int at);
                d.EncryptedShare.CopyTo(body[(2 + KeySize + at)..]);
                break;
            case DkgComplaint c:
                BinaryPrimitives.WriteUInt16BigEndian(body, checked((ushort)c.Accused.Length));
                for (int i = 0; i < c.Accused.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(body[(2 + (2 * i))..], checked((ushort)c.Accused[i]));
                }

                break;
            case DkgReveal r:
                BinaryPrimitives.WriteUInt16BigEndian(body, checked((ushort)r.Accuser));
                r.Share.CopyTo(body[2..]);
                WriteCommitment(body[(2 + Fr.Size)..], r.Commitment, out _);
                break;
        }

        return bytes;
    }

    /// <summary>Decodes a message of <paramref name="session"/>; null for anything malformed (wrong version, session, size, or an invalid point).</summary>
    public static DkgMessage? TryDecode(ReadOnlySpan<byte> session, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize || bytes[0] != Version || !bytes.Slice(2, 32).SequenceEqual(session))
        {
            return null;
        }

        int from = BinaryPrimitives.ReadUInt16BigEndian(bytes[34..]);
        ReadOnlySpan<byte> body = bytes[HeaderSize..];
        switch ((DkgMessageType)bytes[1])
        {
            case DkgMessageType.Announce:
                return body.Length == KeySize ? new DkgAnnounce(from, body.ToArray()) : null;
            case DkgMessageType.Deal:
            {
                if (body.Length < 2 + KeySize + 1)
                {
                    return null;
                }

                int to = BinaryPrimitives.ReadUInt16BigEndian(body);
                byte[] key = body.Slice(2, KeySize).ToArray();
                FeldmanCommitment? c = ReadCommitment(body[(2 + KeySize)..], out int used);
                return c is not null && body.Length == 2 + KeySize + used + EncryptedShareSize
                    ? new DkgDeal(from, to, key, c, body[(2 + KeySize + used)..].ToArray())
                    : null;
            }

            case DkgMessageType.Complaint:
            {
                if (body.Length < 2)
                {
                    return null;
                }

                int count = BinaryPrimitives.ReadUInt16BigEndian(body);
                if (count > DkgOptions.MaxMembers || body.Length != 2 + (2 * count))
                {
                    return null;
                }

                var accused = new int[count];
                for (int i = 0; i < count; i++)
                {
                    accused[i] = BinaryPrimitives.ReadUInt16BigEndian(body[(2 + (2 * i))..]);
                }

                return new DkgComplaint(from, accused);
            }

            case DkgMessageType.Reveal:
            {
                if (body.Length < 2 + Fr.Size + 1)
                {
                    return null;
                }

                int accuser = BinaryPrimitives.ReadUInt16BigEndian(body);
                byte[] share = body.Slice(2, Fr.Size).ToArray();
                FeldmanCommitment? c = ReadCommitment(body[(2 + Fr.Size)..], out int used);
                return c is not null && body.Length == 2 + Fr.Size + used ? new DkgReveal(from, accuser, share, c) : null;
            }

            default:
                return null;
        }
    }

    private static void WriteCommitment(Span<byte> destination, FeldmanCommitment c, out int written)
    {
        destination[0] = (byte)c.Threshold;
        byte[] points = c.ToBytes();
        points.CopyTo(destination[1..]);
        written = 1 + points.Length;
    }

    private static FeldmanCommitment? ReadCommitment(ReadOnlySpan<byte> source, out int used)
    {
        int t = source[0];
        used = 1 + (t * G1.CompressedSize);
        if (t < 1 || t > DkgOptions.MaxThreshold || source.Length < used)
        {
            return null;
        }

        return FeldmanCommitment.TryFromBytes(source.Slice(1, t * G1.CompressedSize), out FeldmanCommitment? c) ? c : null;
    }
}
