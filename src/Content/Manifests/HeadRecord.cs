using System.Buffers;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.MessagePack;
using static Zhtp.Storage.Content.Manifests.ManifestReading;

namespace Zhtp.Storage.Content.Manifests;

/// <summary>
/// The value of a content's head record (a mutable DHT record signed by the owner under
/// "zhtp/content/" + name): <c>["zhtp-head", 1, deleted (bool), [[version, manifest key, length, created ms]...]]</c>.
/// A delete is the same record with deleted = true and no versions (a tombstone).
/// </summary>
internal sealed record HeadRecord(bool Deleted, IReadOnlyList<ContentVersion> Versions)
{
    public const string Magic = "zhtp-head";
    public const int MaxVersions = 1000;

    public ContentVersion? Latest => Versions.Count == 0 ? null : Versions[^1];

    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (Versions.Count * 64));
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(4);
        writer.Write(Magic);
        writer.Write(1);
        writer.Write(Deleted);
        writer.WriteArrayHeader(Versions.Count);
        foreach (ContentVersion v in Versions)
        {
            writer.WriteArrayHeader(4);
            writer.Write(v.Version);
            WriteHash(ref writer, v.ManifestKey.Value);
            writer.Write(v.Length);
            writer.Write(v.Created.ToUnixTimeMilliseconds());
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static HeadRecord Decode(ReadOnlyMemory<byte> value)
    {
        try
        {
            var reader = new MessagePackReader(value);
            ExpectArray(ref reader, 4, "head record");
            if (reader.ReadString() != Magic || reader.ReadInt32() != 1)
            {
                Fail("not a format-1 head record");
            }

            bool deleted = reader.ReadBoolean();
            int count = Array(ref reader, "versions");
            if (count > MaxVersions)
            {
                Fail($"{count} versions exceed {MaxVersions}");
            }

            var versions = new List<ContentVersion>(count);
            for (int i = 0; i < count; i++)
            {
                ExpectArray(ref reader, 4, "version");
                var v = new ContentVersion(reader.ReadUInt64(), new DhtKey(Hash(ref reader, "manifest key")), reader.ReadInt64(), DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()));
                if (v.Length < 0 || (versions.Count > 0 && v.Version <= versions[^1].Version))
                {
                    Fail($"version entry {i} is out of order or has a negative length");
                }

                versions.Add(v);
            }

            return new HeadRecord(deleted, versions);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or ArgumentException)
        {
            throw new ManifestFormatException($"Malformed head record: {e.Message}", e);
        }
    }
}
