using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>Our writer and reader against the npm package @msgpack/msgpack (tools/msgpack-node), both ways:
/// C# encodes → node decodes, node encodes → C# decodes. Both produce the same bytes for every value here.</summary>
public sealed class MessagePackCrossImplementationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    [Trait("Category", "CrossImplementation")]
    public async Task CSharpEncodes_NodeDecodes_SameValues()
    {
        using CancellationTokenSource timeout = new(Timeout);
        List<(string Name, object? Value)> cases = Cases();
        string[] hex = cases.Select(c => Convert.ToHexStringLower(MessagePackValue.Encode(c.Value))).ToArray();
        string[] decoded = await NodeMsgpackTool.RunAsync("decode", hex, timeout.Token);
        for (int i = 0; i < cases.Count; i++)
        {
            object? actual = TypedJson.Parse(decoded[i]);
            Assert.True(MessagePackValue.DeepEquals(cases[i].Value, actual), $"{cases[i].Name}: node decoded {Shorten(decoded[i])}");
        }
    }

    [Fact]
    [Trait("Category", "CrossImplementation")]
    public async Task NodeEncodes_CSharpDecodes_SameValuesAndBytes()
    {
        using CancellationTokenSource timeout = new(Timeout);
        List<(string Name, object? Value)> cases = Cases();
        string[] encoded = await NodeMsgpackTool.RunAsync("encode", cases.Select(c => TypedJson.Write(c.Value)).ToArray(), timeout.Token);
        for (int i = 0; i < cases.Count; i++)
        {
            byte[] bytes = Convert.FromHexString(encoded[i]);
            object? actual = MessagePackValue.Decode(bytes);
            Assert.True(MessagePackValue.DeepEquals(cases[i].Value, actual), $"{cases[i].Name}: C# decoded a different value from node's {Shorten(encoded[i])}");
            Assert.True(MessagePackValue.DeepEquals(cases[i].Value, MessagePackValue.Decode(TestData.Segmented(bytes, 7))), $"{cases[i].Name}: segmented decode differs");
            Assert.Equal(Convert.ToHexStringLower(MessagePackValue.Encode(cases[i].Value)), encoded[i]);
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static List<(string Name, object? Value)> Cases()
    {
        List<(string, object?)> cases = [("nil", null), ("true", true), ("false", false)];
        Int128[] integers =
        [
            0, 1, 31, 127, 128, 255, 256, 65_535, 65_536, 2_147_483_647, 2_147_483_648, 4_294_967_295, 4_294_967_296,
            (Int128)1 << 53, ((Int128)1 << 53) + 1, long.MaxValue, (Int128)long.MaxValue + 1, ulong.MaxValue,
            -1, -32, -33, -128, -129, -32_768, -32_769, -2_147_483_648, -2_147_483_649, -((Int128)1 << 53) - 1, long.MinValue,
        ];
        cases.AddRange(integers.Select(i => ($"int {i}", (object?)i)));
        cases.AddRange(new double[] { 1.5, -2.25, 3.141592653589793, 1e300, -1e-300, 5e-324, double.MaxValue }.Select(d => ($"f64 {d:R}", (object?)d)));
        cases.AddRange(new float[] { 1.5f, -0.1f, float.MaxValue, float.Epsilon }.Select(f => ($"f32 {f:R}", (object?)f)));
        foreach (int length in new[] { 0, 1, 31, 32, 255, 256, 65_535, 65_536, 70_000 })
        {
            cases.Add(($"ascii string {length}", new string('a', length)));
            cases.Add(($"bin {length}", Bytes(length, (byte)length)));
        }

        cases.Add(("utf-8 string", "héllo wörld ☃ 🍺 Кириллица ひらがな 한글"));
        cases.Add(("long utf-8 string", string.Concat(Enumerable.Repeat("ü🍺x", 20_000))));
        foreach (int count in new[] { 0, 1, 15, 16, 65_535, 65_536 })
        {
            cases.Add(($"array {count}", Enumerable.Range(0, count).Select(i => (object?)(Int128)(i % 300)).ToList()));
            cases.Add(($"map {count}", Enumerable.Range(0, count).Select(i => new KeyValuePair<object?, object?>($"k{i}", (Int128)i)).ToList()));
        }

        cases.Add(("mixed array", new List<object?> { (Int128)1, "a", null, true, 2.5, Bytes(3, 9), new List<object?>(), Map(("x", (Int128)(-7))) }));
        object? nested = "leaf";
        for (int depth = 0; depth < 30; depth++)
        {
            nested = depth % 2 == 0 ? new List<object?> { nested, (Int128)depth } : Map(("d", nested), ("bin", Bytes(depth, 1)));
        }

        cases.Add(("nested 30", nested));
        foreach (int length in new[] { 0, 1, 2, 3, 4, 8, 16, 17, 255, 256, 65_535, 65_536 })
        {
            cases.Add(($"ext {length}", ((sbyte)42, Bytes(length, 3))));
        }

        cases.Add(("ext type 127", ((sbyte)127, Bytes(5, 4))));
        cases.Add(("ext type -128", ((sbyte)-128, Bytes(4, 5))));
        (long Seconds, uint Nanoseconds)[] timestamps =
        [
            (0, 0), (1, 0), (1_700_000_000, 0), (4_294_967_295, 0), (0, 1), (1_700_000_000, 123_456_789),
            (4_294_967_296, 0), (17_179_869_183, 999_999_999), (17_179_869_184, 0), (-1, 0), (-1, 999_999_999),
            (-62_135_596_800, 0), (253_402_300_799, 999_999_999), (-62_167_219_200, 0),
        ];
        cases.AddRange(timestamps.Select(t => ($"timestamp {t.Seconds}.{t.Nanoseconds:D9}", (object?)new MessagePackTimestamp(t.Seconds, t.Nanoseconds))));
        cases.Add(("timestamps in a map", Map(("created", new MessagePackTimestamp(1, 2)), ("expires", new MessagePackTimestamp(-5, 0)))));
        return cases;
    }

    private static List<KeyValuePair<object?, object?>> Map(params (string Key, object? Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<object?, object?>(p.Key, p.Value)).ToList();

    private static byte[] Bytes(int length, byte seed)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed + (i * 31));
        }

        return bytes;
    }
}
