using System.Buffers;
using BenchmarkDotNet.Attributes;
using Zhtp.Storage.Types.MessagePack;

namespace Zhtp.Storage.Benchmarks.Types;

/// <summary>
/// Encode and decode of a DHT-sized message (about 1.3 KB): an envelope [version, type, 8-byte request id,
/// 32-byte sender id, 65-byte key, timestamp, 20 contacts of [32-byte id, 16-byte address, port], 64-byte signature].
/// Encode goes into a reused <see cref="ArrayBufferWriter{T}"/>; decode reads every field, taking binaries as spans.
/// Expected allocations: zero for both. Decode also runs over the same bytes split into 64-byte segments.
/// </summary>
[BenchmarkCategory("Types", "MessagePack")]
public class MessagePackBenchmarks
{
    private const int Contacts = 20;
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly byte[] _requestId = Filled(8, 1);
    private readonly byte[] _sender = Filled(32, 2);
    private readonly byte[] _key = Filled(65, 3);
    private readonly byte[] _signature = Filled(64, 4);
    private readonly byte[][] _contactIds = Enumerable.Range(0, Contacts).Select(i => Filled(32, (byte)(10 + i))).ToArray();
    private readonly byte[][] _contactAddresses = Enumerable.Range(0, Contacts).Select(i => Filled(16, (byte)(40 + i))).ToArray();
    private readonly DateTime _timestamp = new(2026, 11, 21, 6, 0, 0, DateTimeKind.Utc);
    private ReadOnlyMemory<byte> _encoded;
    private ReadOnlySequence<byte> _segmented;

    [GlobalSetup]
    public void Setup()
    {
        Encode_DhtEnvelope_1KB();
        _encoded = _output.WrittenMemory.ToArray();
        _segmented = Segment.Split(_encoded, 64);
        if (Decode_DhtEnvelope_1KB() != Contacts || Decode_DhtEnvelope_1KB_64BSegments() != Contacts)
        {
            throw new InvalidOperationException("The benchmark message does not decode.");
        }
    }

    /// <summary>The encoded size, for bytes-per-second figures.</summary>
    public int MessageBytes => _encoded.Length;

    [Benchmark]
    public int Encode_DhtEnvelope_1KB()
    {
        _output.ResetWrittenCount();
        MessagePackWriter writer = new(_output);
        writer.WriteArrayHeader(8);
        writer.Write(1);
        writer.Write(7);
        writer.Write(_requestId);
        writer.Write(_sender);
        writer.Write(_key);
        writer.Write(_timestamp);
        writer.WriteArrayHeader(Contacts);
        for (int i = 0; i < Contacts; i++)
        {
            writer.WriteArrayHeader(3);
            writer.Write(_contactIds[i]);
            writer.Write(_contactAddresses[i]);
            writer.Write((ushort)(30_000 + i));
        }

        writer.Write(_signature);
        writer.Flush();
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Decode_DhtEnvelope_1KB() => Decode(new MessagePackReader(_encoded));

    [Benchmark]
    public int Decode_DhtEnvelope_1KB_64BSegments() => Decode(new MessagePackReader(_segmented));

    private static int Decode(MessagePackReader reader)
    {
        if (reader.ReadArrayHeader() != 8 || reader.ReadInt32() != 1)
        {
            throw new InvalidOperationException("Unexpected envelope.");
        }

        reader.ReadByte();
        ReadOnlySequence<byte> requestId = reader.ReadBytes()!.Value;
        ReadOnlySequence<byte> sender = reader.ReadBytes()!.Value;
        ReadOnlySequence<byte> key = reader.ReadBytes()!.Value;
        DateTime timestamp = reader.ReadDateTime();
        int contacts = reader.ReadArrayHeader();
        int portSum = 0;
        for (int i = 0; i < contacts; i++)
        {
            reader.ReadArrayHeader();
            reader.ReadBytes();
            reader.ReadBytes();
            portSum += reader.ReadUInt16();
        }

        ReadOnlySequence<byte> signature = reader.ReadBytes()!.Value;
        if (!reader.End || requestId.Length + sender.Length + key.Length + signature.Length != 169 || timestamp.Year != 2026 || portSum == 0)
        {
            throw new InvalidOperationException("Unexpected envelope.");
        }

        return contacts;
    }

    private static byte[] Filled(int length, byte seed)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed + (i * 7));
        }

        return bytes;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        private Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> data, int size)
        {
            Segment first = new(data[..Math.Min(size, data.Length)], 0);
            Segment last = first;
            for (int offset = size; offset < data.Length; offset += size)
            {
                Segment next = new(data.Slice(offset, Math.Min(size, data.Length - offset)), offset);
                last.Next = next;
                last = next;
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
