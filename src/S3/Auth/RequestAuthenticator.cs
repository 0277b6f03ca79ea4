using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Zhtp.Storage.S3.Http;
using Zhtp.Storage.S3.Keys;

namespace Zhtp.Storage.S3.Auth;

/// <summary>
/// Checks AWS Signature Version 4 on a request, in its header form (Authorization: AWS4-HMAC-SHA256 ...) or its
/// presigned-URL form (X-Amz-Algorithm, X-Amz-Credential, ... in the query), and wraps the body so the payload the
/// client signed is checked while it is read (a hex SHA-256, or the aws-chunked forms with chunk signatures and
/// trailing checksums). Anonymous requests are refused. Signatures are compared in constant time.
/// </summary>
internal sealed class RequestAuthenticator(AccessKeyStore keys, string region, TimeSpan maxSkew, TimeProvider time)
{
    private const long MaxPresignSeconds = 7 * 24 * 3600;

    public async Task<AuthenticatedRequest> AuthenticateAsync(HttpContext context, string rawPath, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        HttpRequest request = context.Request;
        string? authorization = request.Headers.Authorization;
        string? algorithm = Find(query, "X-Amz-Algorithm");
        if (!string.IsNullOrEmpty(authorization))
        {
            if (!authorization.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
            {
                throw new S3Exception(400, "InvalidArgument", "Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported; configure the client for SigV4.");
            }

            return await HeaderAsync(context, authorization, rawPath, query, cancellationToken).ConfigureAwait(false);
        }

        if (algorithm is not null)
        {
            return await PresignedAsync(context, algorithm, rawPath, query, cancellationToken).ConfigureAwait(false);
        }

        throw S3Exception.AccessDenied("Anonymous access is not allowed: sign the request with an access key (zhtp s3 key create).");
    }

    private async Task<AuthenticatedRequest> HeaderAsync(HttpContext context, string authorization, string rawPath, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        HttpRequest request = context.Request;
        string? credential = null, signedHeaders = null, signature = null;
        foreach (string part in authorization[(SigV4.Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            string value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", "The authorization header is malformed: it needs Credential=, SignedHeaders= and Signature=.");
        }

        string amzDate = request.Headers["x-amz-date"].ToString();
        DateTimeOffset when;
        if (amzDate.Length > 0)
        {
            when = ParseAmzDate(amzDate) ?? throw S3Exception.AccessDenied($"The x-amz-date header '{amzDate}' is not of the form yyyyMMddTHHmmssZ.");
        }
        else if (DateTimeOffset.TryParseExact(request.Headers.Date.ToString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date))
        {
            when = date;
            amzDate = date.UtcDateTime.ToString(SigV4.DateFormat, CultureInfo.InvariantCulture);
        }
        else
        {
            throw S3Exception.AccessDenied("AWS authentication requires a valid Date or x-amz-date header.");
        }

        DateTimeOffset now = time.GetUtcNow();
        if ((now - when).Duration() > maxSkew)
        {
            throw new S3Exception(403, "RequestTimeTooSkewed", $"The difference between the request time ({when:u}) and the server's time ({now:u}) is larger than {maxSkew.TotalMinutes:0} minutes; fix the client's clock.");
        }

        string[] signed = signedHeaders.Split(';');
        if (!signed.Contains("host") || (request.Headers.ContainsKey("x-amz-date") && !signed.Contains("x-amz-date")))
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", "SignedHeaders must include host and x-amz-date.");
        }

        (AccessKeyEntry key, string scope, byte[] signingKey) = await CredentialAsync(credential, amzDate, cancellationToken).ConfigureAwait(false);
        string payload = request.Headers["x-amz-content-sha256"].ToString();
        if (payload.Length == 0)
        {
            throw new S3Exception(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256.");
        }

        Verify(context, rawPath, query, null, signed, payload, amzDate, scope, signingKey, signature);
        Stream body = WrapBody(context, payload, signingKey, signature, amzDate, scope);
        long? decoded = long.TryParse(request.Headers["x-amz-decoded-content-length"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out long d) ? d : request.ContentLength;
        return new AuthenticatedRequest(key, body, decoded);
    }

    private async Task<AuthenticatedRequest> PresignedAsync(HttpContext context, string algorithm, string rawPath, IReadOnlyList<KeyValuePair<string, string>> query, CancellationToken cancellationToken)
    {
        if (algorithm != SigV4.Algorithm)
        {
            throw new S3Exception(400, "AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\".");
        }

        string credential = Find(query, "X-Amz-Credential") ?? throw Missing("X-Amz-Credential");
        string amzDate = Find(query, "X-Amz-Date") ?? throw Missing("X-Amz-Date");
        string expiresText = Find(query, "X-Amz-Expires") ?? throw Missing("X-Amz-Expires");
        string signedHeaders = Find(query, "X-Amz-SignedHeaders") ?? throw Missing("X-Amz-SignedHeaders");
        string signature = Find(query, "X-Amz-Signature") ?? throw Missing("X-Amz-Signature");
        DateTimeOffset when = ParseAmzDate(amzDate) ?? throw new S3Exception(400, "AuthorizationQueryParametersError", "X-Amz-Date must be of the form yyyyMMddTHHmmssZ.");
        if (!long.TryParse(expiresText, NumberStyles.None, CultureInfo.InvariantCulture, out long expires) || expires < 1 || expires > MaxPresignSeconds)
        {
            throw new S3Exception(400, "AuthorizationQueryParametersError", "X-Amz-Expires must be a number of seconds from 1 to 604800 (7 days).");
        }

        DateTimeOffset now = time.GetUtcNow();
        if (now > when.AddSeconds(expires))
        {
            throw S3Exception.AccessDenied($"Request has expired: the URL was valid until {when.AddSeconds(expires):u}; presign a new one.");
        }

        if (when - now > maxSkew)
        {
            throw S3Exception.AccessDenied($"Request is not valid yet: it is signed for {when:u}, the server's time is {now:u}.");
        }

        string[] signed = signedHeaders.Split(';');
        if (!signed.Contains("host"))
        {
            throw new S3Exception(400, "AuthorizationQueryParametersError", "X-Amz-SignedHeaders must include host.");
        }

        (AccessKeyEntry key, string scope, byte[] signingKey) = await CredentialAsync(credential, amzDate, cancellationToken).ConfigureAwait(false);
        string payload = Find(query, "X-Amz-Content-Sha256") ?? context.Request.Headers["x-amz-content-sha256"].ToString();
        if (payload.Length == 0)
        {
            payload = SigV4.UnsignedPayload;
        }

        Verify(context, rawPath, query, "X-Amz-Signature", signed, payload, amzDate, scope, signingKey, signature);
        Stream body = payload == SigV4.UnsignedPayload ? context.Request.Body : WrapBody(context, payload, signingKey, signature, amzDate, scope);
        return new AuthenticatedRequest(key, body, context.Request.ContentLength);
    }

    private async Task<(AccessKeyEntry Key, string Scope, byte[] SigningKey)> CredentialAsync(string credential, string amzDate, CancellationToken cancellationToken)
    {
        string[] parts = credential.Split('/');
        if (parts.Length != 5 || parts[3] != SigV4.Service || parts[4] != SigV4.Terminator)
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", $"The credential '{credential}' is not ACCESS_KEY/yyyyMMdd/region/s3/aws4_request.");
        }

        if (parts[2] != region)
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", $"The authorization header is malformed; the region '{parts[2]}' is wrong; expecting '{region}'.") { Details = [new("Region", region)] };
        }

        if (!amzDate.StartsWith(parts[1], StringComparison.Ordinal))
        {
            throw new S3Exception(400, "AuthorizationHeaderMalformed", $"The credential date {parts[1]} is not the date of the request ({amzDate[..Math.Min(8, amzDate.Length)]}).");
        }

        AccessKeyEntry key = await keys.FindAsync(parts[0], cancellationToken).ConfigureAwait(false)
            ?? throw new S3Exception(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.") { Details = [new("AWSAccessKeyId", parts[0])] };
        string scope = $"{parts[1]}/{region}/{SigV4.Service}/{SigV4.Terminator}";
        return (key, scope, SigV4.SigningKey(key.Secret, parts[1], region));
    }

    private static void Verify(HttpContext context, string rawPath, IReadOnlyList<KeyValuePair<string, string>> query, string? excludeFromQuery, string[] signedHeaders, string payload, string amzDate, string scope, byte[] signingKey, string signature)
    {
        HttpRequest request = context.Request;
        var headers = new StringBuilder();
        foreach (string name in signedHeaders)
        {
            StringValues values = name == "host" ? request.Headers.Host : request.Headers[name];
            if (values.Count == 0)
            {
                throw S3Exception.SignatureDoesNotMatch($"The signed header '{name}' is not in the request.");
            }

            headers.Append(name).Append(':').Append(string.Join(',', values.Select(v => SigV4.TrimAll(v ?? "")))).Append('\n');
        }

        string canonicalQuery = SigV4.CanonicalQuery(query, excludeFromQuery);
        string decodedPath = SigV4.PercentDecode(rawPath, plusIsSpace: false);
        string encodedPath = SigV4.UriEncode(decodedPath, encodeSlash: false);
        string joinedSigned = string.Join(';', signedHeaders);
        foreach (string uri in encodedPath == rawPath ? [encodedPath] : new[] { encodedPath, rawPath })
        {
            string canonical = $"{request.Method}\n{uri}\n{canonicalQuery}\n{headers}\n{joinedSigned}\n{payload}";
            string stringToSign = $"{SigV4.Algorithm}\n{amzDate}\n{scope}\n{SigV4.HexSha256(canonical)}";
            if (SigV4.SignaturesEqual(SigV4.Sign(signingKey, stringToSign), signature))
            {
                return;
            }
        }

        throw S3Exception.SignatureDoesNotMatch("The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }

    private static Stream WrapBody(HttpContext context, string payload, byte[] signingKey, string signature, string amzDate, string scope)
    {
        HttpRequest request = context.Request;
        string? trailer = request.Headers["x-amz-trailer"].ToString() is { Length: > 0 } t ? t : null;
        long? decoded = long.TryParse(request.Headers["x-amz-decoded-content-length"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out long d) ? d : null;
        return payload switch
        {
            SigV4.UnsignedPayload => request.Body,
            SigV4.StreamingSigned => new AwsChunkedStream(request.BodyReader, signingKey, signature, amzDate, scope, decoded, null, trailer: false),
            SigV4.StreamingSignedTrailer => new AwsChunkedStream(request.BodyReader, signingKey, signature, amzDate, scope, decoded, trailer, trailer: true),
            SigV4.StreamingUnsignedTrailer => new AwsChunkedStream(request.BodyReader, null, signature, amzDate, scope, decoded, trailer, trailer: true),
            _ when payload.Length == 64 && payload.All(char.IsAsciiHexDigit) => new HashCheckingStream(request.Body, payload),
            _ => throw new S3Exception(400, "InvalidArgument", $"x-amz-content-sha256 must be a hex SHA-256, UNSIGNED-PAYLOAD or a STREAMING-* value, was '{payload}'."),
        };
    }

    private static DateTimeOffset? ParseAmzDate(string text) =>
        DateTimeOffset.TryParseExact(text, SigV4.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value) ? value : null;

    private static string? Find(IReadOnlyList<KeyValuePair<string, string>> query, string name)
    {
        foreach (KeyValuePair<string, string> pair in query)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }

    private static S3Exception Missing(string name) => new(400, "AuthorizationQueryParametersError", $"The presigned URL has no {name}.");
}
