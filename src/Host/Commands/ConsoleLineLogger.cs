using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Zhtp.Storage.Host.Commands;

/// <summary>A minimal logger writing one timestamped line per message to a writer (standard error).</summary>
internal sealed class ConsoleLineLogger(TextWriter writer, LogLevel minimum) : ILogger
{
    private readonly Lock _lock = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        string line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} {logLevel.ToString().ToUpperInvariant()[..4]} {formatter(state, exception)}");
        lock (_lock)
        {
            writer.WriteLine(exception is null ? line : $"{line}: {exception.Message}");
        }
    }
}
