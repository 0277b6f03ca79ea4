using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content;

/// <summary>How to store one upload.</summary>
public sealed record ContentUploadOptions
{
    /// <summary>
    /// The owner's name for the content; with the owner key it derives the <see cref="ContentId"/>
    /// (1–200 characters). Null: a random name, so each upload is new content.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>What describes it.</summary>
    public ContentMetadata Metadata { get; init; } = new();

    /// <summary>
    /// Encryption level; null uses <see cref="ContentConfig.DefaultEncryption"/>. HighSecurity also seals the filename,
    /// content type, tags and description; QuantumResistant adds hybrid key wrapping and ML-DSA-65 signatures and needs a
    /// Hybrid <see cref="ContentManagerOptions.Identity"/> (docs/security.md, "Encryption levels"). Public content is None or Standard.
    /// </summary>
    public EncryptionLevel? Encryption { get; init; }

    /// <summary>Reports progress once per segment, or null.</summary>
    public IProgress<ContentProgress>? Progress { get; init; }
}
