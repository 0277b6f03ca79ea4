using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Zhtp.Storage.Http.Dashboard;

/// <summary>
/// The dashboard's files, embedded in this assembly from <c>Dashboard/wwwroot</c> (logical names
/// <c>Zhtp.Storage.Http.Dashboard.FILE</c>) and loaded once. Only the names in <see cref="Types"/> exist: a request for any
/// other name finds nothing, so no path ever reaches the file system.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "Zhtp.Storage.Http.Dashboard.";

    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    private static readonly Lazy<Dictionary<string, DashboardAsset>> Assets = new(Load);

    /// <summary>The file named <paramref name="name"/> (<c>index.html</c>, <c>app.js</c>, <c>app.css</c>), or null.</summary>
    public static DashboardAsset? Find(string name) => Assets.Value.GetValueOrDefault(name);

    private static Dictionary<string, DashboardAsset> Load()
    {
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach ((string name, string type) in Types)
        {
            using Stream stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(Prefix + name)
                ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded in {typeof(DashboardAssets).Assembly.GetName().Name}; the project must embed Dashboard/wwwroot/{name}.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] content = buffer.ToArray();
            string hash = Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16));
            assets[name] = new DashboardAsset(name, content, type, new EntityTagHeaderValue($"\"{hash}\""));
        }

        return assets;
    }
}
