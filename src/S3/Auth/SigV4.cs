using System.Security.Cryptography;
using System.Text;

namespace Zhtp.Storage.S3.Auth;

/// <summary>
/// The pieces of AWS Signature Version 4 that every form (header, presigned URL, chunk, trailer) shares: URI encoding,
/// the canonical query string, the signing key chain and hex/HMAC helpers.
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Service = "s3";
    public const string Terminator = "aws4_request";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string StreamingSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public const string StreamingSignedTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public const string StreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>AWS URI encoding: every byte of the UTF-8 form except A-Z a-z 0-9 - _ . ~ (and '/' unless <paramref name="encodeSlash"/>) as %XX, uppercase.</summary>
    public static string UriEncode(string value, bool encodeSlash)
    {
        var builder = new StringBuilder(value.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (Rune rune in value.EnumerateRunes())
        {
            int n = rune.EncodeToUtf8(utf8);
            for (int i = 0; i < n; i++)
            {
                byte b = utf8[i];
                char c = (char)b;
                if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (c == '/' && !encodeSlash)))
                {
                    builder.Append(c);
                }
                else
                {
                    builder.Append('%').Append(Convert.ToHexString([b]));
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>Percent-decodes a URL component (no '+' to space: S3 paths keep '+').</summary>
    public static string PercentDecode(string value, bool plusIsSpace) =>
        Uri.UnescapeDataString(plusIsSpace ? value.Replace('+', ' ') : value);

    /// <summary>Splits a raw query string (without '?') into decoded name/value pairs, in order.</summary>
    public static List<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add(new(PercentDecode(name, plusIsSpace: true), PercentDecode(value, plusIsSpace: true)));
        }

        return pairs;
    }

    /// <summary>The canonical query string: names and values encoded, sorted by name then value (ordinal), <paramref name="exclude"/> left out.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query, string? exclude)
    {
        var encoded = query
            .Where(p => exclude is null || p.Key != exclude)
            .Select(p => (Name: UriEncode(p.Key, encodeSlash: true), Value: UriEncode(p.Value, encodeSlash: true)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', encoded.Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>A header value as canonical headers want it: trimmed, runs of spaces collapsed to one.</summary>
    public static string TrimAll(string value)
    {
        var builder = new StringBuilder(value.Length);
        bool space = false;
        foreach (char c in value.Trim())
        {
            if (c == ' ')
            {
                if (!space)
                {
                    builder.Append(c);
                }

                space = true;
            }
            else
            {
                builder.Append(c);
                space = false;
            }
        }

        return builder.ToString();
    }

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), "s3"), "aws4_request").</summary>
    public static byte[] SigningKey(ReadOnlySpan<byte> secret, string date, string region)
    {
        byte[] seed = new byte[4 + secret.Length];
        "AWS4"u8.CopyTo(seed);
        secret.CopyTo(seed.AsSpan(4));
        try
        {
            byte[] kDate = Hmac(seed, date);
            byte[] kRegion = Hmac(kDate, region);
            byte[] kService = Hmac(kRegion, Service);
            return Hmac(kService, Terminator);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    public static string HexSha256(string data) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(data)));

    /// <summary>The lowercase hex signature of <paramref name="stringToSign"/> under <paramref name="signingKey"/>.</summary>
    public static string Sign(byte[] signingKey, string stringToSign) => Convert.ToHexStringLower(Hmac(signingKey, stringToSign));

    /// <summary>Compares two hex signatures in time independent of where they differ.</summary>
    public static bool SignaturesEqual(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given.ToLowerInvariant()));
}
