namespace Zhtp.Storage.Types;

/// <summary>Reed-Solomon settings: data and parity shards per segment, and the shard size.</summary>
public sealed record ErasureConfig
{
    /// <summary>Data shards per segment (k). Default 4.</summary>
    public int DataShards { get; init; } = 4;

    /// <summary>Parity shards per segment (m): this many shards may be lost. Default 2.</summary>
    public int ParityShards { get; init; } = 2;

    /// <summary>Bytes per shard; a segment holds DataShards × ShardSize bytes of content. Default 256 KiB.</summary>
    public int ShardSize { get; init; } = 256 * 1024;

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate() => Validate(new ConfigErrors(nameof(ErasureConfig))).Errors;

    /// <summary>Throws <see cref="ConfigurationException"/> listing every problem, if any.</summary>
    public void EnsureValid() => Validate(new ConfigErrors(nameof(ErasureConfig))).ThrowIfAny(nameof(ErasureConfig));

    internal ConfigErrors Validate(ConfigErrors errors)
    {
        errors.InRange(nameof(DataShards), DataShards, 1, 255);
        errors.InRange(nameof(ParityShards), ParityShards, 1, 255);
        if (DataShards + ParityShards > 256)
        {
            errors.Add(nameof(ParityShards), $"DataShards + ParityShards must be at most 256 (GF(2^8)), was {DataShards + ParityShards}");
        }

        errors.InRange(nameof(ShardSize), ShardSize, 1, 64 * 1024 * 1024);
        return errors;
    }
}
