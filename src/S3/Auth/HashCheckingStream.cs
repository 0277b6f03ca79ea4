using System.Security.Cryptography;
using Zhtp.Storage.S3.Http;

namespace Zhtp.Storage.S3.Auth;

/// <summary>
/// A read-only body stream that hashes what passes through and, at its end, checks the SHA-256 the client signed
/// (x-amz-content-sha256): a mismatch throws XAmzContentSHA256Mismatch from the last read, so the upload reading it
/// fails and nothing becomes visible.
/// </summary>
internal sealed class HashCheckingStream(Stream inner, string expectedHex) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _checked;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            _hash.AppendData(buffer.Span[..read]);
        }
        else if (buffer.Length > 0 && !_checked)
        {
            _checked = true;
            string actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
            if (!string.Equals(actual, expectedHex, StringComparison.OrdinalIgnoreCase))
            {
                throw new S3Exception(400, "XAmzContentSHA256Mismatch", $"The provided 'x-amz-content-sha256' header does not match what was computed: the body hashes to {actual}.");
            }
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
