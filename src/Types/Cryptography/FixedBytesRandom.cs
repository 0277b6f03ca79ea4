using Org.BouncyCastle.Security;

namespace Zhtp.Storage.Types.Cryptography;

/// <summary>A BouncyCastle random source that hands out exactly the given bytes, then throws (deterministic test hooks only).</summary>
internal sealed class FixedBytesRandom(byte[] bytes) : SecureRandom
{
    private int _position;

    /// <summary>True when every byte was handed out.</summary>
    public bool Exhausted => _position == bytes.Length;

    public override void NextBytes(byte[] buf) => NextBytes(buf.AsSpan());

    public override void NextBytes(byte[] buf, int off, int len) => NextBytes(buf.AsSpan(off, len));

    public override void NextBytes(Span<byte> buffer)
    {
        if (buffer.Length > bytes.Length - _position)
        {
            throw new InvalidOperationException($"FixedBytesRandom: {buffer.Length} bytes requested, {bytes.Length - _position} left.");
        }

        bytes.AsSpan(_position, buffer.Length).CopyTo(buffer);
        _position += buffer.Length;
    }
}
