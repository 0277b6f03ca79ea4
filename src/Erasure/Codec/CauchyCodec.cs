using System.Buffers;
using System.Runtime.CompilerServices;
using Zhtp.Storage.Erasure.Galois;
using Zhtp.Storage.Erasure.Kernels;

namespace Zhtp.Storage.Erasure.Codec;

/// <summary>
/// RS(k, m) with the systematic Cauchy generator of <see cref="GaloisMatrix.SystematicCauchy"/>:
/// validation, pinning and decode plans around <see cref="GaloisKernels.DotProduct"/>.
/// </summary>
internal sealed unsafe class CauchyCodec : ReedSolomonCodec
{
    /// <summary>Decode plans kept per codec (erasure patterns); 4+2 has 22 patterns with ≥ 4 present shards.</summary>
    internal const int PlanCacheCapacity = 64;

    private const int VerifyChunkBytes = 16 * 1024;

    private readonly byte[] _parityRows;
    private readonly byte* _parityRowsAddress;

    /// <summary>Builds the generator matrix and the encode coefficients.</summary>
    public CauchyCodec(int dataShards, int parityShards)
        : base(dataShards, parityShards)
    {
        Encoding = GaloisMatrix.SystematicCauchy(dataShards, parityShards);
        _parityRows = GC.AllocateArray<byte>(parityShards * dataShards, pinned: true);
        for (int p = 0; p < parityShards; p++)
        {
            Encoding.Row(dataShards + p).CopyTo(_parityRows.AsSpan(p * dataShards, dataShards));
        }

        _parityRowsAddress = (byte*)Unsafe.AsPointer(ref _parityRows[0]);
        Plans = new DecodePlanCache(Encoding, PlanCacheCapacity);
    }

    /// <summary>The (k + m) × k generator matrix.</summary>
    internal GaloisMatrix Encoding { get; }

    /// <summary>The decode plans built so far.</summary>
    internal DecodePlanCache Plans { get; }

    /// <inheritdoc />
    public override void Encode(ReadOnlySpan<ReadOnlyMemory<byte>> data, ReadOnlySpan<Memory<byte>> parity)
    {
        if (data.Length != DataShards)
        {
            ThrowHelper.ShardCount("data shards", DataShards, data.Length);
        }

        if (parity.Length != ParityShards)
        {
            ThrowHelper.ShardCount("parity buffers", ParityShards, parity.Length);
        }

        var dataList = ShardList.Of(data);
        var parityList = ShardList.Of(parity);
        int length = dataList.LengthOf(0);
        CheckLengths(dataList, 0, length);
        CheckLengths(parityList, DataShards, length);
        EncodeCore(dataList, parityList, length);
    }

    /// <inheritdoc />
    public override void Encode(ReadOnlySpan<byte[]> shards)
    {
        var list = CheckAll(ShardList.Of(shards), nameof(Encode));
        EncodeCore(list, default, list.LengthOf(0));
    }

    /// <inheritdoc />
    public override bool Verify(ReadOnlySpan<ReadOnlyMemory<byte>> shards) => VerifyCore(CheckAll(ShardList.Of(shards), nameof(Verify)));

    /// <inheritdoc />
    public override bool Verify(ReadOnlySpan<byte[]> shards) => VerifyCore(CheckAll(ShardList.Of(shards), nameof(Verify)));

    /// <inheritdoc />
    public override void Reconstruct(ReadOnlySpan<Memory<byte>> shards, ShardMask present) =>
        ReconstructCore(ShardList.Of(shards), present, dataOnly: false);

    /// <inheritdoc />
    public override void ReconstructData(ReadOnlySpan<Memory<byte>> shards, ShardMask present) =>
        ReconstructCore(ShardList.Of(shards), present, dataOnly: true);

    /// <inheritdoc />
    public override void Reconstruct(byte[]?[] shards) => ReconstructArrays(shards, dataOnly: false);

    /// <inheritdoc />
    public override void ReconstructData(byte[]?[] shards) => ReconstructArrays(shards, dataOnly: true);

    private void EncodeCore(ShardList data, ShardList parity, int length)
    {
        if (length == 0)
        {
            return;
        }

        var work = new EncodeWork(_parityRowsAddress, DataShards, ParityShards, length);
        ShardPinner.Run(data, parity, ref work);
    }

    private bool VerifyCore(ShardList shards)
    {
        int length = shards.LengthOf(0);
        if (length == 0)
        {
            return true;
        }

        int chunk = Math.Min(length, VerifyChunkBytes);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(chunk * ParityShards);
        try
        {
            var work = new VerifyWork(_parityRowsAddress, DataShards, ParityShards, length, chunk, scratch);
            ShardPinner.Run(shards, default, ref work);
            return work.Matches;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private void ReconstructArrays(byte[]?[] shards, bool dataOnly)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Length != TotalShards)
        {
            ThrowHelper.ShardCount("shards", TotalShards, shards.Length);
        }

        var present = ShardMask.FromNonNull(shards);
        int length = CheckPresent(ShardList.Of(shards), present);
        int rebuilt = dataOnly ? DataShards : TotalShards;
        for (int i = 0; i < rebuilt; i++)
        {
            shards[i] ??= new byte[length];
        }

        ReconstructCore(ShardList.Of(shards), present, dataOnly);
    }

