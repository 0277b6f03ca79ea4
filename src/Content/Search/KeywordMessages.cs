using System.Buffers;
using System.Text;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Content.Search;

// Implementation notes
// Protocol "zhtp/keywords/1", one datagram each way (docs/content.md, "Search"):
//   announce  [1, keyword key (bin 32), entry]          reply [status]
//   query     [2, keyword key (bin 32), offset (uint)]  reply [status, total, next offset, [entry...]]
//   entry     [id (bin 32), version, owner (bin 32 when 64 hex characters, else str), size, created
//              (Unix ms), filename, content type, description, [tag...], tier, access pattern, replication]
// A reply that is not Ok is just [status]. Readers never throw: every bound is checked before use
// (the MessagePack reader rejects counts larger than the bytes left) and any decoding error turns
// into "malformed". Announced entries carry public metadata only, so Access is not sent.

/// <summary>Encoders and never-throwing decoders of the keyword protocol.</summary>
internal static class KeywordMessages
{
    /// <summary>Request kind: store an announcement.</summary>
    public const byte AnnounceKind = 1;

    /// <summary>Request kind: list announcements of a keyword.</summary>
    public const byte QueryKind = 2;

    private const int EntryFields = 12;
    private const int MaxOwnerLength = 128;
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Encodes an announce request.</summary>
    public static byte[] Announce(DhtKey keyword, ContentIndexEntry entry) => Write((ref MessagePackWriter w) =>
    {
        w.WriteArrayHeader(3);
        w.Write(AnnounceKind);
        WriteKey(ref w, keyword);
        WriteEntry(ref w, entry);
    });

    /// <summary>Encodes a query request for the announcements of <paramref name="keyword"/> from <paramref name="offset"/> on.</summary>
    public static byte[] Query(DhtKey keyword, int offset) => Write((ref MessagePackWriter w) =>
    {
        w.WriteArrayHeader(3);
        w.Write(QueryKind);
        WriteKey(ref w, keyword);
        w.Write(offset);
    });

    /// <summary>Encodes a reply that carries only a status.</summary>
    public static byte[] Status(KeywordStatus status) => Write((ref MessagePackWriter w) =>
    {
        w.WriteArrayHeader(1);
        w.Write((byte)status);
    });

