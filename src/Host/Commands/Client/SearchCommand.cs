using System.CommandLine;
using System.Globalization;
using Zhtp.Storage.Content;

namespace Zhtp.Storage.Host.Commands.Client;

/// <summary>
/// <c>zhtp search WORDS</c>: the home's local index and the network's keyword records (public content), as this
/// identity sees them (content it cannot read is hidden); one line per hit, <c>ID SIZE NAME [tags]</c>.
/// </summary>
internal sealed class SearchCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var words = new Argument<string[]>("WORDS") { Description = "Words to find in names, descriptions and tags.", Arity = ArgumentArity.OneOrMore };
        var tag = new Option<string?>("--tag") { Description = "Only content with this tag." };
        var command = new Command("search", "Searches the local index and the network's keyword records for WORDS.");
        command.Arguments.Add(words);
        command.Options.Add(tag);
        var client = new ClientOptions().AddTo(command, network: true);
        command.SetAction((result, cancellationToken) => ClientExitCodes.RunAsync("search", result.InvocationConfiguration.Error, async () =>
        {
            await using ContentClient session = await ContentClient.OpenAsync(client, result, join: true, result.InvocationConfiguration.Error, "search", cancellationToken).ConfigureAwait(false);
            IReadOnlyList<ContentSearchHit> hits = await session.Manager.SearchAsync(new ContentSearchQuery
            {
                Text = string.Join(' ', result.GetValue(words) ?? []),
                Tag = result.GetValue(tag),
                IncludeNetwork = true,
            }, cancellationToken).ConfigureAwait(false);
            foreach (ContentSearchHit hit in hits)
            {
                string tags = hit.Metadata.Tags.Count == 0 ? "" : $"  [{string.Join(", ", hit.Metadata.Tags)}]";
                await result.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{hit.Id}  {hit.Size,12:N0}  {hit.Metadata.Filename}{tags}")).ConfigureAwait(false);
            }

            await result.InvocationConfiguration.Error.WriteLineAsync($"{hits.Count} hit(s)").ConfigureAwait(false);
            return ClientExitCodes.Success;
        }));
        return command;
    }
}
