using System.Security.Cryptography;

namespace Zhtp.Storage.S3.Http;

/// <summary>
/// The body of a PUT as the content layer reads it: counts the bytes and computes their MD5 (the ETag), and at the end
/// checks the length the client announced (Content-Length or x-amz-decoded-content-length: IncompleteBody) and the
/// Content-MD5 it sent (BadDigest). A failed check throws from the last read, so the upload fails and no key appears.
/// </summary>
internal sealed class ObjectBodyStream(Stream inner, long? expectedLength, string? contentMd5) : ForwardReadStream
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private byte[]? _digest;

    /// <summary>Bytes read so far.</summary>
    public long Count { get; private set; }

    /// <summary>The MD5 of the whole body, once it was read to its end.</summary>
    public byte[] Digest => _digest ?? throw new InvalidOperationException("The body was not read to its end.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_digest is not null || buffer.Length == 0)
        {
            return 0;
        }

        int total = 0;

        // Fill the caller's buffer as far as the body allows: the content layer reads whole segments.
        while (total < buffer.Length)
        {
            int read = await inner.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                Finish();
                break;
            }

            _md5.AppendData(buffer.Span.Slice(total, read));
            total += read;
            Count += read;
            if (expectedLength is { } limit && Count > limit)
            {
                throw S3Exception.IncompleteBody($"The body is longer than the {limit:N0} bytes the request announced.");
            }
        }

        return total;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _md5.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Finish()
    {
        _digest = _md5.GetHashAndReset();
        if (expectedLength is { } expected && Count != expected)
        {
            throw S3Exception.IncompleteBody($"You did not provide the number of bytes specified by the Content-Length HTTP header: {Count:N0} of {expected:N0} arrived.");
        }

        if (contentMd5 is not null && contentMd5 != Convert.ToBase64String(_digest))
        {
            throw new S3Exception(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
        }
    }
}
