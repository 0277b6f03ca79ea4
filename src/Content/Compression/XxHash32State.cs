using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zhtp.Storage.Content.Compression;

/// <summary>
/// Incremental xxHash32: <see cref="Update"/> any number of times, then <see cref="Digest"/>.
/// Gives the same value as <see cref="XxHash32.Hash"/> over the concatenated input. A mutable
/// struct: keep it in a field or local and do not copy it while hashing.
/// </summary>
internal struct XxHash32State
{
    private uint _v1, _v2, _v3, _v4;
    private ulong _total;
    private int _buffered;
    private StripeBuffer _buffer;

    /// <summary>Creates a state for <paramref name="seed"/>.</summary>
    internal XxHash32State(uint seed)
    {
        _v1 = seed + XxHash32.Prime1 + XxHash32.Prime2;
        _v2 = seed + XxHash32.Prime2;
        _v3 = seed;
        _v4 = seed - XxHash32.Prime1;
        Seed = seed;
    }

    /// <summary>The seed this state was created with.</summary>
    internal uint Seed { get; }

    /// <summary>Adds <paramref name="data"/> to the hash.</summary>
    internal void Update(ReadOnlySpan<byte> data)
    {
        _total += (uint)data.Length;
        Span<byte> buffer = _buffer;
        if (_buffered > 0)
        {
            int take = Math.Min(16 - _buffered, data.Length);
            data[..take].CopyTo(buffer[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < 16)
            {
                return;
            }

            XxHash32.ConsumeStripes(ref MemoryMarshal.GetReference(buffer), 16, ref _v1, ref _v2, ref _v3, ref _v4);
            _buffered = 0;
        }

        int whole = data.Length & ~15;
        if (whole > 0)
        {
            XxHash32.ConsumeStripes(ref MemoryMarshal.GetReference(data), whole, ref _v1, ref _v2, ref _v3, ref _v4);
        }

        data[whole..].CopyTo(buffer);
        _buffered = data.Length - whole;
    }

    /// <summary>Returns the hash of everything added so far (the state stays usable).</summary>
    internal readonly uint Digest()
    {
        uint h = _total >= 16 ? XxHash32.Converge(_v1, _v2, _v3, _v4) : Seed + XxHash32.Prime5;
        h += (uint)_total;
        ReadOnlySpan<byte> tail = _buffer;
        return XxHash32.Finish(h, tail[.._buffered]);
    }

    [InlineArray(16)]
    private struct StripeBuffer
    {
        private byte _element0;
    }
}
