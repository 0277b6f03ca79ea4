using System.Buffers;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

// Implementation notes
// A datagram is one MessagePack array of 9 elements:
//   [version, type, request id, sender id, algorithm, sender key, timestamp ms, body, signature]
// The signature covers every byte before the signature element, so verification needs no
// re-encoding. Parsing is over the received span (no copies); lengths are checked by the reader
// against the bytes left before anything is sliced. See docs/protocol.md.
// Content-bound frames (version 2, bulk channel, session MAC only): in a Store or Value whose
// record is content-addressed, the MAC covers every byte before it except the value bytes (their
// bin header stays covered); the value is bound by key = BLAKE3(value), which the receiver checks
// before it uses the record. A version-2 FindValue is MACed in full and asks for a version-2
// Value. docs/protocol.md "Content-bound bulk frames".

/// <summary>Encodes and parses the signed envelope.</summary>
internal static class EnvelopeCodec
{
    /// <summary>The protocol version this node speaks.</summary>
    public const int Version = 1;

    /// <summary>
    /// The envelope version of a content-bound bulk frame: a Store or Value carrying a content-addressed record,
    /// whose session MAC leaves out the value bytes, or a FindValue asking for such a Value (docs/protocol.md).
    /// </summary>
    public const int ContentBoundVersion = 2;

    private const int Elements = 9;

    // Encoding is synchronous, so one scratch buffer per thread serves every message; only the
    // exact-size datagram array is allocated. Bulk frames are written into pooled arrays instead.
    [ThreadStatic]
    private static PooledBufferWriter? t_buffer;

    /// <summary>Bit set in the algorithm field when the last element is a session MAC instead of a signature.</summary>
    public const byte SessionFlag = 0x80;

    /// <summary>Bytes of a session MAC (keyed BLAKE3), the authenticator instead of a signature.</summary>
    public const int SessionMacSize = 32;

    /// <summary>
    /// Envelope elements whose size does not depend on the signer or the body, at their largest
    /// MessagePack form: fixarray header (1), version (positive fixint, 1), type (positive fixint,
    /// 1), request id (uint 64, 1 + 8), sender id (bin 8, 2 + 32), timestamp (int 64, 1 + 8) = 55.
    /// </summary>
    public const int FixedFieldsSize = 1 + 1 + 1 + (1 + 8) + (2 + Hash256.Size) + (1 + 8);

    /// <summary>
    /// The most bytes an envelope adds to its body for <paramref name="signer"/>: the fixed fields,
    /// the algorithm, the sender key and the authenticator (signature, or session MAC with the 0x80
    /// algorithm), each with its MessagePack header. 189 for ECDSA P-256 (65-byte key, 64-byte signature).
    /// </summary>
    public static int Overhead(INodeSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        int signed = UIntSize(signer.Algorithm) + BinSize(signer.SignatureSize);
        int session = UIntSize(signer.Algorithm | SessionFlag) + BinSize(SessionMacSize);
        return FixedFieldsSize + BinSize(signer.PublicKey.Length) + Math.Max(signed, session);
    }

