namespace Zhtp.Storage.Economic;

/// <summary>Checks signatures made by an <see cref="IEconomicSigner"/> of the same scheme.</summary>
public interface ISignatureVerifier
{
    /// <summary>True when <paramref name="signature"/> over <paramref name="message"/> verifies with <paramref name="publicKey"/>; false for any bad or malformed input (never throws on bad bytes).</summary>
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
