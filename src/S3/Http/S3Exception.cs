namespace Zhtp.Storage.S3.Http;

/// <summary>
/// An S3 error as a client sees it: the HTTP status, the S3 error code (NoSuchKey, SignatureDoesNotMatch, ...) and a
/// message saying what was wrong. Thrown anywhere in a request (also from inside a body stream the content layer reads)
/// and turned into the XML error body by the router; never carries a stack trace to the client.
/// </summary>
internal sealed class S3Exception : Exception
{
    public S3Exception(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public S3Exception()
        : this(500, "InternalError", "We encountered an internal error. Please try again.")
    {
    }

    public S3Exception(string message)
        : this(400, "InvalidArgument", message)
    {
    }

    public S3Exception(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Code = "InternalError";
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The S3 error code.</summary>
    public string Code { get; }

    /// <summary>Extra elements of the error body (e.g. BucketName, Key), written after Message.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    public static S3Exception NoSuchBucket(string bucket) => new(404, "NoSuchBucket", "The specified bucket does not exist.") { Details = [new("BucketName", bucket)] };

    public static S3Exception NoSuchKey(string key) => new(404, "NoSuchKey", "The specified key does not exist.") { Details = [new("Key", key)] };

    public static S3Exception NoSuchUpload(string uploadId) => new(404, "NoSuchUpload", "The specified multipart upload does not exist: it was completed, aborted or never created.") { Details = [new("UploadId", uploadId)] };

    public static S3Exception AccessDenied(string message) => new(403, "AccessDenied", message);

    public static S3Exception InvalidArgument(string message) => new(400, "InvalidArgument", message);

    public static S3Exception MalformedXml(string message) => new(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema: " + message);

    public static S3Exception IncompleteBody(string message) => new(400, "IncompleteBody", message);

    public static S3Exception SignatureDoesNotMatch(string message) => new(403, "SignatureDoesNotMatch", message);
}
