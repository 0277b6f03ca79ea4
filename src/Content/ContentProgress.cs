namespace Zhtp.Storage.Content;

/// <summary>Progress of a long upload, download or repair, reported once per segment.</summary>
/// <param name="Bytes">Plaintext bytes done so far.</param>
/// <param name="TotalBytes">Total plaintext bytes, or null when not known (an upload from an unseekable stream).</param>
/// <param name="Segments">Segments done so far.</param>
public readonly record struct ContentProgress(long Bytes, long? TotalBytes, long Segments);
