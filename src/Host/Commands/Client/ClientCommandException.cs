namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>A content command's failure that is already explained: its one-line message goes to stderr and the process exits with <see cref="ExitCode"/>.</summary>
internal sealed class ClientCommandException : Exception
{
    public ClientCommandException()
    {
    }

    public ClientCommandException(string message)
        : base(message)
    {
    }

    public ClientCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClientCommandException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    /// <summary>The process exit code (docs/cli.md, "Exit codes").</summary>
    public int ExitCode { get; } = ClientExitCodes.Failure;
}
