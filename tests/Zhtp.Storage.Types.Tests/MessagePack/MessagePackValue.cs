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

    /// <summary>Writes an object tree of the shapes <see cref="Read"/> returns (plus float for float 32).</summary>
    public static void Write(ref MessagePackWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNil(); break;
            case bool b: writer.Write(b); break;
            case Int128 i when i >= 0: writer.Write((ulong)i); break;
            case Int128 i: writer.Write((long)i); break;
            case float f: writer.Write(f); break;
            case double d: writer.Write(d); break;
            case string s: writer.Write(s); break;
            case byte[] bytes: writer.Write(bytes); break;
            case List<object?> list:
                writer.WriteArrayHeader(list.Count);
                foreach (object? item in list)
                {
                    Write(ref writer, item);
                }

                break;
            case List<KeyValuePair<object?, object?>> map:
                writer.WriteMapHeader(map.Count);
                foreach (KeyValuePair<object?, object?> pair in map)
                {
                    Write(ref writer, pair.Key);
                    Write(ref writer, pair.Value);
                }

                break;
            case MessagePackTimestamp timestamp: writer.Write(timestamp); break;
            case ValueTuple<sbyte, byte[]> ext: writer.WriteExtensionFormat(new ExtensionResult(ext.Item1, ext.Item2)); break;
            default: throw new ArgumentException($"Unsupported value {value.GetType()}", nameof(value));
        }
    }

    public static byte[] Encode(object? value)
    {
        ArrayBufferWriter<byte> output = new();
        MessagePackWriter writer = new(output);
        Write(ref writer, value);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Deep equality of two trees; float and double leaves compare as doubles.</summary>
    public static bool DeepEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (float f, _) => DeepEquals((double)f, b),
        (_, float f) => DeepEquals(a, (double)f),
        (double x, double y) => x.Equals(y),
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => DeepEquals(p.First, p.Second)),
        (List<KeyValuePair<object?, object?>> x, List<KeyValuePair<object?, object?>> y) =>
            x.Count == y.Count && x.Zip(y).All(p => DeepEquals(p.First.Key, p.Second.Key) && DeepEquals(p.First.Value, p.Second.Value)),
        (ValueTuple<sbyte, byte[]> x, ValueTuple<sbyte, byte[]> y) => x.Item1 == y.Item1 && x.Item2.AsSpan().SequenceEqual(y.Item2),
        _ => Equals(a, b),
    };

    public static object? Decode(ReadOnlySequence<byte> bytes)
    {
        MessagePackReader reader = new(bytes);
        object? value = Read(ref reader);
        Assert.True(reader.End, $"{reader.Remaining} bytes left after the value");
        return value;
    }

    public static object? Decode(byte[] bytes) => Decode(new ReadOnlySequence<byte>(bytes));
}
