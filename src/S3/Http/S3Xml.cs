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

    private static readonly XmlWriterSettings FragmentSettings = new() { Encoding = new UTF8Encoding(false), Async = false, Indent = false, OmitXmlDeclaration = true };

    /// <summary>The XML declaration alone, for an answer whose root follows later (CompleteMultipartUpload's keep-alive).</summary>
    public static ReadOnlyMemory<byte> Declaration { get; } = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"u8.ToArray();

    /// <summary>Writes a document whose root is <paramref name="root"/> as the response (status, content type, length).</summary>
    public static async Task WriteAsync(HttpResponse response, int status, string root, Action<XmlWriter> body, bool withNamespace = true)
    {
        byte[] document = Render(root, body, withNamespace, declaration: true);
        response.StatusCode = status;
        response.ContentType = "application/xml";
        response.ContentLength = document.Length;
        await response.Body.WriteAsync(document, response.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A document (or, without <paramref name="declaration"/>, its root element alone) as UTF-8 bytes.</summary>
    public static byte[] Render(string root, Action<XmlWriter> body, bool withNamespace, bool declaration)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, declaration ? Settings : FragmentSettings))
        {
            if (declaration)
            {
                writer.WriteStartDocument();
            }

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
        }

        return buffer.ToArray();
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
