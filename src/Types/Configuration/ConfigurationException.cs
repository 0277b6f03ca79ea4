namespace Zhtp.Storage.Types;

/// <summary>
/// A configuration record failed validation. <see cref="Errors"/> lists every bad field at once
/// (e.g. <c>Dht.K: must be between 1 and 256, was 0</c>), so all can be fixed in one pass.
/// </summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception from the list of problems.</summary>
    public ConfigurationException(string configName, IReadOnlyList<string> errors)
        : base($"{configName} is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", errors)}")
    {
        ConfigName = configName;
        Errors = errors;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConfigurationException()
        : this("configuration", ["unspecified problem"])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConfigurationException(string message)
        : this("configuration", [message])
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        ConfigName = "configuration";
        Errors = [message];
    }

    /// <summary>The name of the configuration record that failed.</summary>
    public string ConfigName { get; } = "configuration";

    /// <summary>Every problem found, one line each, prefixed with the field path.</summary>
    public IReadOnlyList<string> Errors { get; } = [];
}
