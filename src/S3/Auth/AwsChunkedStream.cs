using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Zhtp.Storage.S3.Http;

namespace Zhtp.Storage.S3.Auth;

/// <summary>
/// Decodes an aws-chunked body (<c>hex-size[;chunk-signature=SIG]\r\nDATA\r\n ... 0[;chunk-signature=SIG]\r\n[trailers]\r\n</c>)
/// into the object's bytes. In the signed forms every chunk's signature is checked against the chain seeded by the
/// request's signature, and the trailer's signature too; the trailing checksum (x-amz-checksum-*) is checked against
/// the decoded bytes; the decoded length against x-amz-decoded-content-length. A failure throws an
/// <see cref="S3Exception"/> from the read that found it, so the upload reading this stream fails and nothing becomes
/// visible (data of a chunk is handed out before its signature is checked at the chunk's end).
/// </summary>
internal sealed class AwsChunkedStream : ForwardReadStream
{
    private const int MaxLine = 4096;
    private readonly PipeReader _reader;
    private readonly byte[]? _signingKey;
    private readonly string _amzDate;
    private readonly string _scope;
    private readonly long? _decodedLength;
    private readonly PayloadChecksum? _checksum;
    private readonly IncrementalHash? _chunkHash;
    private string _previousSignature;
    private string? _chunkSignature;
    private long _remaining;
    private long _decoded;
    private bool _done;
    private readonly bool _trailer;

