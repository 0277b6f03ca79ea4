using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Zhtp.Storage.S3.Tests.Support;

/// <summary>
/// A small SigV4 signer written from the AWS description, independent of the gateway's code, for requests the SDKs will
/// not make (tampered, expired, skewed, hand-built aws-chunked bodies).
/// </summary>
public static class TestSigner
{
    public const string Region = "us-east-1";

    public static string Hex(byte[] data) => Convert.ToHexStringLower(data);

    public static string Sha256Hex(byte[] data) => Hex(SHA256.HashData(data));

    public static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    public static byte[] SigningKey(string secret, DateTimeOffset when) =>
        Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), when.ToString("yyyyMMdd", CultureInfo.InvariantCulture)), Region), "s3"), "aws4_request");

    public static string AmzDate(DateTimeOffset when) => when.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Scope(DateTimeOffset when) => when.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "/" + Region + "/s3/aws4_request";

    /// <summary>Signs a request to <paramref name="pathAndQuery"/> (already URI-encoded, query names sorted) with the given payload hash and extra headers.</summary>
    public static (HttpRequestMessage Request, string Signature) Sign(
        HttpMethod method, Uri service, string pathAndQuery, string accessKey, string secret, DateTimeOffset when, HttpContent? content, string payloadHash, IReadOnlyDictionary<string, string>? extra = null, string? hostHeader = null)
    {
        var uri = new Uri(service, pathAndQuery);
        string host = hostHeader ?? uri.Authority;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = AmzDate(when),
        };
        foreach (KeyValuePair<string, string> h in extra ?? new Dictionary<string, string>())
        {
            headers[h.Key.ToLowerInvariant()] = h.Value;
        }

        string signedHeaders = string.Join(';', headers.Keys);
        int q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        string path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        string query = q < 0 ? "" : string.Join('&', pathAndQuery[(q + 1)..].Split('&').Select(p => p.Contains('=', StringComparison.Ordinal) ? p : p + "=").Order(StringComparer.Ordinal));
        string canonical = $"{method.Method}\n{path}\n{query}\n{string.Concat(headers.Select(h => h.Key + ":" + h.Value.Trim() + "\n"))}\n{signedHeaders}\n{payloadHash}";
        string stringToSign = $"AWS4-HMAC-SHA256\n{AmzDate(when)}\n{Scope(when)}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonical))}";
        string signature = Hex(Hmac(SigningKey(secret, when), stringToSign));

        var request = new HttpRequestMessage(method, uri) { Content = content };
        foreach (KeyValuePair<string, string> h in headers)
        {
            if (h.Key == "host")
            {
                if (hostHeader is not null)
                {
                    request.Headers.Host = hostHeader;
                }

                continue;
            }

            if (h.Key.StartsWith("content-", StringComparison.Ordinal))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(h.Key);
                request.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("AWS4-HMAC-SHA256", $"Credential={accessKey}/{Scope(when)}, SignedHeaders={signedHeaders}, Signature={signature}");
        return (request, signature);
    }

    /// <summary>A presigned URL (payload UNSIGNED-PAYLOAD, only host signed).</summary>
    public static Uri Presign(HttpMethod method, Uri service, string path, string accessKey, string secret, DateTimeOffset when, int expiresSeconds)
    {
        string credential = Uri.EscapeDataString($"{accessKey}/{Scope(when)}");
        string query = $"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={credential}&X-Amz-Date={AmzDate(when)}&X-Amz-Expires={expiresSeconds}&X-Amz-SignedHeaders=host";
        string canonical = $"{method.Method}\n{path}\n{query}\nhost:{service.Authority}\n\nhost\nUNSIGNED-PAYLOAD";
        string stringToSign = $"AWS4-HMAC-SHA256\n{AmzDate(when)}\n{Scope(when)}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonical))}";
        string signature = Hex(Hmac(SigningKey(secret, when), stringToSign));
        return new Uri(service, path + "?" + query + "&X-Amz-Signature=" + signature);
    }

    /// <summary>The x-amz-checksum-crc32 value of <paramref name="data"/>: base64 of the big-endian CRC-32.</summary>
    public static string Crc32Base64(byte[] data)
    {
        byte[] value = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(value, System.IO.Hashing.Crc32.HashToUInt32(data));
        return Convert.ToBase64String(value);
    }

    /// <summary>An unsigned aws-chunked body with a trailing checksum (STREAMING-UNSIGNED-PAYLOAD-TRAILER).</summary>
    public static byte[] UnsignedTrailerBody(byte[] data, int chunkSize, string checksum)
    {
        using var body = new MemoryStream();
        for (int offset = 0; offset < data.Length; offset += chunkSize)
        {
            int n = Math.Min(chunkSize, data.Length - offset);
            body.Write(Encoding.ASCII.GetBytes($"{n:x}\r\n"));
            body.Write(data, offset, n);
            body.Write("\r\n"u8);
        }

        body.Write(Encoding.ASCII.GetBytes($"0\r\nx-amz-checksum-crc32:{checksum}\r\n\r\n"));
        return body.ToArray();
    }

    /// <summary>A signed aws-chunked body with a signed trailing checksum (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER).</summary>
    public static byte[] SignedTrailerBody(byte[] data, int chunkSize, string secret, DateTimeOffset when, string seed, string checksum)
    {
        byte[] chunks = ChunkedBody(data, chunkSize, secret, when, seed, out string last);
        string trailer = $"x-amz-checksum-crc32:{checksum}\n";
        string stringToSign = $"AWS4-HMAC-SHA256-TRAILER\n{AmzDate(when)}\n{Scope(when)}\n{last}\n{Sha256Hex(Encoding.UTF8.GetBytes(trailer))}";
        string signature = Hex(Hmac(SigningKey(secret, when), stringToSign));
        byte[] withoutFinalCrlf = chunks.AsSpan(0, chunks.Length - 2).ToArray(); // the final chunk's empty line is replaced by the trailer
        return [.. withoutFinalCrlf, .. Encoding.ASCII.GetBytes($"x-amz-checksum-crc32:{checksum}\r\nx-amz-trailer-signature:{signature}\r\n\r\n")];
    }

    public static byte[] ChunkedBody(byte[] data, int chunkSize, string secret, DateTimeOffset when, string seed) => ChunkedBody(data, chunkSize, secret, when, seed, out _);

    /// <summary>An aws-chunked body (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) of <paramref name="data"/> cut into <paramref name="chunkSize"/> chunks, chained from <paramref name="seed"/>.</summary>
    public static byte[] ChunkedBody(byte[] data, int chunkSize, string secret, DateTimeOffset when, string seed, out string lastSignature)
    {
        using var body = new MemoryStream();
        string previous = seed;
        byte[] key = SigningKey(secret, when);
        for (int offset = 0; ; offset += chunkSize)
        {
            byte[] chunk = data.AsSpan(Math.Min(offset, data.Length), Math.Max(0, Math.Min(chunkSize, data.Length - offset))).ToArray();
            string stringToSign = $"AWS4-HMAC-SHA256-PAYLOAD\n{AmzDate(when)}\n{Scope(when)}\n{previous}\n{Sha256Hex([])}\n{Sha256Hex(chunk)}";
            previous = Hex(Hmac(key, stringToSign));
            body.Write(Encoding.ASCII.GetBytes($"{chunk.Length:x};chunk-signature={previous}\r\n"));
            body.Write(chunk);
            body.Write("\r\n"u8);
            if (chunk.Length == 0)
            {
                lastSignature = previous;
                return body.ToArray();
            }
        }
    }
}
