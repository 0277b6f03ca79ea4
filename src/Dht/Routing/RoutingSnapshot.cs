using System.Buffers;
using Zhtp.Storage.Dht.Wire;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Dht.Routing;

// Implementation notes
// The file is one MessagePack value, [version = 1, [[id, address, port] × n]], contacts in the
// same form as a Nodes answer (docs/protocol.md), so IPv4 and IPv6 contacts keep their family.
// Written to a temporary name, fsynced and renamed over the old file, so a crash leaves the old
// snapshot or the new one. A missing, truncated or malformed file reads as no contacts: a node
// must start even when its snapshot is damaged (it then needs a bootstrap node, as on first start).

/// <summary>Saves and loads the routing table's contacts, so a restarted node rejoins through them without a bootstrap node.</summary>
internal static class RoutingSnapshot
{
    /// <summary>The format version written first in the file.</summary>
    public const int Version = 1;

    /// <summary>Most contacts read back (256 buckets of k = 20 is 5,120; more means the file is not ours).</summary>
    public const int MaxContacts = 8192;

    /// <summary>Writes <paramref name="contacts"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IReadOnlyCollection<Contact> contacts)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (contacts.Count * 64));
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(Version);
        writer.WriteArrayHeader(contacts.Count);
        foreach (Contact contact in contacts)
        {
            WireReading.WriteContact(ref writer, contact);
        }

        writer.Flush();
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            stream.Write(buffer.WrittenSpan);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The contacts saved in <paramref name="path"/>; empty when the file is missing or damaged (never throws for bad content).</summary>
    public static IReadOnlyList<Contact> Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        try
        {
            var reader = new MessagePackReader(bytes);
            if (reader.ReadArrayHeader() != 2 || reader.ReadInt32() != Version)
            {
                return [];
            }

            int count = reader.ReadArrayHeader();
            if (count > MaxContacts)
            {
                return [];
            }

            var contacts = new List<Contact>(count);
            for (int i = 0; i < count; i++)
            {
                contacts.Add(WireReading.ReadContact(ref reader));
            }

            return reader.End ? contacts : [];
        }
        catch (Exception e) when (e is MessagePackSerializationException or WireFormatException or ArgumentException or OverflowException)
        {
            return [];
        }
    }
}