    /// <param name="reader">The raw request body.</param>
    /// <param name="signingKey">The request's signing key for the signed forms; null for STREAMING-UNSIGNED-PAYLOAD-TRAILER.</param>
    /// <param name="seedSignature">The request's own signature (the first "previous signature").</param>
    /// <param name="amzDate">The request's x-amz-date.</param>
    /// <param name="scope">The credential scope (date/region/s3/aws4_request).</param>
    /// <param name="decodedLength">x-amz-decoded-content-length, when sent.</param>
    /// <param name="trailer">True for the -TRAILER forms (trailing headers after the final chunk).</param>
    /// <param name="trailerHeader">The x-amz-trailer header (the checksum header the trailer carries), or null.</param>
    public AwsChunkedStream(PipeReader reader, byte[]? signingKey, string seedSignature, string amzDate, string scope, long? decodedLength, string? trailerHeader, bool trailer)
    {
        _reader = reader;
        _signingKey = signingKey;
        _previousSignature = seedSignature;
        _amzDate = amzDate;
        _scope = scope;
        _decodedLength = decodedLength;
        _trailer = trailer;
        _checksum = trailerHeader is null ? null : PayloadChecksum.For(trailerHeader.Trim());
        _chunkHash = signingKey is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (!_done && _remaining == 0)
        {
            await StartChunkAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_done)
        {
            return 0;
        }

        ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        ReadOnlySequence<byte> available = result.Buffer;
        if (available.IsEmpty && result.IsCompleted)
        {
            _reader.AdvanceTo(available.End);
            throw S3Exception.IncompleteBody($"The body ended inside a chunk ({_remaining:N0} bytes of it missing).");
        }

        int take = (int)Math.Min(Math.Min(_remaining, available.Length), buffer.Length);
        ReadOnlySequence<byte> slice = available.Slice(0, take);
        slice.CopyTo(buffer.Span);
        _reader.AdvanceTo(slice.End);
        ReadOnlySpan<byte> data = buffer.Span[..take];
        _chunkHash?.AppendData(data);
        _checksum?.Append(data);
        _remaining -= take;
        _decoded += take;
        if (_remaining == 0)
        {
            await EndChunkAsync(cancellationToken).ConfigureAwait(false);
        }

        return take;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunkHash?.Dispose();
            _checksum?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask StartChunkAsync(CancellationToken cancellationToken)
    {
        string header = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        string sizeText = header;
        _chunkSignature = null;
        int semicolon = header.IndexOf(';', StringComparison.Ordinal);
        if (semicolon >= 0)
        {
            sizeText = header[..semicolon];
            const string Sig = "chunk-signature=";
            string extension = header[(semicolon + 1)..].Trim();
            if (extension.StartsWith(Sig, StringComparison.Ordinal))
            {
                _chunkSignature = extension[Sig.Length..];
            }
        }

        if (!long.TryParse(sizeText.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0)
        {
            throw S3Exception.IncompleteBody($"A chunk header of the aws-chunked body is malformed: '{Truncate(header)}'.");
        }

        if (_signingKey is not null && _chunkSignature is null)
        {
            throw S3Exception.SignatureDoesNotMatch("A chunk of the signed aws-chunked body carries no chunk-signature.");
        }

        if (size > 0)
        {
            _remaining = size;
            return;
        }

        // The final chunk: its signature covers no data.
        VerifyChunkSignature();
        await ReadTrailerAsync(cancellationToken).ConfigureAwait(false);
        if (_decodedLength is { } expected && expected != _decoded)
        {
            throw S3Exception.IncompleteBody($"The decoded body has {_decoded:N0} bytes; x-amz-decoded-content-length says {expected:N0}.");
        }

        _done = true;
    }

    private async ValueTask EndChunkAsync(CancellationToken cancellationToken)
    {
        string end = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (end.Length != 0)
        {
            throw S3Exception.IncompleteBody("A chunk of the aws-chunked body is longer than its header says.");
        }

        VerifyChunkSignature();
    }

    private void VerifyChunkSignature()
    {
        if (_signingKey is null || _chunkHash is null)
        {
            return;
        }

        string dataHash = Convert.ToHexStringLower(_chunkHash.GetHashAndReset());
        string stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{_amzDate}\n{_scope}\n{_previousSignature}\n{SigV4.EmptySha256}\n{dataHash}";
        string expected = SigV4.Sign(_signingKey, stringToSign);
        if (!SigV4.SignaturesEqual(expected, _chunkSignature ?? ""))
        {
            throw S3Exception.SignatureDoesNotMatch("The chunk signature of the aws-chunked body does not match: the body was changed or signed with another key.");
        }

        _previousSignature = expected;
    }

    private async ValueTask ReadTrailerAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        string? trailerSignature = null;
        while (true)
        {
            string line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line.Length == 0)
            {
                break;
            }

            if (!_trailer)
            {
                throw S3Exception.IncompleteBody("The aws-chunked body has trailing headers but the request announced none.");
            }

            if (line.StartsWith("x-amz-trailer-signature:", StringComparison.OrdinalIgnoreCase))
            {
                trailerSignature = line["x-amz-trailer-signature:".Length..].Trim();
            }
            else
            {
                lines.Add(line);
            }
        }

        if (_signingKey is not null && _trailer)
        {
            string canonical = string.Concat(lines.Select(l => l.Trim() + "\n"));
            string stringToSign = $"AWS4-HMAC-SHA256-TRAILER\n{_amzDate}\n{_scope}\n{_previousSignature}\n{SigV4.HexSha256(canonical)}";
            string expected = SigV4.Sign(_signingKey, stringToSign);
            if (trailerSignature is null || !SigV4.SignaturesEqual(expected, trailerSignature))
            {
                throw S3Exception.SignatureDoesNotMatch("The trailer signature of the aws-chunked body is missing or does not match.");
            }
        }

        if (_checksum is not null)
        {
            string? sent = lines
                .Select(l => l.Split(':', 2))
                .Where(p => p.Length == 2 && p[0].Trim().Equals(_checksum.HeaderName, StringComparison.OrdinalIgnoreCase))
                .Select(p => p[1].Trim())
                .FirstOrDefault();
            if (sent is null)
            {
                throw S3Exception.IncompleteBody($"The request announced the trailer {_checksum.HeaderName} but the body carries none.");
            }

            string actual = _checksum.ToBase64();
            if (!string.Equals(sent, actual, StringComparison.Ordinal))
            {
                throw new S3Exception(400, "BadDigest", $"The {_checksum.HeaderName} you specified ({sent}) did not match the calculated checksum ({actual}).");
            }
        }
    }

    /// <summary>Reads one CRLF-terminated line (at most 4 KiB) as ASCII, without the CRLF.</summary>
    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition? newline = buffer.PositionOf((byte)'\n');
            if (newline is { } position)
            {
                ReadOnlySequence<byte> line = buffer.Slice(0, position);
                string text = Encoding.ASCII.GetString(line.ToArray());
                _reader.AdvanceTo(buffer.GetPosition(1, position));
                return text.EndsWith('\r') ? text[..^1] : text;
            }

            if (buffer.Length > MaxLine)
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
                throw S3Exception.IncompleteBody("A line of the aws-chunked body is longer than 4 KiB: the body is not aws-chunked.");
            }

            if (result.IsCompleted)
            {
                _reader.AdvanceTo(buffer.End);
                throw S3Exception.IncompleteBody("The aws-chunked body ended before its final chunk.");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
