using System.Buffers;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>Valid messages that use every format, for truncation and mutation tests.</summary>
internal static class SampleMessages
{
    public static IReadOnlyList<byte[]> All { get; } = Build();

    private static List<byte[]> Build()
    {
        List<byte[]> messages = [];
        messages.Add(Encode((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(12);
            w.WriteNil();
            w.Write(true);
            w.Write(-5);
            w.Write(200);
            w.Write(-30_000);
            w.Write(70_000u);
            w.Write(long.MinValue);
            w.Write(ulong.MaxValue);
            w.Write(1.5f);
            w.Write(-2.25);
            w.Write("héllo");
            w.Write(new byte[] { 1, 2, 3 });
        }));
        messages.Add(Encode((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(3);
            w.Write("ts32");
            w.Write(new MessagePackTimestamp(1_700_000_000, 0));
            w.Write("ts64");
            w.Write(new MessagePackTimestamp(1_700_000_000, 123_456_789));
            w.Write("ts96");
            w.Write(new MessagePackTimestamp(-62_135_596_800, 999_999_999));
        }));
        messages.Add(Encode((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(6);
            w.WriteExtensionFormat(new ExtensionResult(5, new byte[] { 9 }));
            w.WriteExtensionFormat(new ExtensionResult(6, new byte[16]));
            w.WriteExtensionFormat(new ExtensionResult(7, new byte[3]));
            w.WriteExtensionFormat(new ExtensionResult(8, new byte[300]));
            w.Write(new string('x', 40));
            w.Write(new byte[300]);
        }));
        messages.Add(Encode((ref MessagePackWriter w) =>
        {
            for (int depth = 0; depth < 10; depth++)
            {
                w.WriteArrayHeader(2);
                w.WriteMapHeader(1);
                w.Write(depth);
                w.Write("v");
            }

            w.WriteNil();
        }));
        messages.Add(DhtMessage.Encode());
        return messages;
    }

    public delegate void WriteAction(ref MessagePackWriter writer);

    public static byte[] Encode(WriteAction write)
    {
        ArrayBufferWriter<byte> output = new();
        MessagePackWriter writer = new(output);
        write(ref writer);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }
}
