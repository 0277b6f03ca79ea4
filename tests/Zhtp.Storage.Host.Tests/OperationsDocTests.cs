using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Zhtp.Storage.Host.Node;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Host.Tests;

/// <summary>docs/operations.md lists every configuration key of <c>zhtp node</c>, with its environment variable and the code's default.</summary>
public sealed partial class OperationsDocTests
{
    [Fact]
    public void OperationsDoc_ListsEverySettableOption_WithTheCodesDefault()
    {
        string doc = File.ReadAllText(Path.Combine(ZhtpProcess.RepositoryRoot, "docs", "operations.md"));
        var rows = new Dictionary<string, (string Environment, string Default)>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(doc))
        {
            rows[row.Groups["key"].Value] = (row.Groups["env"].Value, row.Groups["default"].Value);
        }

        var problems = new List<string>();
        foreach ((string key, string? expected) in Keys(typeof(ZhtpStorageOptions), new ZhtpStorageOptions(), NodeConfiguration.Section))
        {
            if (!rows.TryGetValue(key, out var documented))
            {
                problems.Add($"{key}: no row");
                continue;
            }

            string environment = "ZHTP__" + string.Join("__", key.Split(':').Skip(1)).ToUpperInvariant();
            if (documented.Environment != environment)
            {
                problems.Add($"{key}: environment variable documented as {documented.Environment}, is {environment}");
            }

            string node = NodeConfiguration.Defaults.TryGetValue(key, out string? nodeDefault) ? nodeDefault! : expected ?? "";
            if (expected is not null && !documented.Default.StartsWith($"`{node}`", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{key}: default documented as {documented.Default}, is `{node}`");
            }
        }

        Assert.True(problems.Count == 0, "docs/operations.md is out of date:\n" + string.Join('\n', problems));
        Assert.Contains("`Zhtp:Bootstrap:0`", doc, StringComparison.Ordinal);
    }

    /// <summary>Every settable leaf property under <paramref name="prefix"/>, with its default as configuration text (null: no single value, e.g. a path).</summary>
    private static IEnumerable<(string Key, string? Default)> Keys(Type type, object instance, string prefix)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            object? value = property.GetValue(instance);
            string key = $"{prefix}:{property.Name}";
            if (property.PropertyType.Namespace == "Zhtp.Storage.Types" && property.PropertyType.Name.EndsWith("Config", StringComparison.Ordinal))
            {
                foreach (var nested in Keys(property.PropertyType, value!, key))
                {
                    yield return nested;
                }

                continue;
            }

            yield return (key, value switch
            {
                null => null,
                TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
                bool flag => flag ? "true" : "false",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                string text => text,
                _ => null,
            });
        }
    }

    [GeneratedRegex(@"^\| `(?<key>Zhtp:[^`]+)` \| `(?<env>[^`]+)` \| (?<default>[^|]+?) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
