using Zhtp.Storage.Content;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// The exit codes of the content and identity commands (docs/cli.md, "Exit codes") and the mapping from the
/// libraries' exceptions to them, with a one-line message and no stack trace.
/// </summary>
internal static class ClientExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>Anything else: bad input, unreachable network, full quota, unavailable shards.</summary>
    public const int Failure = 1;

    /// <summary>The content, version or identity record does not exist (or was deleted).</summary>
    public const int NotFound = 2;

    /// <summary>This identity may not read or change it, or the passphrase is wrong.</summary>
    public const int AccessDenied = 3;

    /// <summary>Runs <paramref name="action"/>; writes <c>zhtp COMMAND: message</c> to <paramref name="error"/> and returns the exit code when it throws.</summary>
    public static async Task<int> RunAsync(string command, TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            (int code, string message) = Describe(e);
            await error.WriteLineAsync($"zhtp {command}: {message}").ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>The exit code and the one-line message for <paramref name="e"/>.</summary>
    public static (int Code, string Message) Describe(Exception e)
    {
        string message = e.Message.ReplaceLineEndings(" ");
        return e switch
        {
            ClientCommandException c => (c.ExitCode, message),
            ContentNotFoundException => (NotFound, $"not found: {message}"),
            IdentityVaultException { Reason: IdentityVaultError.NotFound } => (NotFound, $"not found: {message}"),
            ContentAccessDeniedException => (AccessDenied, $"access denied: {message}"),
            WrongPassphraseException => (AccessDenied, "wrong passphrase for identity.key (give the one used at `zhtp identity new`, in --passphrase-file or ZHTP_PASSPHRASE)."),
            DhtStorageFullException => (Failure, $"a node's storage quota is full: {message}"),
            ContentException when e.InnerException is DhtStorageFullException full => (Failure, $"{message} (a node's storage quota is full: {full.Message})"),
            FileNotFoundException or DirectoryNotFoundException => (Failure, message),
            OperationCanceledException => (Failure, "cancelled."),
            _ => (Failure, message),
        };
    }
}
