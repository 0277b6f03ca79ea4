namespace Zhtp.Storage.Types;

/// <summary>Settings of the content pipeline (compression, encryption, limits).</summary>
public sealed record ContentConfig
{
    /// <summary>Compress content with LZ4 before encryption. Default true.</summary>
    public bool CompressionEnabled { get; init; } = true;

    /// <summary>Content smaller than this is stored uncompressed. Default 512 bytes.</summary>
    public int MinCompressionSize { get; init; } = 512;

    /// <summary>Encryption used when the caller does not say. Default <see cref="EncryptionLevel.Standard"/>.</summary>
    public EncryptionLevel DefaultEncryption { get; init; } = EncryptionLevel.Standard;

    /// <summary>Access level used when the caller does not say. Default <see cref="AccessLevel.Private"/>.</summary>
    public AccessLevel DefaultAccess { get; init; } = AccessLevel.Private;

    /// <summary>Largest content accepted, in bytes. Default 64 GiB.</summary>
    public long MaxContentSize { get; init; } = 64L << 30;

    /// <summary>Segments processed at once by the store and retrieve pipelines (bounds memory). Default 4.</summary>
    public int MaxSegmentsInFlight { get; init; } = 4;

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    public IReadOnlyList<string> Validate() => Validate(new ConfigErrors(nameof(ContentConfig))).Errors;

    /// <summary>Throws <see cref="ConfigurationException"/> listing every problem, if any.</summary>
    public void EnsureValid() => Validate(new ConfigErrors(nameof(ContentConfig))).ThrowIfAny(nameof(ContentConfig));

    internal ConfigErrors Validate(ConfigErrors errors)
    {
        errors.InRange(nameof(MinCompressionSize), MinCompressionSize, 0, int.MaxValue);
        if (!Enum.IsDefined(DefaultEncryption))
        {
            errors.Add(nameof(DefaultEncryption), $"unknown encryption level {(int)DefaultEncryption}");
        }

        if (!Enum.IsDefined(DefaultAccess))
        {
            errors.Add(nameof(DefaultAccess), $"unknown access level {(int)DefaultAccess}");
        }

        errors.InRange(nameof(MaxContentSize), MaxContentSize, 1, long.MaxValue);
        errors.InRange(nameof(MaxSegmentsInFlight), MaxSegmentsInFlight, 1, 1024);
        return errors;
    }
}
