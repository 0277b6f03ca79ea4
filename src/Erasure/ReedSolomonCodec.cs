namespace Zhtp.Storage.Erasure;

/// <summary>
/// A systematic Reed-Solomon code RS(k, m) over GF(2^8): k data shards and m parity shards of equal
/// length, any k of which rebuild all k + m. Create one with <see cref="ReedSolomon.Create(int, int)"/>.
/// </summary>
/// <remarks>
/// <para>Shards are indexed 0..k−1 (data) then k..k+m−1 (parity). All shards in one call have the
/// same length (any length ≥ 0); buffers belong to the caller and are only read or written during
/// the call. Methods taking memories allocate nothing in steady state: the first reconstruction of
/// an erasure pattern inverts a k×k matrix and caches the result (a bounded cache); later ones
/// reuse it.</para>
/// <para>Buffers written (parity, rebuilt shards) must not overlap each other or the buffers read.
/// Speed: the fastest kernel this CPU has is used (GFNI, AVX-512, AVX2, SSSE3/Arm64 or scalar);
/// outputs of 512 KiB and more that start on a vector boundary (64 bytes for AVX-512) are written
/// with non-temporal stores, which suits large shards that go to storage or the network next.</para>
/// <para>Instances are immutable apart from that cache and are safe to use from many threads at
/// once, as long as concurrent calls do not write the same buffers.</para>
/// </remarks>
public abstract class ReedSolomonCodec
{
    private protected ReedSolomonCodec(int dataShards, int parityShards)
    {
        DataShards = dataShards;
        ParityShards = parityShards;
    }

    /// <summary>Data shards per stripe (k).</summary>
    public int DataShards { get; }

    /// <summary>Parity shards per stripe (m): up to this many shards may be lost.</summary>
    public int ParityShards { get; }

    /// <summary>All shards per stripe (k + m).</summary>
    public int TotalShards => DataShards + ParityShards;

    /// <summary>Computes the m parity shards from the k data shards.</summary>
    /// <param name="data">Exactly k data shards, all the same length.</param>
    /// <param name="parity">Exactly m buffers of that length; overwritten with the parity.</param>
    /// <exception cref="ShardCountException">Not k data shards or not m parity buffers.</exception>
    /// <exception cref="ShardSizeException">The shards differ in length.</exception>
    public abstract void Encode(ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<Memory<byte>> parity);

    /// <summary>Computes parity in place: shards 0..k−1 are read, shards k..k+m−1 overwritten.</summary>
    /// <param name="shards">Exactly k + m arrays of the same length.</param>
    /// <exception cref="ShardCountException">Not k + m shards.</exception>
    /// <exception cref="ShardSizeException">The shards differ in length.</exception>
    public abstract void Encode(ReadOnlySpan<byte[]> shards);

    /// <summary>
    /// Whether the parity shards match the data shards. Allocates nothing in steady state (it
    /// recomputes parity in chunks into pooled scratch memory).
    /// </summary>
    /// <param name="shards">Exactly k + m shards of the same length, data first.</param>
    /// <exception cref="ShardCountException">Not k + m shards.</exception>
    /// <exception cref="ShardSizeException">The shards differ in length.</exception>
    public abstract bool Verify(ReadOnlySpan<ReadOnlyMemory<byte>> shards);

    /// <inheritdoc cref="Verify(ReadOnlySpan{ReadOnlyMemory{byte}})"/>
    public abstract bool Verify(ReadOnlySpan<byte[]> shards);

    /// <summary>
    /// Rebuilds every shard not in <paramref name="present"/> (data and parity) from k present ones.
    /// </summary>
    /// <param name="shards">
    /// Exactly k + m buffers of the same length: present shards hold their bytes, the others are the
    /// buffers the rebuilt shards are written to. When more than k are present, the first k (by
    /// index) are read.
    /// </param>
    /// <param name="present">The indices of the present shards.</param>
    /// <exception cref="ShardCountException">Not k + m shards.</exception>
    /// <exception cref="ShardSizeException">The buffers differ in length.</exception>
    /// <exception cref="TooFewShardsException">Fewer than k shards are present.</exception>
    /// <exception cref="ErasureCodingException"><paramref name="present"/> names an index ≥ k + m.</exception>
    public abstract void Reconstruct(ReadOnlySpan<Memory<byte>> shards, ShardMask present);

    /// <summary>
    /// Rebuilds the missing (null) shards, data and parity, allocating an array for each.
    /// Convenient; use the <see cref="Reconstruct(ReadOnlySpan{Memory{byte}}, ShardMask)"/>
    /// overload to avoid allocating.
    /// </summary>
    /// <param name="shards">Exactly k + m entries: present shards, and null for missing ones.</param>
    /// <exception cref="ShardCountException">Not k + m entries.</exception>
    /// <exception cref="ShardSizeException">The present shards differ in length.</exception>
    /// <exception cref="TooFewShardsException">Fewer than k entries are non-null.</exception>
    public abstract void Reconstruct(byte[]?[] shards);

    /// <summary>
    /// Rebuilds only the missing data shards (index &lt; k). Buffers of missing parity shards are
    /// neither read nor written and may be empty.
    /// </summary>
    /// <inheritdoc cref="Reconstruct(ReadOnlySpan{Memory{byte}}, ShardMask)"/>
    public abstract void ReconstructData(ReadOnlySpan<Memory<byte>> shards, ShardMask present);

    /// <summary>Rebuilds only the missing (null) data shards, allocating an array for each; missing parity stays null.</summary>
    /// <inheritdoc cref="Reconstruct(byte[][])"/>
    public abstract void ReconstructData(byte[]?[] shards);

    /// <summary>The shape, e.g. <c>RS(4+2)</c>.</summary>
    public override string ToString() => $"RS({DataShards}+{ParityShards})";
}
