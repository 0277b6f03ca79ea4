using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Zhtp.Storage.S3.Http;

/// <summary>Writes S3 XML responses (namespace http://s3.amazonaws.com/doc/2006-03-01/) and the S3 forms of dates and ETags.</summary>
internal static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Async = false, Indent = false };

    /// <summary>Writes a document whose root is <paramref name="root"/> as the response (status, content type, length).</summary>
    public static async Task WriteAsync(HttpResponse response, int status, string root, Action<XmlWriter> body, bool withNamespace = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            writer.WriteStartDocument();
            if (withNamespace)
            {
                writer.WriteStartElement(root, Namespace);
            }
            else
            {
                writer.WriteStartElement(root);
            }

            body(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        response.StatusCode = status;
        response.ContentType = "application/xml";
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An element with text content.</summary>
    public static void Element(this XmlWriter writer, string name, string value) => writer.WriteElementString(name, value);

    public static void Element(this XmlWriter writer, string name, long value) => writer.WriteElementString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Element(this XmlWriter writer, string name, bool value) => writer.WriteElementString(name, value ? "true" : "false");

    /// <summary>ISO 8601 with milliseconds, as S3 lists dates.</summary>
    public static string IsoDate(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 1123, as the Last-Modified header wants it.</summary>
    public static string HttpDate(DateTimeOffset value) => value.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>The ETag as sent in headers and XML: in double quotes.</summary>
    public static string Quoted(string etag) => "\"" + etag + "\"";
}
