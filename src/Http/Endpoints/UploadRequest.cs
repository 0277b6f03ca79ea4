using System.Globalization;
using Microsoft.AspNetCore.Http;
using Zhtp.Storage.Content;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Http.Endpoints;

/// <summary>
/// Reads an upload's options from its headers (<c>X-Zhtp-Filename</c>, <c>Content-Type</c>, <c>X-Zhtp-Tags</c>,
/// <c>X-Zhtp-Description</c>, <c>X-Zhtp-Encryption</c>, <c>X-Zhtp-Access</c>, <c>X-Zhtp-Name</c>) or the same names in the
/// query (<c>filename</c>, <c>contentType</c>, <c>tags</c>, <c>description</c>, <c>encryption</c>, <c>access</c>, <c>name</c>);
/// the query wins when both are given.
/// </summary>
internal static class UploadRequest
{
    /// <exception cref="ArgumentException">A value is invalid; the message names every bad one.</exception>
    public static ContentUploadOptions Parse(HttpRequest request) => Parse(request, null);

    /// <summary>
    /// Reads the options of a new version (<c>PUT</c>): each metadata field the request gives replaces that field of
    /// <paramref name="previous"/>, the others carry over (the content type changes only with a <c>Content-Type</c>
    /// header or the <c>contentType</c> query). A stable name cannot be given: the content keeps its own.
    /// </summary>
    /// <exception cref="ArgumentException">A value is invalid, or a name was given; the message names every bad one.</exception>
    public static ContentUploadOptions ParseUpdate(HttpRequest request, ContentMetadata previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return Parse(request, previous);
    }

    private static ContentUploadOptions Parse(HttpRequest request, ContentMetadata? previous)
    {
        var errors = new List<string>();
        string? filename = Value(request, "filename", "X-Zhtp-Filename");
        string? contentType = request.Query["contentType"].FirstOrDefault() ?? request.ContentType;
        string? tags = Value(request, "tags", "X-Zhtp-Tags");
        string? description = Value(request, "description", "X-Zhtp-Description");
        EncryptionLevel? encryption = ParseEnum<EncryptionLevel>(Value(request, "encryption", "X-Zhtp-Encryption"), "encryption", errors);
        AccessLevel? access = ParseEnum<AccessLevel>(Value(request, "access", "X-Zhtp-Access"), "access", errors);
        string? name = Value(request, "name", "X-Zhtp-Name");
        var metadata = (previous ?? new ContentMetadata()) with
        {
            Filename = filename ?? previous?.Filename ?? "",
            ContentType = string.IsNullOrWhiteSpace(contentType) ? previous?.ContentType ?? "application/octet-stream" : contentType,
            Tags = tags is null ? previous?.Tags ?? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Description = description ?? previous?.Description ?? "",
            Access = access ?? previous?.Access ?? AccessLevel.Private,
        };
        errors.AddRange(metadata.Validate());
        if (previous is not null && name is not null)
        {
            errors.Add("name: a new version keeps the content's name; give it only when uploading (POST)");
            name = null;
        }

        if (name is not null && name.Length is 0 or > 200)
        {
            errors.Add($"name: 1 to 200 characters, was {name.Length}");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid upload options: " + string.Join("; ", errors) + ".");
        }

        return new ContentUploadOptions { Name = name, Metadata = metadata, Encryption = encryption };
    }

    private static string? Value(HttpRequest request, string query, string header)
    {
        string? value = request.Query[query].FirstOrDefault() ?? request.Headers[header].FirstOrDefault();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static T? ParseEnum<T>(string? text, string name, List<string> errors)
        where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        if (Enum.TryParse(text, ignoreCase: true, out T value) && Enum.IsDefined(value) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        errors.Add($"{name}: one of {string.Join(", ", Enum.GetNames<T>())}, was '{text}'");
        return null;
    }
}