    /// <summary>
    /// The most bytes an envelope adds to its body for <paramref name="signer"/> when
    /// <paramref name="handshakeSessionsOnly"/>: every datagram then carries an 8-byte session tag and a
    /// session MAC (docs/protocol.md "Handshake"), so the signer's key and signature sizes do not matter.
    /// 101 for any algorithm id below 0x80. Otherwise <see cref="Overhead(INodeSigner)"/>.
    /// </summary>
    public static int Overhead(INodeSigner signer, bool handshakeSessionsOnly)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return handshakeSessionsOnly
            ? FixedFieldsSize + BinSize(SessionTagSize) + UIntSize(signer.Algorithm | SessionFlag | ClientFlag) + BinSize(SessionMacSize)
            : Overhead(signer);
    }

    /// <summary>
    /// True when a signed envelope of <paramref name="signer"/> (its full key and a signature) would
    /// take more than half of a <paramref name="maxDatagramSize"/>-byte datagram: such a node (ML-DSA-65:
    /// 1,952-byte key, 3,309-byte signature) must authenticate every datagram with a handshake session.
    /// </summary>
    public static bool RequiresHandshake(INodeSigner signer, int maxDatagramSize) => Overhead(signer) > maxDatagramSize / 2;

    /// <summary>Bytes of the session tag that replaces the sender key in a datagram authenticated by a handshake session.</summary>
    public const int SessionTagSize = 8;

    /// <summary>Encoded size of a bin of <paramref name="length"/> bytes: bin 8 / 16 / 32 header plus the bytes.</summary>
    public static int BinSize(int length) => length + (length <= byte.MaxValue ? 2 : length <= ushort.MaxValue ? 3 : 5);

    private static int UIntSize(int value) => value <= 0x7f ? 1 : value <= byte.MaxValue ? 2 : value <= ushort.MaxValue ? 3 : 5;

    /// <summary>
    /// Bit set in the algorithm field when the sender is a client (BEP 43 read-only node, libp2p kad
    /// client mode): receivers answer it but never add it to a routing table or hand it out as a contact.
    /// </summary>
    public const byte ClientFlag = 0x40;


    /// <summary>
    /// Encodes a message and authenticates it: with <paramref name="sessionKey"/> (32 bytes) by a keyed
    /// BLAKE3 MAC and the algorithm field <c>signer.Algorithm | 0x80</c>, otherwise by the signer's signature.
    /// With <paramref name="sessionTag"/> (a handshake session) the sender key field carries the 8-byte tag
    /// instead of the public key. A <paramref name="client"/> sender also sets <see cref="ClientFlag"/>.
    /// </summary>
    public static byte[] Encode(MessageType type, ulong requestId, NodeId sender, INodeSigner signer, long timestampMs, IMessageBody body, byte[]? sessionKey = null, bool client = false, byte[]? sessionTag = null)
    {
        return EncodeCore(type, requestId, sender, signer, timestampMs, body, sessionKey, client, sessionTag, bindContent: false);
    }

    private static byte[] EncodeCore(MessageType type, ulong requestId, NodeId sender, INodeSigner signer, long timestampMs, IMessageBody body, byte[]? sessionKey, bool client, byte[]? sessionTag, bool bindContent)
    {
        PooledBufferWriter buffer = t_buffer ??= new PooledBufferWriter(2048);
        buffer.Reset();
        Write(buffer, type, requestId, sender, signer, timestampMs, body, sessionKey, client, sessionTag, bindContent);
        return Detach(buffer);
    }

    /// <summary>
    /// Encodes a bulk frame like <see cref="Encode"/>; a body with a large <see cref="IMessageBody.SizeHint"/>
    /// is written once into a pooled array of that size and handed over in place (no doubling, no copy,
    /// no large-object garbage): the caller disposes the frame once it is sent.
    /// With <paramref name="bindContent"/> (bulk channel only) and a <paramref name="sessionKey"/>, a Store or Value
    /// whose body is a content-addressed record, and a FindValue, are written as content-bound frames
    /// (<see cref="ContentBoundVersion"/>): the MAC then leaves out the record's value bytes. Other frames ignore it.
    /// </summary>
    public static PooledFrame EncodeFrame(MessageType type, ulong requestId, NodeId sender, INodeSigner signer, long timestampMs, IMessageBody body, byte[]? sessionKey, bool client, byte[]? sessionTag = null, bool bindContent = false)
    {
        bindContent = bindContent && sessionKey is not null && CanBindContent(type, body);
        if (body.SizeHint < 64 * 1024)
        {
            return PooledFrame.Of(EncodeCore(type, requestId, sender, signer, timestampMs, body, sessionKey, client, sessionTag, bindContent));
        }

        var buffer = new PooledBufferWriter(body.SizeHint + 1024 + signer.SignatureSize + signer.PublicKey.Length);
        Write(buffer, type, requestId, sender, signer, timestampMs, body, sessionKey, client, sessionTag, bindContent);
        return buffer.TakeFrame();
    }

    /// <summary>True when a frame of <paramref name="type"/> with <paramref name="body"/> may be content-bound: a FindValue, or a Store or Value of a content-addressed record.</summary>
    public static bool CanBindContent(MessageType type, IMessageBody body) =>
        type == MessageType.FindValue
        || (type is MessageType.Store or MessageType.Value && body is RecordBody { Record.Kind: RecordKind.Immutable or RecordKind.Placed });

    /// <summary>True when <paramref name="frame"/>, as this codec wrote it, is a content-bound frame: its version (a positive fixint after the 1-byte array header) is <see cref="ContentBoundVersion"/>.</summary>
    public static bool IsContentBound(ReadOnlySpan<byte> frame) => frame.Length > 1 && frame[1] == ContentBoundVersion;

    private static void Write(PooledBufferWriter buffer, MessageType type, ulong requestId, NodeId sender, INodeSigner signer, long timestampMs, IMessageBody body, byte[]? sessionKey, bool client, byte[]? sessionTag, bool bindContent)
    {
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(Elements);
        writer.Write(bindContent ? ContentBoundVersion : Version);
        writer.Write((byte)type);
        writer.Write(requestId);
        WireReading.WriteHash(ref writer, sender.Value);
        byte algorithm = sessionKey is null ? signer.Algorithm : (byte)(signer.Algorithm | SessionFlag);
        writer.Write(client ? (byte)(algorithm | ClientFlag) : algorithm);
        writer.Write(sessionKey is not null && sessionTag is not null ? sessionTag : signer.PublicKey.Span);
        writer.Write(timestampMs);
        writer.Flush();
        int bodyStart = buffer.WrittenCount;
        writer = new MessagePackWriter(buffer);
        body.Write(ref writer);
        writer.Flush();
        int signedLength = buffer.WrittenCount;
        if (sessionKey is not null)
        {
            // A content-bound Store or Value: the MAC skips the value bytes (bound by its key, which it covers).
            int skipFrom = signedLength, skipTo = signedLength;
            if (bindContent && type != MessageType.FindValue)
            {
                if (!RecordBody.TryLocateContent(buffer.WrittenSpan[bodyStart..signedLength], out _, out int valueOffset, out int valueLength))
                {
                    throw new InvalidOperationException("A content-bound frame must carry a content-addressed record.");
                }

                skipFrom = bodyStart + valueOffset;
                skipTo = skipFrom + valueLength;
            }

            writer = new MessagePackWriter(buffer);
            writer.WriteBinHeader(SessionMacSize);
            Rpc.SessionKeys.Compute(sessionKey, buffer.WrittenSpan[..skipFrom], buffer.WrittenSpan[skipTo..signedLength], writer.GetSpan(SessionMacSize));
            writer.Advance(SessionMacSize);
            writer.Flush();
            return;
        }

        byte[] signature = ArrayPool<byte>.Shared.Rent(signer.SignatureSize);
        try
        {
            signer.Sign(buffer.WrittenSpan[..signedLength], signature.AsSpan(0, signer.SignatureSize));
            writer = new MessagePackWriter(buffer);
            writer.Write(signature.AsSpan(0, signer.SignatureSize));
            writer.Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signature);
        }
    }

    /// <summary>Copies the encoded message out; a scratch buffer grown by a bulk frame is dropped rather than kept per thread.</summary>
    private static byte[] Detach(PooledBufferWriter buffer)
    {
        byte[] datagram = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            buffer.Release();
            t_buffer = null;
        }

        return datagram;
    }

    /// <summary>
    /// Parses the envelope structure (no cryptographic checks). Never throws. A content-bound frame
    /// (<see cref="ContentBoundVersion"/>) without the session bit is <see cref="DropReason.UnsupportedVersion"/>;
    /// one that is not a FindValue, or a Store or Value of a content-addressed record, is
    /// <see cref="DropReason.NotContentAddressed"/>.
    /// </summary>
    public static DropReason TryParse(ReadOnlySpan<byte> datagram, out EnvelopeView view)
    {
        view = default;
        try
        {
            var reader = new MessagePackReader(datagram);
            if (reader.ReadArrayHeader() != Elements)
            {
                return DropReason.Malformed;
            }

            view.Version = reader.ReadInt32();
            if (view.Version is not (Version or ContentBoundVersion))
            {
                return DropReason.UnsupportedVersion;
            }

            byte type = reader.ReadByte();
            if (!MessageTypes.IsDefined(type))
            {
                return DropReason.UnknownType;
            }

            view.Type = (MessageType)type;
            view.RequestId = reader.ReadUInt64();
            if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> id) || id.Length != Hash256.Size)
            {
                return DropReason.Malformed;
            }

            view.SenderId = new NodeId(id);
            view.Algorithm = reader.ReadByte();
            if (!reader.TryReadBytesSpan(out view.SenderKey) || view.SenderKey.Length is 0 or > 4096)
            {
                return DropReason.Malformed;
            }

            view.TimestampMs = reader.ReadInt64();
            int bodyStart = (int)reader.Consumed;
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                return DropReason.Malformed;
            }

            reader.Skip();
            int signedLength = (int)reader.Consumed;
            view.Body = datagram[bodyStart..signedLength];
            view.Signed = datagram[..signedLength];
            if (!reader.TryReadBytesSpan(out view.Signature) || !reader.End)
            {
                return DropReason.Malformed;
            }

            return view.Version == ContentBoundVersion ? ParseContentBound(datagram, bodyStart, signedLength, ref view) : DropReason.None;
        }
        catch (MessagePackSerializationException e)
        {
            return e.Message.Contains("truncated", StringComparison.Ordinal) ? DropReason.Truncated : DropReason.Malformed;
        }
    }

    /// <summary>Splits what the MAC of a content-bound frame covers around the record's value, and checks the frame may be content-bound.</summary>
    private static DropReason ParseContentBound(ReadOnlySpan<byte> datagram, int bodyStart, int signedLength, ref EnvelopeView view)
    {
        if ((view.Algorithm & SessionFlag) == 0)
        {
            // Defined only under a session MAC.
            return DropReason.UnsupportedVersion;
        }

        if (view.Type == MessageType.FindValue)
        {
            return DropReason.None;
        }

        if (view.Type is not (MessageType.Store or MessageType.Value)
            || !RecordBody.TryLocateContent(view.Body, out int keyOffset, out int valueOffset, out int valueLength))
        {
            return DropReason.NotContentAddressed;
        }

        int valueStart = bodyStart + valueOffset;
        view.ContentKey = datagram.Slice(bodyStart + keyOffset, Hash256.Size);
        view.ContentValue = datagram.Slice(valueStart, valueLength);
        view.Signed = datagram[..valueStart];
        view.SignedTail = datagram[(valueStart + valueLength)..signedLength];
        return DropReason.None;
    }
}