    private void ReconstructCore(ShardList shards, ShardMask present, bool dataOnly)
    {
        if (shards.Count != TotalShards)
        {
            ThrowHelper.ShardCount("shards", TotalShards, shards.Count);
        }

        int length = CheckPresent(shards, present);
        int rebuilt = dataOnly ? DataShards : TotalShards;
        for (int i = 0; i < rebuilt; i++)
        {
            if (!present.Contains(i) && shards.LengthOf(i) != length)
            {
                ThrowHelper.ShardSize(i, length, shards.LengthOf(i));
            }
        }

        if (length == 0 || present.Count == TotalShards)
        {
            return;
        }

        DecodePlan plan = Plans.Get(present);
        int outputs = dataOnly ? plan.MissingData : plan.Outputs.Length;
        if (outputs == 0)
        {
            return;
        }

        fixed (byte* coefficients = plan.Coefficients)
        fixed (int* inputIndices = plan.Inputs)
        fixed (int* outputIndices = plan.Outputs)
        {
            var work = new ReconstructWork(coefficients, inputIndices, DataShards, outputIndices, outputs, length);
            ShardPinner.Run(shards, default, ref work);
        }
    }

    /// <summary>Checks the present set against the shard list; returns the common length of the present shards.</summary>
    private int CheckPresent(ShardList shards, ShardMask present)
    {
        if (present.AnyAtOrAbove(TotalShards))
        {
            ThrowHelper.PresentOutOfRange(present, TotalShards);
        }

        int count = present.Count;
        if (count < DataShards)
        {
            ThrowHelper.TooFewShards(count, DataShards);
        }

        int length = -1;
        for (int i = 0; i < TotalShards; i++)
        {
            if (!present.Contains(i))
            {
                continue;
            }

            if (shards.IsNull(i))
            {
                ThrowHelper.NullShard(i, "a present shard");
            }

            int shardLength = shards.LengthOf(i);
            if (length < 0)
            {
                length = shardLength;
            }
            else if (shardLength != length)
            {
                ThrowHelper.ShardSize(i, length, shardLength);
            }
        }

        return length;
    }

    private ShardList CheckAll(ShardList shards, string operation)
    {
        if (shards.Count != TotalShards)
        {
            ThrowHelper.ShardCount("shards", TotalShards, shards.Count);
        }

        CheckLengths(shards, 0, shards.LengthOf(0), operation);
        return shards;
    }

    private static void CheckLengths(ShardList shards, int firstIndex, int length, string operation = nameof(Encode))
    {
        for (int i = 0; i < shards.Count; i++)
        {
            if (shards.IsNull(i))
            {
                ThrowHelper.NullShard(firstIndex + i, operation);
            }

            if (shards.LengthOf(i) != length)
            {
                ThrowHelper.ShardSize(firstIndex + i, length, shards.LengthOf(i));
            }
        }
    }

    private readonly struct EncodeWork(byte* coefficients, int dataShards, int parityShards, int length) : IPinnedWork
    {
        public void Run(byte** shards) =>
            GaloisKernels.DotProduct(shards, dataShards, shards + dataShards, parityShards, coefficients, length, accumulate: false);
    }

    private struct VerifyWork(byte* coefficients, int dataShards, int parityShards, int length, int chunk, byte[] scratch) : IPinnedWork
    {
        public bool Matches { get; private set; }

        public void Run(byte** shards)
        {
            byte** inputs = stackalloc byte*[dataShards];
            byte** outputs = stackalloc byte*[parityShards];
            fixed (byte* buffer = scratch)
            {
                for (int p = 0; p < parityShards; p++)
                {
                    outputs[p] = buffer + (p * chunk);
                }

                for (int offset = 0; offset < length; offset += chunk)
                {
                    int size = Math.Min(chunk, length - offset);
                    for (int i = 0; i < dataShards; i++)
                    {
                        inputs[i] = shards[i] + offset;
                    }

                    GaloisKernels.DotProduct(inputs, dataShards, outputs, parityShards, coefficients, size, accumulate: false);
                    for (int p = 0; p < parityShards; p++)
                    {
                        if (!new ReadOnlySpan<byte>(outputs[p], size).SequenceEqual(new ReadOnlySpan<byte>(shards[dataShards + p] + offset, size)))
                        {
                            Matches = false;
                            return;
                        }
                    }
                }
            }

            Matches = true;
        }
    }

    private readonly struct ReconstructWork(byte* coefficients, int* inputIndices, int dataShards, int* outputIndices, int outputCount, int length) : IPinnedWork
    {
        public void Run(byte** shards)
        {
            byte** inputs = stackalloc byte*[dataShards];
            byte** outputs = stackalloc byte*[outputCount];
            for (int i = 0; i < dataShards; i++)
            {
                inputs[i] = shards[inputIndices[i]];
            }

            for (int o = 0; o < outputCount; o++)
            {
                outputs[o] = shards[outputIndices[o]];
            }

            GaloisKernels.DotProduct(inputs, dataShards, outputs, outputCount, coefficients, length, accumulate: false);
        }
    }
}
