using System.Text;
using Blake3;

namespace Zhtp.Storage.Types;

// Implementation notes
// BLAKE3 itself comes from the Blake3 package (fully managed, SIMD); this is the one place where
// its Hash meets our 256-bit types, so call sites never write new X(Hasher.Hash(..).AsSpan()).
// Both types hold the 32 bytes in the same order (the digest's byte 0 is Hash256's most
// significant byte), so conversion is a copy.

/// <summary>BLAKE3 producing <see cref="Hash256"/> values, and conversions from the <c>Blake3</c> package's <see cref="Blake3.Hash"/>.</summary>
/// <remarks>All methods are thread-safe. <see cref="Compute(ReadOnlySpan{byte})"/> allocates nothing; the keyed and derive-key forms allocate one package <see cref="Hasher"/> per call.</remarks>
public static class Blake3Hashing
{
    /// <summary>The BLAKE3 hash of <paramref name="data"/>.</summary>
    public static Hash256 Compute(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        Hasher.Hash(data, digest);
        return new Hash256(digest);
    }

    /// <summary>The BLAKE3 hash of the concatenation <paramref name="first"/> || <paramref name="second"/>, without copying them together.</summary>
    public static Hash256 Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        using Hasher hasher = Hasher.New();
        hasher.Update(first);
        hasher.Update(second);
        return hasher.Finalize().ToHash256();
    }

    /// <summary>The BLAKE3 keyed hash (a MAC / PRF) of <paramref name="data"/> under a 32-byte key, written to the first 32 bytes of <paramref name="mac"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 bytes, or <paramref name="mac"/> is shorter than 32 bytes.</exception>
    public static void KeyedHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        if (mac.Length < Hash256.Size)
        {
            throw new ArgumentException($"A BLAKE3 MAC needs a 32-byte destination; got {mac.Length} bytes.", nameof(mac));
        }

        using Hasher hasher = Hasher.NewKeyed(key);
        hasher.Update(data);
        hasher.Finalize(mac[..Hash256.Size]);
    }

    /// <summary>
    /// The BLAKE3 keyed hash of the concatenation <paramref name="first"/> || <paramref name="second"/> under a 32-byte
    /// key (incremental: the spans are not copied together), written to the first 32 bytes of <paramref name="mac"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 bytes, or <paramref name="mac"/> is shorter than 32 bytes.</exception>
    public static void KeyedHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> mac)
    {
        if (mac.Length < Hash256.Size)
        {
            throw new ArgumentException($"A BLAKE3 MAC needs a 32-byte destination; got {mac.Length} bytes.", nameof(mac));
        }

        using Hasher hasher = Hasher.NewKeyed(key);
        hasher.Update(first);
        hasher.Update(second);
        hasher.Finalize(mac[..Hash256.Size]);
    }

    /// <summary>Derives <c>output.Length</c> bytes of key from <paramref name="keyMaterial"/> under <paramref name="context"/> (BLAKE3 derive-key mode).</summary>
    /// <param name="context">A hard-coded, globally unique, application-specific context string.</param>
    /// <param name="keyMaterial">The secret input; not retained.</param>
    /// <param name="output">Receives the derived key; any length (extendable output).</param>
    public static void DeriveKey(string context, ReadOnlySpan<byte> keyMaterial, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(context);
        using Hasher hasher = Hasher.NewDeriveKey(Encoding.UTF8.GetBytes(context));
        hasher.Update(keyMaterial);
        hasher.Finalize(output);
    }

    /// <summary>The same 32 bytes as a <see cref="Hash256"/>.</summary>
    public static Hash256 ToHash256(this Blake3.Hash hash) => new(hash.AsSpan());
}
