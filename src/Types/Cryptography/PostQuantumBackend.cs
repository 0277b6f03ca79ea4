using System.Security.Cryptography;
using Org.BouncyCastle.Security;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// Chooses the backend of the post-quantum algorithms: the platform's <see cref="MLKem"/> /
/// <see cref="MLDsa"/> where <c>IsSupported</c> (OpenSSL 3.5 or later, Windows with CNG PQC),
/// BouncyCastle otherwise. SLH-DSA always runs on BouncyCastle (it signs identity documents only).
/// </summary>
internal static class PostQuantumBackend
{
    /// <summary>Test hook: false forces BouncyCastle even where the platform supports the algorithm.</summary>
    internal static bool PreferPlatform { get; set; } = true;

    /// <summary>One shared BouncyCastle random source (thread-safe) for hedged signing and key generation.</summary>
    internal static SecureRandom Random { get; } = new();

    public static bool MLKemOnPlatform => PreferPlatform && MLKem.IsSupported;

    public static bool MLDsaOnPlatform => PreferPlatform && MLDsa.IsSupported;
}
