using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>Every case of kawanet/msgpack-test-suite (../shared/vectors/msgpack): every listed encoding decodes to the
/// value (over memory, over a span and over 1- and 3-byte segments), and our encoding is one of the listed ones.</summary>
public sealed class MessagePackVectorTests
{
    private static readonly Lazy<JsonDocument> Suite = new(() =>
    {
        string path = Path.Combine(TestData.VectorsDirectory, "msgpack", "msgpack-test-suite.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The MessagePack vectors file {path} is missing.", path);
        }

        return JsonDocument.Parse(File.ReadAllText(path));
    });

    public static TheoryData<string, int> Cases()
    {
        TheoryData<string, int> data = [];
        foreach (JsonProperty group in Suite.Value.RootElement.EnumerateObject())
        {
            for (int i = 0; i < group.Value.GetArrayLength(); i++)
            {
                data.Add(group.Name, i);
            }
        }

        return data;
    }

    [Fact]
    public void Suite_AllCases_AreEnumerated()
    {
        Assert.Equal(85, Cases().Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_EveryListedEncoding_GivesTheValue(string group, int index)
    {
        (string kind, JsonElement expected, string[] encodings) = Case(group, index);
        foreach (string hex in encodings)
        {
            byte[] bytes = TestData.DashHex(hex);
            AssertMatches(kind, expected, MessagePackValue.Decode(bytes), hex);
            AssertMatches(kind, expected, MessagePackValue.Decode(TestData.Segmented(bytes, 1)), hex + " (1-byte segments)");
            AssertMatches(kind, expected, MessagePackValue.Decode(TestData.Segmented(bytes, 3)), hex + " (3-byte segments)");

            MessagePackReader skipper = new(bytes.AsSpan());
            skipper.Skip();
            Assert.True(skipper.End, $"Skip over {hex} stopped at {skipper.Consumed}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_Value_EqualsOneListedEncoding(string group, int index)
    {
        (string kind, JsonElement expected, string[] encodings) = Case(group, index);
        ArrayBufferWriter<byte> output = new();
        MessagePackWriter writer = new(output);
        Write(ref writer, kind, expected);
        writer.Flush();
        string actual = TestData.ToDashHex(output.WrittenSpan);
        Assert.Contains(actual, encodings);

        if (kind == "number" && expected.TryGetInt64(out _) is false)
        {
            // Write(double) always writes float 64 (as MessagePack-CSharp does); Write(float) gives float 32.
            output.Clear();
            writer = new MessagePackWriter(output);
            writer.Write((float)expected.GetDouble());
            writer.Flush();
            Assert.Contains(TestData.ToDashHex(output.WrittenSpan), encodings);
            return;
        }

        // Integers, headers and timestamps use the smallest format: ours is as short as the shortest listed
        // encoding (for the bignum cases that list int 64 first we write uint 64, which is the same length).
        // Integers may also be listed as floats (4294967296 as float 32 is shorter); those are not candidates.
        Assert.Equal(encodings.Where(e => !e.StartsWith("ca", StringComparison.Ordinal) && !e.StartsWith("cb", StringComparison.Ordinal)).Min(e => TestData.DashHex(e).Length), output.WrittenCount);
    }

    private static (string Kind, JsonElement Value, string[] Encodings) Case(string group, int index)
    {
        JsonElement item = Suite.Value.RootElement.GetProperty(group)[index];
        // A case has one value key, except the bignum cases that fit a double, which give both "number" and
        // "bignum": the decimal string is the exact one.
        JsonProperty[] values = item.EnumerateObject().Where(p => p.Name != "msgpack").ToArray();
        JsonProperty value = values.Length == 1 ? values[0] : values.Single(p => p.Name == "bignum");
        string[] encodings = item.GetProperty("msgpack").EnumerateArray().Select(e => e.GetString()!).ToArray();
        return (value.Name, value.Value, encodings);
    }

    private static void Write(ref MessagePackWriter writer, string kind, JsonElement value)
    {
        switch (kind)
        {
            case "nil":
                writer.WriteNil();
                break;
            case "bool":
                writer.Write(value.GetBoolean());
                break;
            case "binary":
                writer.Write(TestData.DashHex(value.GetString()!).AsSpan());
                break;
            case "bignum":
                WriteInteger(ref writer, Int128.Parse(value.GetString()!, CultureInfo.InvariantCulture));
                break;
            case "number":
            case "string":
            case "array":
            case "map":
                WriteJson(ref writer, value);
                break;
            case "timestamp":
                writer.Write(new MessagePackTimestamp(value[0].GetInt64(), value[1].GetUInt32()));
                break;
            case "ext":
                writer.WriteExtensionFormat(new ExtensionResult(checked((sbyte)value[0].GetInt32()), TestData.DashHex(value[1].GetString()!)));
                break;
            default:
                throw new InvalidOperationException($"Unknown vector kind {kind}");
        }
    }

    private static void WriteInteger(ref MessagePackWriter writer, Int128 value)
    {
        if (value >= 0)
        {
            writer.Write((ulong)value);
        }
        else
        {
            writer.Write((long)value);
        }
    }

    private static void WriteJson(ref MessagePackWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (Int128.TryParse(value.GetRawText(), CultureInfo.InvariantCulture, out Int128 integer))
                {
                    WriteInteger(ref writer, integer);
                }
                else
                {
                    writer.Write(value.GetDouble());
                }

                break;
            case JsonValueKind.String:
                writer.Write(value.GetString());
                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(value.GetArrayLength());
                foreach (JsonElement element in value.EnumerateArray())
                {
                    WriteJson(ref writer, element);
                }

                break;
            case JsonValueKind.Object:
                writer.WriteMapHeader(value.EnumerateObject().Count());
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    writer.Write(property.Name);
                    WriteJson(ref writer, property.Value);
                }

                break;
            default:
                throw new InvalidOperationException($"Unexpected JSON {value.ValueKind}");
        }
    }

    private static void AssertMatches(string kind, JsonElement expected, object? actual, string encoding)
    {
        switch (kind)
        {
            case "nil":
                Assert.Null(actual);
                break;
            case "bool":
                Assert.Equal(expected.GetBoolean(), Assert.IsType<bool>(actual));
                break;
            case "binary":
                Assert.Equal(TestData.DashHex(expected.GetString()!), Assert.IsType<byte[]>(actual));
                break;
            case "bignum":
                Int128 want = Int128.Parse(expected.GetString()!, CultureInfo.InvariantCulture);
                if (actual is double real)
                {
                    Assert.Equal((double)want, real);
                }
                else
                {
                    Assert.Equal(want, Assert.IsType<Int128>(actual));
                }

                break;
            case "timestamp":
                Assert.Equal(new MessagePackTimestamp(expected[0].GetInt64(), expected[1].GetUInt32()), Assert.IsType<MessagePackTimestamp>(actual));
                break;
            case "ext":
                (sbyte type, byte[] data) = Assert.IsType<(sbyte, byte[])>(actual);
                Assert.Equal(expected[0].GetInt32(), type);
                Assert.Equal(TestData.DashHex(expected[1].GetString()!), data);
                break;
            default:
                AssertJson(expected, actual, encoding);
                break;
        }
    }

    private static void AssertJson(JsonElement expected, object? actual, string encoding)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                if (actual is Int128 integer)
                {
                    Assert.True(Int128.TryParse(expected.GetRawText(), CultureInfo.InvariantCulture, out Int128 want), $"{encoding}: decoded integer {integer} for non-integer {expected}");
                    Assert.Equal(want, integer);
                }
                else
                {
                    Assert.Equal(expected.GetDouble(), Assert.IsType<double>(actual));
                }

                break;
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), Assert.IsType<string>(actual));
                break;
            case JsonValueKind.Array:
                List<object?> list = Assert.IsType<List<object?>>(actual);
                Assert.Equal(expected.GetArrayLength(), list.Count);
                for (int i = 0; i < list.Count; i++)
                {
                    AssertJson(expected[i], list[i], encoding);
                }

                break;
            case JsonValueKind.Object:
                List<KeyValuePair<object?, object?>> map = Assert.IsType<List<KeyValuePair<object?, object?>>>(actual);
                JsonProperty[] properties = expected.EnumerateObject().ToArray();
                Assert.Equal(properties.Length, map.Count);
                for (int i = 0; i < map.Count; i++)
                {
                    Assert.Equal(properties[i].Name, map[i].Key);
                    AssertJson(properties[i].Value, map[i].Value, encoding);
                }

                break;
            default:
                throw new InvalidOperationException($"Unexpected JSON {expected.ValueKind}");
        }
    }
}
