using System.Collections;
using Microsoft.Extensions.Configuration;
using Zhtp.Storage.Unified;

namespace Zhtp.Storage.Host.Node;

/// <summary>
/// The configuration sources of <c>zhtp node</c>, lowest to highest precedence: the node's defaults,
/// <c>appsettings.json</c> in the data directory (optional), <c>ZHTP__</c> environment variables
/// (<c>ZHTP__PORT</c> is <c>Zhtp:Port</c>, <c>ZHTP__DHT__K</c> is <c>Zhtp:Dht:K</c>), then the command-line options.
/// docs/operations.md lists every key.
/// </summary>
internal static class NodeConfiguration
{
    /// <summary>The section the storage options bind from.</summary>
    public const string Section = "Zhtp";

    /// <summary>
    /// Sub-sections of <see cref="Section"/> that configure the node's front ends, not the storage system: <c>Zhtp:Api</c>
    /// (<c>ZhtpApiOptions</c>; the HTTP API runs when <c>Zhtp:Api:Listen</c> is set, e.g. by <c>--api</c>).
    /// </summary>
    public static IReadOnlyList<string> FrontEndSections { get; } = [ApiSection, S3Section];

    /// <summary>The HTTP API's options (<c>Zhtp.Storage.Http.ZhtpApiOptions</c>).</summary>
    public const string ApiSection = "Api";

    /// <summary>The S3 gateway's options (<c>Zhtp.Storage.S3.S3GatewayOptions</c>; the gateway runs when <c>Zhtp:S3:Listen</c> is set, e.g. by <c>--s3</c>).</summary>
    public const string S3Section = "S3";

    /// <summary>The optional settings file inside the data directory.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <summary>Prefix of the environment variables that map onto <see cref="Section"/>; <c>__</c> separates levels.</summary>
    public const string EnvironmentPrefix = "ZHTP__";