    /// <summary>
    /// Encodes an Ok query reply with as many of <paramref name="entries"/> (from index <paramref name="offset"/>
    /// of <paramref name="total"/>) as fit <paramref name="maxBytes"/>; an entry that fits no reply alone is skipped.
    /// </summary>
    public static byte[] QueryReply(IReadOnlyList<ContentIndexEntry> entries, int offset, int total, int maxBytes)
    {
        const int Header = 1 + 1 + 5 + 5 + 3; // array(4), status, total, next, array 16 header
        var encoded = new List<byte[]>();
        int size = Header;
        int next = offset;
        foreach (ContentIndexEntry entry in entries)
        {
            byte[] bytes = Write((ref MessagePackWriter w) => WriteEntry(ref w, entry));
            if (size + bytes.Length > maxBytes)
            {
                if (encoded.Count == 0)
                {
                    next++;
                    continue;
                }

                break;
            }

            encoded.Add(bytes);
            size += bytes.Length;
            next++;
        }

        return Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(4);
            w.Write((byte)KeywordStatus.Ok);
            w.Write(total);
            w.Write(next);
            w.WriteArrayHeader(encoded.Count);
            foreach (byte[] bytes in encoded)
            {
                w.WriteRaw(bytes);
            }
        });
    }

    /// <summary>
    /// The announce request of <paramref name="entry"/> under <paramref name="keyword"/>, cut to at most
    /// <paramref name="maxBytes"/>. The description goes first: when the entry does not fit even without
    /// it, tags other than the keyword are dropped from the end, then the content type and the filename
    /// are shortened; the description then fills whatever room is left. Null when it cannot fit while
    /// <paramref name="keyword"/> stays a keyword of what is sent.
    /// </summary>
    public static byte[]? FitAnnouncement(string keyword, ContentIndexEntry entry, int maxBytes)
    {
        DhtKey key = Keywords.KeyOf(keyword);
        byte[] whole = Announce(key, entry);
        if (whole.Length <= maxBytes)
        {
            return Keywords.IsKeywordOf(key, entry.Metadata) ? whole : null;
        }

        string description = entry.Metadata.Description;
        ContentIndexEntry current = entry with { Metadata = entry.Metadata with { Description = "" } };
        while (true)
        {
            byte[] payload = Announce(key, current);
            int excess = payload.Length - maxBytes;
            if (excess <= 0)
            {
                break;
            }

            ContentMetadata m = current.Metadata;
            IReadOnlyList<string> tags = m.Tags ?? [];
            int droppable = LastIndexOf(tags, t => !string.Equals(SearchText.TagKey(t), keyword, StringComparison.Ordinal));
            if (droppable >= 0)
            {
                m = m with { Tags = tags.Where((_, i) => i != droppable).ToList() };
            }
            else if (m.ContentType.Length > 0)
            {
                m = m with { ContentType = SearchText.TruncateUtf8(m.ContentType, Encoding.UTF8.GetByteCount(m.ContentType) - excess) };
            }
            else if (m.Filename.Length > 0)
            {
                m = m with { Filename = SearchText.TruncateUtf8(m.Filename, Encoding.UTF8.GetByteCount(m.Filename) - excess) };
            }
            else
            {
                return null;
            }

            current = current with { Metadata = m };
        }

        if (!Keywords.IsKeywordOf(key, current.Metadata))
        {
            return null;
        }

        // Fill the room left with the description; a longer string header (str 8 -> 16) may take a
        // few bytes more, so shorten until it fits.
        int room = maxBytes - Announce(key, current).Length - 2;
        while (room > 0)
        {
            ContentIndexEntry filled = current with { Metadata = current.Metadata with { Description = SearchText.TruncateUtf8(description, room) } };
            byte[] payload = Announce(key, filled);
            if (payload.Length <= maxBytes)
            {
                return payload;
            }

            room -= payload.Length - maxBytes;
        }

        return Announce(key, current);
    }

    /// <summary>Decodes a request; false when it is malformed.</summary>
    /// <param name="payload">The request bytes.</param>
    /// <param name="kind"><see cref="AnnounceKind"/> or <see cref="QueryKind"/>.</param>
    /// <param name="keyword">The keyword key.</param>
    /// <param name="entry">The announced entry (announce only).</param>
    /// <param name="offset">The first announcement wanted (query only).</param>
    public static bool TryReadRequest(ReadOnlySpan<byte> payload, out byte kind, out DhtKey keyword, out ContentIndexEntry? entry, out int offset)
    {
        kind = 0;
        keyword = default;
        entry = null;
        offset = 0;
        try
        {
            var reader = new MessagePackReader(payload);
            if (reader.ReadArrayHeader() != 3)
            {
                return false;
            }

            kind = reader.ReadByte();
            if (!TryReadKey(ref reader, out keyword))
            {
                return false;
            }

            if (kind == AnnounceKind)
            {
                entry = ReadEntry(ref reader);
            }
            else if (kind == QueryKind)
            {
                offset = reader.ReadInt32();
            }
            else
            {
                return false;
            }

            return entry is not null || (kind == QueryKind && offset >= 0) ? reader.End : false;
        }
        catch (MessagePackSerializationException)
        {
            return false;
        }
    }

    /// <summary>Decodes any reply's status; false when malformed.</summary>
    public static bool TryReadStatus(ReadOnlySpan<byte> payload, out KeywordStatus status)
    {
        status = KeywordStatus.Malformed;
        try
        {
            var reader = new MessagePackReader(payload);
            int count = reader.ReadArrayHeader();
            if (count is not (1 or 4))
            {
                return false;
            }

            status = (KeywordStatus)reader.ReadByte();
            return Enum.IsDefined(status);
        }
        catch (MessagePackSerializationException)
        {
            return false;
        }
    }

    /// <summary>Decodes an Ok query reply; false when malformed (entries that break a limit make the whole reply malformed).</summary>
    public static bool TryReadQueryReply(ReadOnlySpan<byte> payload, out int total, out int next, out IReadOnlyList<ContentIndexEntry> entries)
    {
        total = 0;
        next = 0;
        entries = [];
        try
        {
            var reader = new MessagePackReader(payload);
            if (reader.ReadArrayHeader() != 4 || reader.ReadByte() != (byte)KeywordStatus.Ok)
            {
                return false;
            }

            total = reader.ReadInt32();
            next = reader.ReadInt32();
            int count = reader.ReadArrayHeader();
            var list = new List<ContentIndexEntry>(Math.Min(count, 64));
            for (int i = 0; i < count; i++)
            {
                if (ReadEntry(ref reader) is not { } entry)
                {
                    return false;
                }

                list.Add(entry);
            }

            entries = list;
            return reader.End && total >= 0 && next >= 0;
        }
        catch (MessagePackSerializationException)
        {
            return false;
        }
    }

    private static void WriteEntry(ref MessagePackWriter w, ContentIndexEntry entry)
    {
        ContentMetadata m = entry.Metadata;
        w.WriteArrayHeader(EntryFields);
        WriteKey(ref w, entry.Id.Key);
        w.Write(entry.Version);
        if (entry.Owner.Length == 2 * Hash256.Size && !entry.Owner.AsSpan().ContainsAnyExcept(HexDigits))
        {
            w.Write(Convert.FromHexString(entry.Owner));
        }
        else
        {
            w.Write(entry.Owner);
        }

        w.Write(entry.Size);
        w.Write(entry.Created.ToUnixTimeMilliseconds());
        w.Write(m.Filename);
        w.Write(m.ContentType);
        w.Write(m.Description);
        IReadOnlyList<string> tags = m.Tags ?? [];
        w.WriteArrayHeader(tags.Count);
        foreach (string tag in tags)
        {
            w.Write(tag);
        }

        w.Write((byte)m.Tier);
        w.Write((byte)m.AccessPattern);
        w.Write(checked((byte)m.Replication));
    }

    /// <summary>Reads an entry; null when a field breaks a limit. Throws MessagePackSerializationException on bad bytes.</summary>
    private static ContentIndexEntry? ReadEntry(ref MessagePackReader reader)
    {
        if (reader.ReadArrayHeader() != EntryFields || !TryReadKey(ref reader, out DhtKey id))
        {
            return null;
        }

        ulong version = reader.ReadUInt64();
        string? owner;
        if (reader.NextMessagePackType == MessagePackType.Binary)
        {
            if (!reader.TryReadBytesSpan(out ReadOnlySpan<byte> ownerBytes) || ownerBytes.Length != Hash256.Size)
            {
                return null;
            }

            owner = Convert.ToHexStringLower(ownerBytes);
        }
        else
        {
            owner = reader.ReadString();
            if (string.IsNullOrEmpty(owner) || owner.Length > MaxOwnerLength)
            {
                return null;
            }
        }

        long size = reader.ReadInt64();
        long created = reader.ReadInt64();
        if (size < 0 || created < DateTimeOffset.MinValue.ToUnixTimeMilliseconds() || created > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return null;
        }

        string? filename = reader.ReadString();
        string? contentType = reader.ReadString();
        string? description = reader.ReadString();
        int tagCount = reader.ReadArrayHeader();
        if (filename is null || contentType is null || description is null || tagCount > Keywords.MaxTags)
        {
            return null;
        }

        var tags = new string[tagCount];
        for (int i = 0; i < tagCount; i++)
        {
            if (reader.ReadString() is not { } tag)
            {
                return null;
            }

            tags[i] = tag;
        }

        var metadata = new ContentMetadata
        {
            Filename = filename,
            ContentType = contentType,
            Description = description,
            Tags = tags,
            Tier = (StorageTier)reader.ReadByte(),
            AccessPattern = (ContentAccessPattern)reader.ReadByte(),
            Replication = reader.ReadByte(),
            Access = AccessLevel.Public,
        };
        if (metadata.Validate().Count > 0)
        {
            return null;
        }

        return new ContentIndexEntry(new ContentId(id), version, metadata, owner, size, DateTimeOffset.FromUnixTimeMilliseconds(created));
    }

    private static void WriteKey(ref MessagePackWriter w, DhtKey key)
    {
        w.WriteBinHeader(Hash256.Size);
        key.Value.WriteTo(w.GetSpan(Hash256.Size));
        w.Advance(Hash256.Size);
    }

    private static bool TryReadKey(ref MessagePackReader reader, out DhtKey key)
    {
        key = default;
        if (reader.NextMessagePackType != MessagePackType.Binary || !reader.TryReadBytesSpan(out ReadOnlySpan<byte> bytes) || bytes.Length != Hash256.Size)
        {
            return false;
        }

        key = new DhtKey(bytes);
        return true;
    }

    private static int LastIndexOf(IReadOnlyList<string> list, Func<string, bool> predicate)
    {
        for (int i = list.Count - 1; i >= 0; i--)
        {
            if (predicate(list[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private delegate void WriteAction(ref MessagePackWriter writer);

    private static byte[] Write(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
