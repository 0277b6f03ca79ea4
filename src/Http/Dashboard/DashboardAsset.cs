using Microsoft.Net.Http.Headers;

namespace Zhtp.Storage.Http.Dashboard;

/// <summary>One file of the dashboard, read from the assembly once: its bytes, media type and strong ETag (a hash of the bytes).</summary>
internal sealed record DashboardAsset(string Name, byte[] Content, string ContentType, EntityTagHeaderValue ETag);
