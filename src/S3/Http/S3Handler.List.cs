using System.Globalization;
using System.Text;
using System.Xml;
using Zhtp.Storage.S3.Index;

namespace Zhtp.Storage.S3.Http;

internal sealed partial class S3Handler
{
    private const int ListBatch = 1000;

    /// <summary>Past every key that starts with a given prefix (U+10FFFF is the largest code point, F4 8F BF BF in UTF-8).</summary>
    private const string AfterPrefix = "\U0010FFFF";

    private Task ListObjectsAsync(S3Request r)
    {
        OwnedBucket(r);
        bool v2 = r.Get("list-type") == "2";
        string prefix = r.Get("prefix") ?? "";
        string delimiter = r.Get("delimiter") ?? "";
        bool url = r.Get("encoding-type") == "url";
        if (r.Get("encoding-type") is { } encoding && encoding != "url")
        {
            throw S3Exception.InvalidArgument("Invalid Encoding Method specified in Request: encoding-type must be url.");
        }

        int maxKeys = 1000;
        if (r.Get("max-keys") is { } maxText && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxKeys) || maxKeys < 0))
        {
            throw S3Exception.InvalidArgument("max-keys must be a non-negative integer.");
        }

        maxKeys = Math.Min(maxKeys, 1000);
        string after;
        string? token = r.Get("continuation-token");
        string? startAfter = r.Get("start-after");
        string? marker = r.Get("marker");
        if (v2 && token is not null)
        {
            after = DecodeToken(token);
        }
        else if (v2)
        {
            after = startAfter ?? "";
        }
        else
        {
            after = marker ?? "";
            if (delimiter.Length > 0 && after.Length > 0 && after.EndsWith(delimiter, StringComparison.Ordinal) && after.StartsWith(prefix, StringComparison.Ordinal))
            {
                after += AfterPrefix;
            }
        }

        (List<ObjectRecord> contents, List<string> prefixes, bool truncated, string next, string lastEmitted) = List(r.Bucket, prefix, delimiter, after, maxKeys);
        string Enc(string value) => url ? Auth.SigV4.UriEncode(value, encodeSlash: false) : value;
        return S3Xml.WriteAsync(r.Context.Response, 200, "ListBucketResult", w =>
        {
            w.Element("Name", r.Bucket);
            w.Element("Prefix", Enc(prefix));
            if (v2)
            {
                if (startAfter is not null)
                {
                    w.Element("StartAfter", Enc(startAfter));
                }

                if (token is not null)
                {
                    w.Element("ContinuationToken", token);
                }

                if (truncated)
                {
                    w.Element("NextContinuationToken", EncodeToken(next));
                }

                w.Element("KeyCount", contents.Count + prefixes.Count);
            }
            else
            {
                w.Element("Marker", Enc(marker ?? ""));
                if (truncated && delimiter.Length > 0)
                {
                    w.Element("NextMarker", Enc(lastEmitted));
                }
            }

            w.Element("MaxKeys", maxKeys);
            if (delimiter.Length > 0)
            {
                w.Element("Delimiter", Enc(delimiter));
            }

            if (url)
            {
                w.Element("EncodingType", "url");
            }

            w.Element("IsTruncated", truncated);
            foreach (ObjectRecord o in contents)
            {
                w.WriteStartElement("Contents");
                w.Element("Key", Enc(o.Key));
                w.Element("LastModified", S3Xml.IsoDate(o.LastModified));
                w.Element("ETag", S3Xml.Quoted(o.ETag));
                w.Element("Size", o.Size);
                w.Element("StorageClass", "STANDARD");
                if (!v2 || r.Get("fetch-owner") == "true")
                {
                    WriteOwner(w, o.Bucket == r.Bucket ? r.Owner : "");
                }

                w.WriteEndElement();
            }

            foreach (string p in prefixes)
            {
                w.WriteStartElement("CommonPrefixes");
                w.Element("Prefix", Enc(p));
                w.WriteEndElement();
            }
        });
    }

    /// <summary>
    /// One page of a listing: objects whose key starts with <paramref name="prefix"/> and sorts after <paramref name="after"/>,
    /// keys that contain <paramref name="delimiter"/> past the prefix rolled up into common prefixes, at most
    /// <paramref name="maxKeys"/> entries (objects and prefixes together). <c>Next</c> is where the next page starts (exclusive).
    /// </summary>
    private (List<ObjectRecord> Contents, List<string> Prefixes, bool Truncated, string Next, string LastEmitted) List(string bucket, string prefix, string delimiter, string after, int maxKeys)
    {
        var contents = new List<ObjectRecord>();
        var prefixes = new List<string>();
        string last = "";
        while (true)
        {
            IReadOnlyList<ObjectRecord> batch = index.ListObjects(bucket, after, prefix, ListBatch);
            bool restart = false;
            foreach (ObjectRecord o in batch)
            {
                if (!o.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return (contents, prefixes, false, after, last);
                }

                int at = delimiter.Length == 0 ? -1 : o.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (contents.Count + prefixes.Count >= maxKeys)
                {
                    return (contents, prefixes, true, after, last);
                }

                if (at >= 0)
                {
                    string common = o.Key[..(at + delimiter.Length)];
                    prefixes.Add(common);
                    last = common;
                    after = common + AfterPrefix;
                    restart = true;
                    break;
                }

                contents.Add(o);
                last = o.Key;
                after = o.Key;
            }

            if (!restart && batch.Count < ListBatch)
            {
                return (contents, prefixes, false, after, last);
            }
        }
    }

    private static void WriteOwner(XmlWriter w, string owner)
    {
        w.WriteStartElement("Owner");
        w.Element("ID", owner);
        w.Element("DisplayName", owner);
        w.WriteEndElement();
    }

    private static string EncodeToken(string after) => Convert.ToBase64String(Encoding.UTF8.GetBytes(after));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw S3Exception.InvalidArgument("The continuation token provided is incorrect.");
        }
    }
}
