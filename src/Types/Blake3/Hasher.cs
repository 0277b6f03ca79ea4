using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>
/// BLAKE3: hash, keyed hash and key derivation with extendable output, one shot or incremental.
/// Same public shape as the <c>Blake3</c> NuGet package (<c>Hasher.New()</c>, <c>Update</c>,
/// <c>Finalize</c>). The static one-shot methods allocate nothing; an incremental hasher allocates
/// its state once, and <see cref="Reset"/> reuses it. Copies of a <see cref="Hasher"/> share one
/// state. Not thread-safe: use one hasher per thread.
/// </summary>
public readonly struct Hasher : IDisposable, IEquatable<Hasher>
{
    private readonly HasherState? _state;

    private Hasher(HasherState state) => _state = state;

    /// <summary>A hasher for the plain hash.</summary>
    public static Hasher New() => new(new HasherState(Blake3Constants.IV, 0));

    /// <summary>A hasher for the keyed hash (a MAC / PRF) under a 32-byte key.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not exactly 32 bytes.</exception>
    public static Hasher NewKeyed(ReadOnlySpan<byte> key) => new(new HasherState(KeyWords(key), Blake3Constants.KeyedHash));

    /// <summary>A hasher that derives a key from the key material given to <see cref="Update(ReadOnlySpan{byte})"/>.</summary>
    /// <param name="context">A hard-coded, globally unique, application-specific context string.</param>
    public static Hasher NewDeriveKey(string context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return NewDeriveKey(Encoding.UTF8.GetBytes(context));
    }

    /// <summary>A hasher that derives a key; the context is given as UTF-8 bytes.</summary>
    public static Hasher NewDeriveKey(ReadOnlySpan<byte> contextUtf8) =>
        new(new HasherState(ContextKey(contextUtf8), Blake3Constants.DeriveKeyMaterial));

    /// <summary>The hash of <paramref name="input"/>; allocation-free.</summary>
    public static Hash Hash(ReadOnlySpan<byte> input)
    {
        Blake3.Hash hash = default;
        Hash(input, MemoryMarshal.AsBytes(new Span<Blake3.Hash>(ref hash)));
        return hash;
    }

    /// <summary>Writes <c>output.Length</c> bytes of the hash of <paramref name="input"/> (any length, extendable output).</summary>
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> output)
    {
        Blake3Path path = Blake3Simd.Current;
        Blake3Tree.HashAll(path, input, Blake3Constants.IV, 0).RootBytes(path, 0, output);
    }

    /// <summary>
    /// Derives <c>output.Length</c> bytes of key from <paramref name="keyMaterial"/> under
    /// <paramref name="context"/> (the derive-key mode); allocation-free for contexts of up to 256 UTF-8 bytes.
    /// </summary>
    [SkipLocalsInit]
    public static void DeriveKey(string context, ReadOnlySpan<byte> keyMaterial, Span<byte> output)
    {
        ArgumentNullException.ThrowIfNull(context);
        int length = Encoding.UTF8.GetByteCount(context);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[256] : new byte[length];
        Encoding.UTF8.GetBytes(context, utf8);
        Blake3Path path = Blake3Simd.Current;
        Blake3Tree.HashAll(path, keyMaterial, ContextKey(utf8[..length]), Blake3Constants.DeriveKeyMaterial).RootBytes(path, 0, output);
    }

    /// <summary>Absorbs more input; any split of the input into pieces gives the same result.</summary>
    /// <exception cref="InvalidOperationException">The hasher is <c>default</c> (not created by a factory).</exception>
    public void Update(ReadOnlySpan<byte> data) => State.Update(Blake3Simd.Current, data);

    /// <summary>Absorbs the bytes of <paramref name="data"/> in memory order.</summary>
    public void Update<T>(ReadOnlySpan<T> data)
        where T : unmanaged => Update(MemoryMarshal.AsBytes(data));

    /// <summary>The 32-byte hash of everything absorbed so far; the hasher can keep absorbing.</summary>
    public Hash Finalize()
    {
        Blake3.Hash hash = default;
        Finalize(MemoryMarshal.AsBytes(new Span<Blake3.Hash>(ref hash)));
        return hash;
    }

    /// <summary>Writes the first <c>output.Length</c> bytes of the extendable output.</summary>
    public void Finalize(Span<byte> output) => FinalizeXof(0, output);

    /// <summary>Writes extendable output bytes <c>[offset, offset + output.Length)</c>.</summary>
    public void FinalizeXof(ulong offset, Span<byte> output)
    {
        Blake3Path path = Blake3Simd.Current;
        State.FinalOutput(path).RootBytes(path, offset, output);
    }

    /// <summary>Forgets all input, keeping the key and mode, and reuses the state without allocating.</summary>
    public void Reset() => State.Reset();

    /// <summary>Nothing to release (the state is managed); present for the shape of the <c>Blake3</c> package.</summary>
    public void Dispose()
    {
    }

    /// <summary>Whether both values refer to the same hasher state.</summary>
    public bool Equals(Hasher other) => ReferenceEquals(_state, other._state);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Hasher other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _state is null ? 0 : RuntimeHelpers.GetHashCode(_state);

    /// <summary>Whether both values refer to the same hasher state.</summary>
    public static bool operator ==(Hasher left, Hasher right) => left.Equals(right);

    /// <summary>Whether the values refer to different hasher states.</summary>
    public static bool operator !=(Hasher left, Hasher right) => !left.Equals(right);

    private HasherState State
    {
        get
        {
            HasherState? state = _state;
            if (state is null)
            {
                Blake3ThrowHelper.ThrowUninitialized();
            }

            return state;
        }
    }

    private static CvWords KeyWords(ReadOnlySpan<byte> key)
    {
        if (key.Length != Blake3Constants.KeyLen)
        {
            Blake3ThrowHelper.ThrowKeyLength(key.Length, nameof(key));
        }

        return Blake3Output.ReadWords(key);
    }

    [SkipLocalsInit]
    private static CvWords ContextKey(ReadOnlySpan<byte> contextUtf8)
    {
        Span<byte> key = stackalloc byte[Blake3Constants.KeyLen];
        Blake3Path path = Blake3Simd.Current;
        Blake3Tree.HashAll(path, contextUtf8, Blake3Constants.IV, Blake3Constants.DeriveKeyContext).RootBytes(path, 0, key);
        return Blake3Output.ReadWords(key);
    }
}
