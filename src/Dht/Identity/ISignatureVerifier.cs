namespace Zhtp.Storage.Dht;

/// <summary>
/// Checks signatures of one algorithm against a public key given with each call. The DHT checks
/// message and record signatures with it; the economic layer checks quotes, contracts,
/// transitions and audit answers with the same seam.
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface ISignatureVerifier
{
    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="data"/> by <paramref name="publicKey"/>; false for any malformed input (never throws on bad bytes).</summary>
    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}
