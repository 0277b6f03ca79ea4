using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// ML-KEM-768 (FIPS 203) behind one seam: the platform's <see cref="MLKem"/> where supported
/// (<see cref="UsesPlatform"/>), BouncyCastle otherwise; both read and write the same encodings.
/// </summary>
public static class MLKem768
{
    /// <summary>Bytes of an encapsulation (public) key.</summary>
    public const int EncapsulationKeySize = 1184;

    /// <summary>Bytes of a ciphertext.</summary>
    public const int CiphertextSize = 1088;

    /// <summary>Bytes of a shared secret.</summary>
    public const int SharedSecretSize = 32;

    /// <summary>Bytes of a private seed d || z.</summary>
    public const int SeedSize = 64;

    internal const int DecapsulationKeySize = 2400;
    private static readonly MLKemParameters Parameters = MLKemParameters.ml_kem_768;

    /// <summary>True when ML-KEM runs on the platform's <see cref="MLKem"/> here, false when on BouncyCastle.</summary>
    public static bool UsesPlatform => PostQuantumBackend.MLKemOnPlatform;

    /// <summary>A new random decapsulation key.</summary>
    public static IKemKey Generate() => UsesPlatform
        ? new PlatformMLKemKey(MLKem.GenerateKey(MLKemAlgorithm.MLKem768))
        : BouncyCastleMLKemKey.FromSeed(RandomNumberGenerator.GetBytes(SeedSize));

    /// <summary>The decapsulation key of the 64-byte seed d || z (FIPS 203 ML-KEM.KeyGen_internal(d, z)).</summary>
    /// <exception cref="CryptographicException">The seed is not 64 bytes.</exception>
    public static IKemKey ImportSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new CryptographicException($"An ML-KEM-768 seed is 64 bytes (d || z); got {seed.Length} bytes.");
        }

        return UsesPlatform
            ? new PlatformMLKemKey(MLKem.ImportPrivateSeed(MLKemAlgorithm.MLKem768, seed))
            : BouncyCastleMLKemKey.FromSeed(seed);
    }

    /// <summary>
    /// Encapsulates a fresh 32-byte <paramref name="sharedSecret"/> to <paramref name="encapsulationKey"/>,
    /// writing the 1088-byte <paramref name="ciphertext"/>. False, never an exception, when the key is
    /// malformed (wrong length, or coefficients out of range: FIPS 203's encapsulation-key check).
    /// ArgumentException when an output span is shorter than its size.
    /// </summary>
    public static bool TryEncapsulate(ReadOnlySpan<byte> encapsulationKey, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        CheckOutputs(ciphertext, sharedSecret);
        if (encapsulationKey.Length != EncapsulationKeySize)
        {
            return false;
        }

        if (UsesPlatform)
        {
            try
            {
                using MLKem key = MLKem.ImportEncapsulationKey(MLKemAlgorithm.MLKem768, encapsulationKey);
                key.Encapsulate(ciphertext[..CiphertextSize], sharedSecret[..SharedSecretSize]);
                return true;
            }
            catch (CryptographicException)
            {
                return false;
            }
        }

        return TryEncapsulateBouncyCastle(encapsulationKey, PostQuantumBackend.Random, ciphertext, sharedSecret);
    }

    /// <summary>Test hook: encapsulation with the given 32-byte randomness m (FIPS 203 ML-KEM.Encaps_internal), always on BouncyCastle.</summary>
    internal static bool TryEncapsulate(ReadOnlySpan<byte> encapsulationKey, ReadOnlySpan<byte> m, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        CheckOutputs(ciphertext, sharedSecret);
        return encapsulationKey.Length == EncapsulationKeySize
            && TryEncapsulateBouncyCastle(encapsulationKey, new FixedBytesRandom(m.ToArray()), ciphertext, sharedSecret);
    }

    /// <summary>Test hook: a key from the expanded 2400-byte decapsulation key (ACVP decapsulation vectors carry dk, not the seed). It cannot export a seed.</summary>
    internal static IKemKey ImportDecapsulationKey(ReadOnlySpan<byte> decapsulationKey)
    {
        if (decapsulationKey.Length != DecapsulationKeySize)
        {
            throw new CryptographicException($"An ML-KEM-768 decapsulation key is 2400 bytes; got {decapsulationKey.Length} bytes.");
        }

        return UsesPlatform
            ? new PlatformMLKemKey(MLKem.ImportDecapsulationKey(MLKemAlgorithm.MLKem768, decapsulationKey))
            : new BouncyCastleMLKemKey(MLKemPrivateKeyParameters.FromEncoding(Parameters, decapsulationKey.ToArray()), seed: null);
    }

    internal static void CheckLengths(ReadOnlySpan<byte> ciphertext, Span<byte> sharedSecret)
    {
        if (ciphertext.Length != CiphertextSize)
        {
            throw new ArgumentException($"An ML-KEM-768 ciphertext is {CiphertextSize} bytes; got {ciphertext.Length}.", nameof(ciphertext));
        }

        if (sharedSecret.Length < SharedSecretSize)
        {
            throw new ArgumentException($"The shared-secret buffer holds {sharedSecret.Length} bytes; it needs {SharedSecretSize}.", nameof(sharedSecret));
        }
    }

    private static bool TryEncapsulateBouncyCastle(ReadOnlySpan<byte> encapsulationKey, SecureRandom random, Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        MLKemPublicKeyParameters key;
        try
        {
            key = MLKemPublicKeyParameters.FromEncoding(Parameters, encapsulationKey.ToArray());
        }
        catch (ArgumentException)
        {
            return false;
        }

        var encapsulator = new MLKemEncapsulator(Parameters);
        encapsulator.Init(new ParametersWithRandom(key, random));
        encapsulator.Encapsulate(ciphertext[..CiphertextSize], sharedSecret[..SharedSecretSize]);
        return true;
    }

    private static void CheckOutputs(Span<byte> ciphertext, Span<byte> sharedSecret)
    {
        if (ciphertext.Length < CiphertextSize)
        {
            throw new ArgumentException($"The ciphertext buffer holds {ciphertext.Length} bytes; it needs {CiphertextSize}.", nameof(ciphertext));
        }

        if (sharedSecret.Length < SharedSecretSize)
        {
            throw new ArgumentException($"The shared-secret buffer holds {sharedSecret.Length} bytes; it needs {SharedSecretSize}.", nameof(sharedSecret));
        }
    }
}
