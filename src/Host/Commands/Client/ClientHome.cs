using Zhtp.Storage.Types.Cryptography;
using Zhtp.Storage.Types.Identities;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// The user's home directory of the content commands (docs/cli.md, "Home"): <c>identity.pub</c> (the public
/// identity), <c>identity.key</c> (the private keys sealed under the passphrase) and <c>client/</c> (the content
/// manager's data directory: owned-content list and local search index).
/// </summary>
internal sealed class ClientHome(string directory)
{
    /// <summary>The environment variable naming the default home.</summary>
    public const string HomeVariable = "ZHTP_HOME";

    /// <summary>The environment variable holding the passphrase when no --passphrase-file is given.</summary>
    public const string PassphraseVariable = "ZHTP_PASSPHRASE";

    /// <summary>The home directory (absolute).</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The public identity file.</summary>
    public string PublicFile => Path.Combine(Directory, "identity.pub");

    /// <summary>The sealed private identity file.</summary>
    public string KeyFile => Path.Combine(Directory, "identity.key");

    /// <summary>The content manager's data directory.</summary>
    public string ClientDirectory => Path.Combine(Directory, "client");

    /// <summary>--home, else ZHTP_HOME, else ~/.zhtp.</summary>
    public static ClientHome Resolve(string? option)
    {
        string? home = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(HomeVariable) : option;
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".zhtp");
        }

        return new ClientHome(home);
    }

    /// <summary>The passphrase: the first line of <paramref name="passphraseFile"/>, else ZHTP_PASSPHRASE.</summary>
    /// <exception cref="ClientCommandException">Neither is given, or the file cannot be read or is empty.</exception>
    public static string ReadPassphrase(string? passphraseFile)
    {
        string? passphrase;
        if (passphraseFile is not null)
        {
            try
            {
                passphrase = File.ReadLines(passphraseFile).FirstOrDefault();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ClientCommandException(ClientExitCodes.Failure, $"cannot read --passphrase-file {passphraseFile}: {e.Message}");
            }
        }
        else
        {
            passphrase = Environment.GetEnvironmentVariable(PassphraseVariable);
        }

        if (string.IsNullOrEmpty(passphrase))
        {
            throw new ClientCommandException(ClientExitCodes.Failure, $"no passphrase: give --passphrase-file FILE (first line) or set {PassphraseVariable}.");
        }

        return passphrase;
    }

    /// <summary>Writes the identity's two files (refusing to replace an existing identity).</summary>
    public void Save(ZhtpIdentity identity, string passphrase)
    {
        if (File.Exists(KeyFile))
        {
            throw new ClientCommandException(ClientExitCodes.Failure, $"{KeyFile} already exists; use another --home (an identity is never overwritten).");
        }

        System.IO.Directory.CreateDirectory(Directory);
        byte[] sealedKey = identity.ExportSealed(passphrase, Argon2idParameters.Default);
        KeyFiles.WriteNew(KeyFile, sealedKey);
        File.WriteAllBytes(PublicFile, identity.Public.Encode());
    }

    /// <summary>The public identity from <c>identity.pub</c>.</summary>
    public PublicIdentity LoadPublic()
    {
        RequireIdentity();
        return PublicIdentity.Decode(File.ReadAllBytes(PublicFile));
    }

    /// <summary>Opens <c>identity.key</c> with the passphrase.</summary>
    public ZhtpIdentity Load(string passphrase)
    {
        RequireIdentity();
        return ZhtpIdentity.ImportSealed(File.ReadAllBytes(KeyFile), passphrase);
    }

    private void RequireIdentity()
    {
        if (!File.Exists(KeyFile) || !File.Exists(PublicFile))
        {
            throw new ClientCommandException(ClientExitCodes.Failure, $"no identity in {Directory}; create one with `zhtp identity new --home {Directory}` or import one with `zhtp identity import`.");
        }
    }
}
