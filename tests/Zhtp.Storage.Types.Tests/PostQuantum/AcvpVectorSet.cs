using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Zhtp.Storage.Types.Tests.PostQuantum;

/// <summary>
/// One NIST ACVP vector set from ../shared/vectors (<c>internalProjection.json</c>: inputs and
/// answers together), flattened to (group, test) pairs.
/// </summary>
internal sealed class AcvpVectorSet
{
    private AcvpVectorSet(string name, List<AcvpCase> cases)
    {
        Name = name;
        Cases = cases;
    }

    public string Name { get; }

    public IReadOnlyList<AcvpCase> Cases { get; }

    /// <summary>Loads <c>vectors/<paramref name="folder"/>/<paramref name="set"/>/internalProjection.json</c>.</summary>
    public static AcvpVectorSet Load(string folder, string set)
    {
        string path = Path.Combine(RepositoryPaths.Root, "..", "shared", "vectors", folder, set, "internalProjection.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ACVP vectors missing: expected {Path.GetFullPath(path)} (the shared vectors folder next to the repository, ../shared/vectors).", path);
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new List<AcvpCase>();
        foreach (JsonElement group in doc.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            JsonElement groupCopy = group.Clone();
            foreach (JsonElement test in group.GetProperty("tests").EnumerateArray())
            {
                cases.Add(new AcvpCase(groupCopy, test.Clone()));
            }
        }

        return new AcvpVectorSet(set, cases);
    }

    /// <summary>The cases of one parameter set (e.g. "ML-KEM-768"), optionally filtered further by group.</summary>
    public List<AcvpCase> For(string parameterSet, Func<JsonElement, bool>? group = null) =>
        [.. Cases.Where(c => c.Group.GetProperty("parameterSet").GetString() == parameterSet && (group is null || group(c.Group)))];

}

/// <summary>One ACVP test with its group (group-level fields such as a shared key live there).</summary>
internal sealed record AcvpCase(JsonElement Group, JsonElement Test)
{
    public int Id => Test.GetProperty("tcId").GetInt32();

    /// <summary>A hex field of the test, or of the group when the test does not have it.</summary>
    public byte[] Bytes(string name) =>
        Convert.FromHexString((Test.TryGetProperty(name, out JsonElement v) ? v : Group.GetProperty(name)).GetString()!);

    public string? Reason => Test.TryGetProperty("reason", out JsonElement r) ? r.GetString() : null;
}
