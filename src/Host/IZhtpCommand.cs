using System.CommandLine;

namespace Zhtp.Storage.Host;

/// <summary>
/// A top-level <c>zhtp</c> sub-command. Every non-abstract implementation in this assembly is
/// discovered at start-up and added to the root command, so a new command is one new file.
/// </summary>
internal interface IZhtpCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    Command Build();
}

/// <summary>
/// A <c>zhtp bench NAME</c> sub-command; discovered like <see cref="IZhtpCommand"/> and grouped
/// under <c>zhtp bench</c>.
/// </summary>
internal interface IBenchCommand
{
    /// <summary>Builds the bench sub-command with its options and action.</summary>
    Command Build();
}
