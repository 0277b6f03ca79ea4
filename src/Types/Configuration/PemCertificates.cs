using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Zhtp.Storage.Types;

/// <summary>Loads the TLS server certificate of an HTTP front end (the node's API, the S3 gateway) from PEM files.</summary>
public static class PemCertificates
{
    /// <summary>
    /// Loads the certificate (and chain) in <paramref name="certificatePath"/> with its private key from
    /// <paramref name="keyPath"/>, or from the same file when that is null. On failure returns null and
    /// <paramref name="error"/> says which file and why, prefixed with <paramref name="optionName"/>: a configuration
    /// problem to report, not an exception.
    /// </summary>
    public static X509Certificate2? TryLoad(string certificatePath, string? keyPath, string optionName, out string? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        try
        {
            X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                error = $"{optionName}: {certificatePath} has no private key; give it in the same file or in the key option";
                return null;
            }

            error = null;
            return certificate;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = $"{optionName}: cannot load the certificate {certificatePath}{(keyPath is null ? "" : $" with the key {keyPath}")} ({e.Message}); both must be PEM files the node can read";
            return null;
        }
    }
}
