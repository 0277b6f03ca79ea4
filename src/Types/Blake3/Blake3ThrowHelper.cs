using System.Diagnostics.CodeAnalysis;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>Keeps throw sites out of the hashing methods.</summary>
internal static class Blake3ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowKeyLength(int length, string paramName) =>
        throw new ArgumentException($"A BLAKE3 key must be exactly {Blake3Constants.KeyLen} bytes; got {length} bytes.", paramName);

    [DoesNotReturn]
    public static void ThrowHashLength(int length, string paramName) =>
        throw new ArgumentException($"A BLAKE3 hash is exactly {Hash.Size} bytes; got {length} bytes.", paramName);

    [DoesNotReturn]
    public static void ThrowUninitialized() =>
        throw new InvalidOperationException("This Hasher is default-initialized; create it with Hasher.New(), Hasher.NewKeyed(key) or Hasher.NewDeriveKey(context).");

    [DoesNotReturn]
    public static void ThrowPathNotSupported(Blake3Path path) =>
        throw new PlatformNotSupportedException($"The BLAKE3 {path} path needs instructions this CPU does not have; check Blake3Simd.IsSupported first.");
}
