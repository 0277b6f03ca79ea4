using System.Buffers;
using System.Text;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>
/// A decoded MessagePack value as a plain object tree, for comparing with JSON in tests: null, bool,
/// Int128 (integers), double (floats), string, byte[], List&lt;object?&gt; (arrays),
/// List&lt;KeyValuePair&lt;object?, object?&gt;&gt; (maps), MessagePackTimestamp, (sbyte, byte[]) extensions.
/// </summary>
internal static class MessagePackValue
{
    public static object? Read(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return reader.ReadBoolean();
            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64 ? (Int128)reader.ReadUInt64() : (Int128)reader.ReadInt64();
            case MessagePackType.Float:
                return reader.NextCode == MessagePackCode.Float32 ? (double)reader.ReadSingle() : reader.ReadDouble();
            case MessagePackType.String:
                MessagePackReader peek = reader.CreatePeekReader();
                string text = reader.ReadString()!;
                if (peek.TryReadStringSpan(out ReadOnlySpan<byte> utf8))
                {
                    Assert.Equal(text, Encoding.UTF8.GetString(utf8));
                }

                return text;
            case MessagePackType.Binary:
                return reader.ReadBytes()!.Value.ToArray();
            case MessagePackType.Array:
                int count = reader.ReadArrayHeader();
                reader.IncreaseDepth();
                List<object?> list = [];
                for (int i = 0; i < count; i++)
                {
                    list.Add(Read(ref reader));
                }

                reader.DecreaseDepth();
                return list;
            case MessagePackType.Map:
                int pairs = reader.ReadMapHeader();
                reader.IncreaseDepth();
                List<KeyValuePair<object?, object?>> map = [];
                for (int i = 0; i < pairs; i++)
                {
                    object? key = Read(ref reader);
                    map.Add(new(key, Read(ref reader)));
                }

                reader.DecreaseDepth();
                return map;
            case MessagePackType.Extension:
                MessagePackReader header = reader.CreatePeekReader();
                if (header.ReadExtensionFormatHeader().TypeCode == ReservedMessagePackExtensionTypeCode.DateTime)
                {
                    return reader.ReadTimestamp();
                }

                ExtensionResult ext = reader.ReadExtensionFormat();
                return (ext.TypeCode, ext.Data.ToArray());
            default:
                throw new MessagePackSerializationException($"Unknown code 0x{reader.NextCode:x2}");
        }
    }

    public static object? Decode(ReadOnlySequence<byte> bytes)
    {
        MessagePackReader reader = new(bytes);
        object? value = Read(ref reader);
        Assert.True(reader.End, $"{reader.Remaining} bytes left after the value");
        return value;
    }

    public static object? Decode(byte[] bytes) => Decode(new ReadOnlySequence<byte>(bytes));
}
