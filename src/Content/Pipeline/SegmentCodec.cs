using System.Buffers;
using Zhtp.Storage.Content.Compression;
using Zhtp.Storage.Content.Manifests;
using Zhtp.Storage.Erasure;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Pipeline;

/// <summary>
/// The per-segment transform both ways: plaintext → LZ4 (when it shrinks) → seal → Reed-Solomon
/// k + m → shard keys; and k verified shards → reconstruct → open → decompress. Buffers come from
/// the shared array pool; the codec itself is stateless and thread-safe.
/// </summary>
internal sealed class SegmentCodec
{
    private readonly ReedSolomonCodec _erasure;
    private readonly int _k;
    private readonly int _m;
    private readonly bool _compress;
    private readonly int _minCompressionSize;

    public SegmentCodec(int dataShards, int parityShards, bool compress, int minCompressionSize)
    {
        _erasure = ReedSolomon.Create(dataShards, parityShards);
        _k = dataShards;
        _m = parityShards;
        _compress = compress;
        _minCompressionSize = minCompressionSize;
    }

    public int TotalShards => _k + _m;

    public int DataShards => _k;

    public EncodedSegment Encode(ReadOnlySpan<byte> plain, SegmentCipherKind cipher, ReadOnlySpan<byte> key, ContentId id, ulong version, long index)
    {
        byte[]? compressed = null;
        try
        {
            ReadOnlySpan<byte> stored = plain;
            bool isCompressed = false;
            if (_compress && plain.Length >= _minCompressionSize)
            {
                compressed = SegmentPool.Instance.Rent(LZ4Codec.MaximumOutputSize(plain.Length));
                int length = LZ4Codec.Encode(plain, compressed);
                if (length > 0 && length < plain.Length)
                {
                    stored = compressed.AsSpan(0, length);
                    isCompressed = true;
                }
            }

            int sealedLength = stored.Length + SegmentCipher.Overhead(cipher);
            int shardLength = (sealedLength + _k - 1) / _k;
            byte[] stripe = SegmentPool.Instance.Rent(shardLength * (_k + _m));
            SegmentCipher.Seal(cipher, key, id, version, index, stored, stripe);
            stripe.AsSpan(sealedLength, (shardLength * _k) - sealedLength).Clear();
            var data = new ReadOnlyMemory<byte>[_k];
            var parity = new Memory<byte>[_m];
            for (int j = 0; j < _k; j++)
            {
                data[j] = stripe.AsMemory(j * shardLength, shardLength);
            }

            for (int j = 0; j < _m; j++)
            {
                parity[j] = stripe.AsMemory((_k + j) * shardLength, shardLength);
            }

            _erasure.Encode(data, parity);
            var keys = new DhtKey[_k + _m];
            for (int j = 0; j < keys.Length; j++)
            {
                keys[j] = new DhtKey(Blake3Hashing.Compute(stripe.AsSpan(j * shardLength, shardLength)));
            }

            return new EncodedSegment(stripe, shardLength, stored.Length, sealedLength, isCompressed, keys);
        }
        finally
        {
            if (compressed is not null)
            {
                SegmentPool.Instance.Return(compressed);
            }
        }
    }

    /// <summary>
    /// Rebuilds a segment's plaintext into <paramref name="plain"/> from verified shards
    /// (<paramref name="shards"/>[j] null when missing; at least k present, each of the segment's shard length).
    /// Returns the plaintext length.
    /// </summary>
    public int Decode(SegmentEntry segment, ReadOnlyMemory<byte>?[] shards, SegmentCipherKind cipher, ReadOnlySpan<byte> key, ContentId id, ulong version, long index, Span<byte> plain)
    {
        int n = _k + _m;
        int shardLength = segment.ShardLength;
        byte[] stripe = SegmentPool.Instance.Rent(shardLength * n);
        byte[]? opened = null;
        try
        {
            (Memory<byte>[] slots, bool[] present) = Load(stripe, shardLength, shards);
            if (present.AsSpan(0, _k).Contains(false))
            {
                _erasure.ReconstructData(slots, ShardMask.FromFlags(present));
            }

            ReadOnlySpan<byte> sealedBytes = stripe.AsSpan(0, segment.SealedLength);
            if (!segment.Compressed)
            {
                return SegmentCipher.Open(cipher, key, id, version, index, sealedBytes, plain);
            }

            opened = SegmentPool.Instance.Rent(segment.StoredLength);
            int storedLength = SegmentCipher.Open(cipher, key, id, version, index, sealedBytes, opened);
            try
            {
                int length = LZ4Codec.Decode(opened.AsSpan(0, storedLength), plain[..segment.PlainLength]);
                if (length != segment.PlainLength)
                {
                    throw new ContentIntegrityException($"Segment {index} of content {id} decompressed to {length} bytes, the manifest says {segment.PlainLength}.");
                }

                return length;
            }
            catch (LZ4FormatException e)
            {
                throw new ContentIntegrityException($"Segment {index} of content {id} does not decompress: {e.Message}", e);
            }
        }
        finally
        {
            SegmentPool.Instance.Return(stripe);
            if (opened is not null)
            {
                SegmentPool.Instance.Return(opened);
            }
        }
    }

    /// <summary>
    /// Rebuilds the shards marked in <paramref name="wanted"/> from at least k present ones (repair);
    /// returns new arrays for the wanted indices (null elsewhere).
    /// </summary>
    public byte[]?[] Rebuild(SegmentEntry segment, ReadOnlyMemory<byte>?[] shards, bool[] wanted)
    {
        int n = _k + _m;
        int shardLength = segment.ShardLength;
        byte[] stripe = SegmentPool.Instance.Rent(shardLength * n);
        try
        {
            (Memory<byte>[] slots, bool[] present) = Load(stripe, shardLength, shards);
            _erasure.Reconstruct(slots, ShardMask.FromFlags(present));
            var rebuilt = new byte[]?[n];
            for (int j = 0; j < n; j++)
            {
                if (wanted[j])
                {
                    rebuilt[j] = slots[j].ToArray();
                }
            }

            return rebuilt;
        }
        finally
        {
            SegmentPool.Instance.Return(stripe);
        }
    }

    /// <summary>Lays the present shards into <paramref name="stripe"/> (shard j at j × shard length) and says which are present.</summary>
    private (Memory<byte>[] Slots, bool[] Present) Load(byte[] stripe, int shardLength, ReadOnlyMemory<byte>?[] shards)
    {
        var slots = new Memory<byte>[_k + _m];
        var present = new bool[_k + _m];
        for (int j = 0; j < slots.Length; j++)
        {
            slots[j] = stripe.AsMemory(j * shardLength, shardLength);
            if (shards[j] is { } shard)
            {
                shard.Span.CopyTo(slots[j].Span);
                present[j] = true;
            }
        }

        return (slots, present);
    }
}
