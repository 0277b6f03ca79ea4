using System.Security.Cryptography;
using Zhtp.Storage.S3.Http;

namespace Zhtp.Storage.S3.Auth;

/// <summary>
/// A read-only body stream that hashes what passes through and, at its end, checks the SHA-256 the client signed
/// (x-amz-content-sha256): a mismatch throws XAmzContentSHA256Mismatch from the last read, so the upload reading it
/// fails and nothing becomes visible.
/// </summary>
internal sealed class HashCheckingStream(Stream inner, string expectedHex) : ForwardReadStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _checked;

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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
