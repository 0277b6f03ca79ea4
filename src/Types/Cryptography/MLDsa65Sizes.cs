namespace Zhtp.Storage.Types.Cryptography;

/// <summary>ML-DSA-65 sizes (FIPS 204, table 2).</summary>
internal static class MLDsa65Sizes
{
    public const int PublicKeyBytes = 1952;
    public const int SignatureBytes = 3309;
    public const int SeedBytes = 32;
}
