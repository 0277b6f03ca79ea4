using System.Globalization;

namespace Zhtp.Storage.Types;

/// <summary>
/// Collects validation problems of a configuration record, each prefixed with its field path, so
/// that validation reports every bad field at once instead of stopping at the first.
/// </summary>
public sealed class ConfigErrors
{
    private readonly List<string> _errors = [];
    private readonly string _prefix;

    /// <summary>Creates a collector whose messages are prefixed with <paramref name="prefix"/> (e.g. "Dht").</summary>
    public ConfigErrors(string prefix = "") => _prefix = prefix;

    private ConfigErrors(string prefix, List<string> shared)
    {
        _prefix = prefix;
        _errors = shared;
    }

    /// <summary>The problems found so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>A collector for a nested record that writes into the same list.</summary>
    public ConfigErrors Nested(string name) => new(Path(name), _errors);

    /// <summary>Records a problem with <paramref name="field"/>.</summary>
    public void Add(string field, string problem) => _errors.Add($"{Path(field)}: {problem}");

    /// <summary>Checks that an integer lies in [min, max].</summary>
    public void InRange(string field, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, was {value}"));
        }
    }

    /// <summary>Checks that a decimal lies in [min, max].</summary>
    public void InRange(string field, decimal value, decimal min, decimal max)
    {
        if (value < min || value > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, was {value}"));
        }
    }

    /// <summary>Checks that a duration is strictly positive.</summary>
    public void Positive(string field, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be a positive duration, was {value}"));
        }
    }

    /// <summary>Throws <see cref="ConfigurationException"/> listing every problem, if there is any.</summary>
    public void ThrowIfAny(string configName)
    {
        if (_errors.Count > 0)
        {
            throw new ConfigurationException(configName, _errors.ToArray());
        }
    }

    private string Path(string field) => _prefix.Length == 0 ? field : $"{_prefix}.{field}";
}
