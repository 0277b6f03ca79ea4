using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Wire;

/// <summary>
/// Store and Value: <c>[kind, key, value, ttl seconds, owner key, owner algorithm, name, sequence, signature]</c>.
/// The TTL is relative so that holders' clocks need not agree.
/// </summary>
internal sealed record RecordBody(DhtRecord Record, uint TtlSeconds) : IMessageBody
{
    public int SizeHint => Record.Value.Length + Record.Owner.Length + Record.Signature.Length + (Record.Name.Length * 3) + 96;

    public void Write(ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(9);
        writer.Write((byte)Record.Kind);
        WireReading.WriteHash(ref writer, Record.Key.Value);
        writer.Write(Record.Value.Span);
        writer.Write(TtlSeconds);
        writer.Write(Record.Owner.Span);
        writer.Write(Record.OwnerAlgorithm);
        writer.Write(Record.Name);
        writer.Write(Record.Sequence);
        writer.Write(Record.Signature.Span);
    }

    /// <summary>
    /// Finds the key and value of a content-addressed record (kind 1 or 3) in an encoded body without reading the rest:
    /// false when the body is a record of another kind or not a record at all. Offsets are from the body's first byte;
    /// the value's bin header lies before <paramref name="valueOffset"/>. Never throws.
    /// </summary>
    public static bool TryLocateContent(ReadOnlySpan<byte> body, out int keyOffset, out int valueOffset, out int valueLength)
    {
        keyOffset = valueOffset = valueLength = 0;
        try
        {
            var reader = new MessagePackReader(body);
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() != 9 || reader.NextMessagePackType != MessagePackType.Integer)
            {
                return false;
            }

            byte kind = reader.ReadByte();
            if (kind is not ((byte)RecordKind.Immutable or (byte)RecordKind.Placed))
            {
                return false;
            }

            if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> key) || key.Length != Hash256.Size)
            {
                return false;
            }

            keyOffset = (int)reader.Consumed - key.Length;
            if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> value))
            {
                return false;
            }

            valueOffset = (int)reader.Consumed - value.Length;
            valueLength = value.Length;
            return true;
        }
        catch (MessagePackSerializationException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>Parses the body; the record's expiry is <paramref name="now"/> + the TTL, capped at <paramref name="maxTtl"/>. The value is copied.</summary>
    public static RecordBody Read(ReadOnlySpan<byte> body, int maxValueSize, DateTimeOffset now, TimeSpan maxTtl) => Read(body, default, maxValueSize, now, maxTtl);

    /// <summary>Parses the body like the span overload, but the value is a slice of <paramref name="body"/> (a bulk frame: no copy of a large value).</summary>
    public static RecordBody Read(ReadOnlyMemory<byte> body, int maxValueSize, DateTimeOffset now, TimeSpan maxTtl) => Read(body.Span, body, maxValueSize, now, maxTtl);

    private static RecordBody Read(ReadOnlySpan<byte> body, ReadOnlyMemory<byte> slicedFrom, int maxValueSize, DateTimeOffset now, TimeSpan maxTtl)
    {
        var reader = new MessagePackReader(body);
        WireReading.ExpectArray(ref reader, 9);
        byte kind = reader.ReadByte();
        if (kind is not ((byte)RecordKind.Immutable or (byte)RecordKind.Mutable or (byte)RecordKind.Placed))
        {
            WireReading.Throw($"record kind {kind} is not defined");
        }

        var key = new DhtKey(WireReading.ReadHash(ref reader));
        ReadOnlyMemory<byte> value;
        if (slicedFrom.IsEmpty)
        {
            value = WireReading.ReadBin(ref reader, maxValueSize);
        }
        else
        {
            if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> bytes))
            {
                bytes = [];
            }

            if (bytes.Length > maxValueSize)
            {
                WireReading.Throw($"binary of {bytes.Length} bytes exceeds {maxValueSize}");
            }

            value = slicedFrom.Slice((int)reader.Consumed - bytes.Length, bytes.Length);
        }
        uint ttl = reader.ReadUInt32();
        byte[] owner = WireReading.ReadBin(ref reader, 4096);
        byte algorithm = reader.ReadByte();
        string name = reader.ReadString() ?? "";
        if (name.Length > 1024)
        {
            WireReading.Throw("record name longer than 1024 characters");
        }

        ulong sequence = reader.ReadUInt64();
        byte[] signature = WireReading.ReadBin(ref reader, 4096);
        TimeSpan lifetime = TimeSpan.FromSeconds(ttl) < maxTtl ? TimeSpan.FromSeconds(ttl) : maxTtl;
        var record = new DhtRecord
        {
            Kind = (RecordKind)kind,
            Key = key,
            Value = value,
            Owner = owner,
            OwnerAlgorithm = algorithm,
            Name = name,
            Sequence = sequence,
            Signature = signature,
            ExpiresAt = now + lifetime,
        };
        return new RecordBody(record, ttl);
    }
}
