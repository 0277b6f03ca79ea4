using System.Globalization;
using System.Text.Json;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>The typed JSON line format of tools/msgpack-node/roundtrip.mjs, to and from MessagePackValue trees.</summary>
internal static class TypedJson
{
    public static string Write(object? value)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter json = new(stream))
        {
            Write(json, value);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static object? Parse(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        return Parse(document.RootElement);
    }

    private static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case Int128 i:
                json.WriteStartObject();
                json.WriteString("int", i.ToString(CultureInfo.InvariantCulture));
                json.WriteEndObject();
                break;
            case float f:
                json.WriteStartObject();
                json.WriteNumber("f32", (double)f);
                json.WriteEndObject();
                break;
            case double d:
                json.WriteStartObject();
                json.WriteNumber("f64", d);
                json.WriteEndObject();
                break;
            case string s:
                json.WriteStartObject();
                json.WriteString("str", s);
                json.WriteEndObject();
                break;
            case byte[] bytes:
                json.WriteStartObject();
                json.WriteString("bin", Convert.ToHexStringLower(bytes));
                json.WriteEndObject();
                break;
            case List<object?> list:
                json.WriteStartArray();
                foreach (object? item in list)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            case List<KeyValuePair<object?, object?>> map:
                json.WriteStartObject();
                json.WriteStartArray("map");
                foreach (KeyValuePair<object?, object?> pair in map)
                {
                    json.WriteStartArray();
                    Write(json, pair.Key);
                    Write(json, pair.Value);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case MessagePackTimestamp timestamp:
                json.WriteStartObject();
                json.WriteStartArray("ts");
                json.WriteNumberValue(timestamp.Seconds);
                json.WriteNumberValue(timestamp.Nanoseconds);
                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case ValueTuple<sbyte, byte[]> ext:
                json.WriteStartObject();
                json.WriteNumber("ext", ext.Item1);
                json.WriteString("data", Convert.ToHexStringLower(ext.Item2));
                json.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"Unsupported value {value.GetType()}", nameof(value));
        }
    }

    private static object? Parse(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Array: return element.EnumerateArray().Select(Parse).ToList();
            case JsonValueKind.Object:
                JsonProperty first = element.EnumerateObject().First();
                return first.Name switch
                {
                    "int" => Int128.Parse(first.Value.GetString()!, CultureInfo.InvariantCulture),
                    "float" or "f64" => first.Value.GetDouble(),
                    "f32" => (float)first.Value.GetDouble(),
                    "str" => first.Value.GetString(),
                    "bin" => Convert.FromHexString(first.Value.GetString()!),
                    "map" => first.Value.EnumerateArray().Select(pair => new KeyValuePair<object?, object?>(Parse(pair[0]), Parse(pair[1]))).ToList(),
                    "ts" => new MessagePackTimestamp(first.Value[0].GetInt64(), first.Value[1].GetUInt32()),
                    "ext" => (checked((sbyte)first.Value.GetInt32()), Convert.FromHexString(element.GetProperty("data").GetString()!)),
                    _ => throw new FormatException($"Unknown typed JSON key {first.Name}"),
                };
            default:
                throw new FormatException($"Unexpected JSON {element.ValueKind}");
        }
    }
}
