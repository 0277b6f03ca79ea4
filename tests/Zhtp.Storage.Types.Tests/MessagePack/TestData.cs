using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Zhtp.Storage.Types.Tests.MessagePack;

/// <summary>Locating the shared vectors, hex parsing and segmented sequences for the MessagePack tests.</summary>
internal static class TestData
{
    /// <summary>The repository root (<see cref="RepositoryPaths.Root"/>).</summary>
    public static string RepositoryRoot => RepositoryPaths.Root;

    /// <summary>The shared vectors folder: ../shared/vectors beside the repository root.</summary>
    public static string VectorsDirectory
    {
        get
        {
            string vectors = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "vectors"));
            if (!Directory.Exists(vectors))
            {
                throw new DirectoryNotFoundException($"The test vectors folder {vectors} is missing: check out the shared folder beside the repository (../shared/vectors).");
            }

            return vectors;
        }
    }

    /// <summary>Parses dash-separated hex ("cd-01-00"); the empty string is no bytes.</summary>
    public static byte[] DashHex(string text) =>
        text.Length == 0 ? [] : text.Split('-').Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Dash-separated lower-case hex.</summary>
    public static string ToDashHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes) is { Length: > 0 } hex
        ? string.Join('-', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)))
        : string.Empty;

    /// <summary>The bytes as a sequence of segments of <paramref name="segmentSize"/> bytes, with an empty segment
    /// between every two (so readers must cope with both boundaries and empty segments).</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] data, int segmentSize)
    {
        if (data.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment first = new(data.AsMemory(0, Math.Min(segmentSize, data.Length)), 0);
        Segment last = first;
        for (int offset = last.Memory.Length; offset < data.Length; offset += segmentSize)
        {
            last = last.Append(ReadOnlyMemory<byte>.Empty);
            last = last.Append(data.AsMemory(offset, Math.Min(segmentSize, data.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            Segment next = new(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
