using System.CommandLine;
using System.Net;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// The options every content command shares (docs/cli.md): <c>--home</c>, <c>--passphrase-file</c> and, for
/// commands that reach the network, <c>--bootstrap</c> (default ZHTP_BOOTSTRAP) and <c>--signer</c>.
/// </summary>
internal sealed class ClientOptions
{
    /// <summary>The environment variable with the default bootstrap endpoints (comma-separated HOST:PORT).</summary>
    public const string BootstrapVariable = "ZHTP_BOOTSTRAP";

    private readonly Option<string?> _home = new("--home") { Description = $"Directory of the identity and client state (default ${ClientHome.HomeVariable}, else ~/.zhtp)." };
    private readonly Option<string?> _passphraseFile = new("--passphrase-file") { Description = $"File whose first line is the identity passphrase (default ${ClientHome.PassphraseVariable})." };
    private readonly Option<string[]> _bootstrap = new("--bootstrap") { Description = $"HOST:PORT of a running node; repeatable (default ${BootstrapVariable}, comma-separated)." };
    private readonly Option<string> _signer = DhtHostSupport.SignerOption();

    /// <summary>Adds the options to <paramref name="command"/> (<paramref name="network"/>: also --bootstrap and --signer).</summary>
    public ClientOptions AddTo(Command command, bool network)
    {
        command.Options.Add(_home);
        command.Options.Add(_passphraseFile);
        if (network)
        {
            command.Options.Add(_bootstrap);
            command.Options.Add(_signer);
        }

        return this;
    }

    /// <summary>The home named by --home / ZHTP_HOME.</summary>
    public ClientHome Home(ParseResult result) => ClientHome.Resolve(result.GetValue(_home));

    /// <summary>The passphrase from --passphrase-file / ZHTP_PASSPHRASE.</summary>
    public string Passphrase(ParseResult result) => ClientHome.ReadPassphrase(result.GetValue(_passphraseFile));

    /// <summary>The node key algorithm of --signer.</summary>
    public SignatureAlgorithm Signer(ParseResult result) => DhtHostSupport.SignerAlgorithm(result.GetValue(_signer));

    /// <summary>The bootstrap endpoints from --bootstrap, else ZHTP_BOOTSTRAP.</summary>
    /// <exception cref="ClientCommandException">None is given, or one is not HOST:PORT.</exception>
    public IReadOnlyList<IPEndPoint> Bootstrap(ParseResult result)
    {
        string[] texts = result.GetValue(_bootstrap) ?? [];
        if (texts.Length == 0)
        {
            texts = (Environment.GetEnvironmentVariable(BootstrapVariable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (texts.Length == 0)
        {
            throw new ClientCommandException(ClientExitCodes.Failure, $"no bootstrap node: give --bootstrap HOST:PORT or set {BootstrapVariable}.");
        }

        var endpoints = new List<IPEndPoint>();
        foreach (string text in texts)
        {
            endpoints.Add(DhtHostSupport.ParseEndPoint(text, out string? problem) ?? throw new ClientCommandException(ClientExitCodes.Failure, $"--bootstrap {problem}"));
        }

        return endpoints;
    }
}
