using System.Security.Cryptography;

namespace Zhtp.Storage.Types.Blake3;

/// <summary>
/// BLAKE3 (plain hash, 32-byte output) as a <see cref="HashAlgorithm"/>, for APIs that take one
/// (for example <see cref="CryptoStream"/>). Prefer <see cref="Hasher"/> in new code.
/// </summary>
public sealed class Blake3HashAlgorithm : HashAlgorithm
{
    private readonly Hasher _hasher = Hasher.New();

    /// <summary>Creates the algorithm; <see cref="HashAlgorithm.HashSize"/> is 256 bits.</summary>
    public Blake3HashAlgorithm() => HashSizeValue = Blake3.Hash.Size * 8;

    /// <inheritdoc />
    public override void Initialize() => _hasher.Reset();

    /// <inheritdoc />
    protected override void HashCore(byte[] array, int ibStart, int cbSize) => _hasher.Update(array.AsSpan(ibStart, cbSize));

    /// <inheritdoc />
    protected override void HashCore(ReadOnlySpan<byte> source) => _hasher.Update(source);

    /// <inheritdoc />
    protected override byte[] HashFinal()
    {
        byte[] result = new byte[Blake3.Hash.Size];
        _hasher.Finalize(result);
        _hasher.Reset();
        return result;
    }

    /// <inheritdoc />
    protected override bool TryHashFinal(Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < Blake3.Hash.Size)
        {
            bytesWritten = 0;
            return false;
        }

        _hasher.Finalize(destination[..Blake3.Hash.Size]);
        _hasher.Reset();
        bytesWritten = Blake3.Hash.Size;
        return true;
    }
}