    /// <summary>
    /// Defaults of <c>zhtp node</c> that differ from <c>ZhtpStorageOptions</c>'s: port 4000 (the library picks a free
    /// port) and maintenance every 10 minutes (the same). Everything else is the library's default.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        [$"{Section}:Port"] = "4000",
        ["Logging:LogLevel:Default"] = "Information",
    };

    /// <summary>Adds every source in precedence order; <paramref name="overrides"/> are the command line's keys.</summary>
    public static IConfigurationBuilder AddNodeSources(this IConfigurationBuilder builder, string dataDirectory, IReadOnlyDictionary<string, string?> overrides, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddInMemoryCollection(Defaults)
            .AddJsonFile(Path.Combine(Path.GetFullPath(dataDirectory), SettingsFileName), optional: true, reloadOnChange: false)
            .AddInMemoryCollection(FromEnvironment(environment))
            .AddInMemoryCollection(overrides);
    }

    /// <summary>Maps <c>ZHTP__A__B=value</c> to <c>Zhtp:A:B</c> (keys are case-insensitive); other variables are ignored.</summary>
    public static Dictionary<string, string?> FromEnvironment(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.Length > EnvironmentPrefix.Length && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                keys[$"{Section}:{name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)}"] = entry.Value as string;
            }
        }

        return keys;
    }

    /// <summary>
    /// Every problem of the <see cref="Section"/> keys in <paramref name="configuration"/>, each naming its key: keys that do
    /// not bind (unknown names, values of the wrong type) one by one, then <see cref="ZhtpStorageOptions.Validate"/> on the
    /// rest. Empty when the node can start with it.
    /// </summary>
    public static List<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var bound = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach ((string key, string? value) in configuration.GetSection(Section).AsEnumerable(makePathsRelative: true))
        {
            if (value is null || FrontEnd(key) is not null)
            {
                continue;
            }

            // One key at a time, so that every key that does not bind is named, not only the first.
            IConfigurationRoot single = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
            try
            {
                single.Bind(new ZhtpStorageOptions(), binder => binder.ErrorOnUnknownConfiguration = true);
                bound[key] = value;
            }
            catch (InvalidOperationException e)
            {
                // The binder's message for an unknown name is long and names the type, not the key.
                problems.Add(e.Message.Contains("were not found", StringComparison.Ordinal)
                    ? $"{Section}:{key}: unknown key (check its spelling against docs/operations.md)"
                    : $"{Section}:{key}: {e.Message}");
            }
        }

        var options = new ZhtpStorageOptions();
        new ConfigurationBuilder().AddInMemoryCollection(bound).Build().Bind(options);
        problems.AddRange(options.Validate(Section));
        if (ApiOptions(configuration, problems) is { } api)
        {
            problems.AddRange(api.Validate().Select(p => $"{Section}:{ApiSection}:{p}"));
        }

        if (S3Options(configuration, problems) is { } s3)
        {
            problems.AddRange(s3.Validate().Select(p => $"{Section}:{S3Section}:{p}"));
        }

        return problems;
    }

    /// <summary>
    /// The configuration <c>AddZhtpStorage</c> binds: the <see cref="Section"/> keys without the front ends' sub-sections
    /// (the storage options refuse keys they do not know).
    /// </summary>
    public static IConfigurationSection StorageSection(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IEnumerable<KeyValuePair<string, string?>> keys = configuration.GetSection(Section).AsEnumerable()
            .Where(p => p.Value is not null && FrontEnd(p.Key[(Section.Length + 1)..]) is null);
        return new ConfigurationBuilder().AddInMemoryCollection(keys).Build().GetSection(Section);
    }

    /// <summary>
    /// The HTTP API's options from <c>Zhtp:Api</c>, or null when <c>Zhtp:Api:Listen</c> is not set (no API). Keys that do not bind
    /// are added to <paramref name="problems"/> by name.
    /// </summary>
    public static Http.ZhtpApiOptions? ApiOptions(IConfiguration configuration, List<string> problems)
    {
        var options = new Http.ZhtpApiOptions();
        return BindFrontEnd(configuration, ApiSection, "docs/api.md", problems, c => c.Bind(options, b => b.ErrorOnUnknownConfiguration = true)) ? options : null;
    }

    /// <summary>The S3 gateway's options from <c>Zhtp:S3</c>, or null when <c>Zhtp:S3:Listen</c> is not set (no gateway); as <see cref="ApiOptions"/>.</summary>
    public static S3.S3GatewayOptions? S3Options(IConfiguration configuration, List<string> problems)
    {
        var options = new S3.S3GatewayOptions();

        // S3GatewayOptions.Time (a TimeProvider for tests) is not configuration; the trimmed build's binding generator skips it
        // (SYSLIB1100/1101, silenced in zhtp.csproj).
        return BindFrontEnd(configuration, S3Section, "docs/s3.md", problems, c => c.Bind(options, b => b.ErrorOnUnknownConfiguration = true)) ? options : null;
    }

    /// <summary>
    /// Binds <c>Zhtp:<paramref name="name"/></c> key by key through <paramref name="bind"/> (a call on the concrete options type, which
    /// the trimmed build's configuration-binding generator needs), naming each key that does not bind in <paramref name="problems"/>.
    /// False without a <c>Listen</c> key (the front end is off).
    /// </summary>
    private static bool BindFrontEnd(IConfiguration configuration, string name, string document, List<string> problems, Action<IConfiguration> bind)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        IConfigurationSection section = configuration.GetSection($"{Section}:{name}");
        if (string.IsNullOrEmpty(section["Listen"]))
        {
            return false;
        }

        foreach ((string key, string? value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null)
            {
                continue;
            }

            try
            {
                bind(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build());
            }
            catch (InvalidOperationException e)
            {
                problems.Add(e.Message.Contains("were not found", StringComparison.Ordinal)
                    ? $"{Section}:{name}:{key}: unknown key (check its spelling against {document})"
                    : $"{Section}:{name}:{key}: {e.Message}");
            }
        }

        return true;
    }

    /// <summary>The front-end sub-section <paramref name="relativeKey"/> (a key under <see cref="Section"/>) belongs to, or null.</summary>
    private static string? FrontEnd(string relativeKey) => FrontEndSections.FirstOrDefault(s =>
        relativeKey.Equals(s, StringComparison.OrdinalIgnoreCase) || relativeKey.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase));
}
