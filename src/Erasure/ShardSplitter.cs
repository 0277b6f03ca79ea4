namespace Zhtp.Storage.Erasure;

/// <summary>
/// Cuts a buffer into k equal data shards and joins them back. Layout: shard i holds bytes
/// [i·L, (i+1)·L) of the buffer, with L = ⌈length / k⌉; the last shards are padded with zeros.
/// The original length is not stored in the shards — keep it beside them (the streaming format
/// keeps it in each segment header) and pass it to <c>Join</c>.
/// </summary>
public static class ShardSplitter
{
    /// <summary>The shard length L = ⌈<paramref name="dataLength"/> / k⌉ (0 for empty data).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative length, k &lt; 1, or L would exceed <see cref="Array.MaxLength"/>.</exception>
    public static int ShardLength(long dataLength, int dataShards)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(dataShards, 1);
        long length = (dataLength + dataShards - 1) / dataShards;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(dataLength), dataLength, $"{dataLength} bytes over {dataShards} shards gives shards longer than the largest array ({Array.MaxLength} bytes); use more shards or the streaming encoder.");
        }

        return (int)length;
    }

    /// <summary>
    /// Allocates k + m shards of length <see cref="ShardLength"/>, copies <paramref name="data"/>
    /// into the first k (zero padding) and leaves the m parity shards zeroed, ready for
    /// <see cref="ReedSolomonCodec.Encode(ReadOnlySpan{byte[]})"/>.
    /// </summary>
    public static byte[][] Split(ReadOnlySpan<byte> data, int dataShards, int parityShards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parityShards, 0);
        int length = ShardLength(data.Length, dataShards);
        var shards = new byte[dataShards + parityShards][];
        for (int i = 0; i < shards.Length; i++)
        {
            shards[i] = new byte[length];
        }

        Split(data, shards.AsSpan(0, dataShards));
        return shards;
    }

    /// <summary>
    /// Copies <paramref name="data"/> into the caller's k data shards, zero-padding the tail; allocates nothing.
    /// </summary>
    /// <param name="data">The bytes to split.</param>
    /// <param name="dataShards">k buffers, each exactly <see cref="ShardLength"/>(data.Length, k) bytes.</param>
    /// <exception cref="ShardSizeException">A buffer has another length.</exception>
    public static void Split(ReadOnlySpan<byte> data, ReadOnlySpan<Memory<byte>> dataShards)
    {
        int length = ShardLength(data.Length, Math.Max(1, dataShards.Length));
        for (int i = 0; i < dataShards.Length; i++)
        {
            CheckLength(i, length, dataShards[i].Length);
            CopyOut(data, i, length, dataShards[i].Span);
        }
    }

    /// <inheritdoc cref="Split(ReadOnlySpan{byte}, ReadOnlySpan{Memory{byte}})"/>
    public static void Split(ReadOnlySpan<byte> data, ReadOnlySpan<byte[]> dataShards)
    {
        int length = ShardLength(data.Length, Math.Max(1, dataShards.Length));
        for (int i = 0; i < dataShards.Length; i++)
        {
            CheckLength(i, length, dataShards[i].Length);
            CopyOut(data, i, length, dataShards[i]);
        }
    }

    /// <summary>
    /// Zero-copy split: when the data already sits at the start of <paramref name="stripe"/>, zeroes
    /// the padding after it and returns the k data shards as slices of the stripe in
    /// <paramref name="dataShards"/>.
    /// </summary>
    /// <param name="stripe">A buffer whose first <paramref name="dataLength"/> bytes are the data, at least k·L long.</param>
    /// <param name="dataLength">The data length.</param>
    /// <param name="dataShards">k entries, filled with the slices.</param>
    /// <returns>The shard length L.</returns>
    /// <exception cref="ArgumentException">The stripe is shorter than k·L.</exception>
    public static int Slice(Memory<byte> stripe, int dataLength, Span<Memory<byte>> dataShards)
    {
        int k = dataShards.Length;
        int length = ShardLength(dataLength, Math.Max(1, k));
        long needed = (long)length * k;
        if (stripe.Length < needed || dataLength > stripe.Length)
        {
            throw new ArgumentException($"The stripe holds {stripe.Length} bytes but {k} shards of {length} bytes need {needed}.", nameof(stripe));
        }

        stripe.Span[dataLength..(int)needed].Clear();
        for (int i = 0; i < k; i++)
        {
            dataShards[i] = stripe.Slice(i * length, length);
        }

        return length;
    }

    /// <summary>Copies the first <paramref name="destination"/>.Length bytes held by the data shards into it.</summary>
    /// <param name="dataShards">The k data shards, all the same length (rebuilt first if any was missing).</param>
    /// <param name="destination">Receives the original bytes; its length is the original length (at most k·L).</param>
    /// <exception cref="ShardSizeException">The shards differ in length.</exception>
    /// <exception cref="ArgumentException">The destination is longer than the shards hold.</exception>
    public static void Join(ReadOnlySpan<ReadOnlyMemory<byte>> dataShards, Span<byte> destination)
    {
        int length = dataShards.Length == 0 ? 0 : dataShards[0].Length;
        CheckCapacity(dataShards.Length, length, destination.Length);
        for (int i = 0; i < dataShards.Length && (long)i * length < destination.Length; i++)
        {
            CheckLength(i, length, dataShards[i].Length);
            CopyIn(dataShards[i].Span, i, length, destination);
        }
    }

    /// <summary>Joins the first k shards back into a new array of <paramref name="originalLength"/> bytes.</summary>
    /// <param name="shards">At least the k data shards (more, e.g. parity, are ignored).</param>
    /// <param name="dataShards">k.</param>
    /// <param name="originalLength">The length the data had before <see cref="Split(ReadOnlySpan{byte}, int, int)"/>.</param>
    public static byte[] Join(ReadOnlySpan<byte[]> shards, int dataShards, int originalLength)
    {
        if (shards.Length < dataShards)
        {
            throw new ShardCountException("data shards (at least)", dataShards, shards.Length);
        }

        int length = dataShards == 0 ? 0 : shards[0].Length;
        CheckCapacity(dataShards, length, originalLength);
        var result = new byte[originalLength];
        for (int i = 0; i < dataShards && (long)i * length < originalLength; i++)
        {
            CheckLength(i, length, shards[i].Length);
            CopyIn(shards[i], i, length, result);
        }

        return result;
    }

    private static void CopyOut(ReadOnlySpan<byte> data, int index, int length, Span<byte> shard)
    {
        int start = (int)Math.Min((long)index * length, data.Length);
        int count = Math.Min(length, data.Length - start);
        data.Slice(start, count).CopyTo(shard);
        shard[count..].Clear();
    }

    private static void CopyIn(ReadOnlySpan<byte> shard, int index, int length, Span<byte> destination)
    {
        int start = index * length;
        int count = Math.Min(length, destination.Length - start);
        shard[..count].CopyTo(destination.Slice(start, count));
    }

    private static void CheckLength(int index, int expected, int actual)
    {
        if (actual != expected)
        {
            throw new ShardSizeException(index, expected, actual);
        }
    }

    private static void CheckCapacity(int dataShards, int shardLength, int originalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(originalLength);
        if ((long)dataShards * shardLength < originalLength)
        {
            throw new ArgumentException($"{dataShards} shards of {shardLength} bytes hold {(long)dataShards * shardLength} bytes, fewer than the {originalLength} asked for; pass the original length kept at split time.", nameof(originalLength));
        }
    }
}
