using Zhtp.Storage.Erasure.Codec;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Erasure;

/// <summary>Creates Reed-Solomon codecs.</summary>
public static class ReedSolomon
{
    /// <summary>The default data shard count (4).</summary>
    public const int DefaultDataShards = 4;

    /// <summary>The default parity shard count (2).</summary>
    public const int DefaultParityShards = 2;

    /// <summary>
    /// Creates a systematic RS(<paramref name="dataShards"/>, <paramref name="parityShards"/>) codec
    /// with a Cauchy generator matrix. Building it costs O((k + m)·k) field operations and a few
    /// small allocations; keep and share the instance (it is thread-safe).
    /// </summary>
    /// <exception cref="CodecShapeException">k &lt; 1, m &lt; 1 or k + m &gt; 256.</exception>
    public static ReedSolomonCodec Create(int dataShards = DefaultDataShards, int parityShards = DefaultParityShards)
    {
        if (dataShards < 1 || parityShards < 1 || (long)dataShards + parityShards > ShardMask.Capacity)
        {
            throw new CodecShapeException(dataShards, parityShards);
        }

        return new CauchyCodec(dataShards, parityShards);
    }

    /// <summary>Creates the codec for <see cref="ErasureConfig.DataShards"/> + <see cref="ErasureConfig.ParityShards"/>.</summary>
    /// <exception cref="CodecShapeException">The shape is out of range.</exception>
    public static ReedSolomonCodec Create(ErasureConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Create(config.DataShards, config.ParityShards);
    }
}
