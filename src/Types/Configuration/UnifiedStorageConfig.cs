namespace Zhtp.Storage.Types;

/// <summary>Settings of a whole storage node: every layer's configuration plus where state lives.</summary>
public sealed record UnifiedStorageConfig
{
    /// <summary>Directory that holds identity, records, shards, contracts and ledger; null = in memory (tests, embedding).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>DHT settings.</summary>
    public DhtConfig Dht { get; init; } = new();

    /// <summary>Storage market settings.</summary>
    public EconomicConfig Economic { get; init; } = new();

    /// <summary>Content pipeline settings.</summary>
    public ContentConfig Content { get; init; } = new();

    /// <summary>Erasure coding settings.</summary>
    public ErasureConfig Erasure { get; init; } = new();

    /// <summary>Returns every problem with these settings and the nested ones (empty when valid).</summary>
    public IReadOnlyList<string> Validate() => Validate(new ConfigErrors(nameof(UnifiedStorageConfig))).Errors;

    /// <summary>Throws <see cref="ConfigurationException"/> listing every problem in every layer, if any.</summary>
    public void EnsureValid() => Validate(new ConfigErrors(nameof(UnifiedStorageConfig))).ThrowIfAny(nameof(UnifiedStorageConfig));

    internal ConfigErrors Validate(ConfigErrors errors)
    {
        if (DataDirectory is { Length: 0 })
        {
            errors.Add(nameof(DataDirectory), "must be null (in memory) or a directory path, was an empty string");
        }

        if (Dht is null)
        {
            errors.Add(nameof(Dht), "is required");
        }
        else
        {
            Dht.Validate(errors.Nested(nameof(Dht)));
        }

        if (Economic is null)
        {
            errors.Add(nameof(Economic), "is required");
        }
        else
        {
            Economic.Validate(errors.Nested(nameof(Economic)));
        }

        if (Content is null)
        {
            errors.Add(nameof(Content), "is required");
        }
        else
        {
            Content.Validate(errors.Nested(nameof(Content)));
        }

        if (Erasure is null)
        {
            errors.Add(nameof(Erasure), "is required");
        }
        else
        {
            Erasure.Validate(errors.Nested(nameof(Erasure)));
        }

        return errors;
    }
}
