namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

/// <summary>Creates DKG sessions (docs/bls.md, "Threshold keys").</summary>
public static class DistributedKeyGeneration
{
    /// <summary>A new session for one member.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent (<see cref="DkgOptions.EnsureValid"/>).</exception>
    public static IDkgSession Create(DkgOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        return new DkgSession(options);
    }
}
