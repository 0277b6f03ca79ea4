using System.Text.Json;
using System.Text.RegularExpressions;

namespace Zhtp.Storage.Host.Tests;

/// <summary>
/// <c>zhtp quote</c>, run in-process through the real command line parser. The worked examples are
/// read from docs/economics.md and must be reproduced to the token.
/// </summary>
public sealed partial class QuoteCommandTests
{
    public static TheoryData<string, string, string, string, string, string> DocExamples()
    {
        var data = new TheoryData<string, string, string, string, string, string>();
        foreach (var line in File.ReadLines(FindDoc()))
        {
            var match = ExampleRow().Match(line);
            if (match.Success)
            {
                data.Add(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value, match.Groups[5].Value, match.Groups[6].Value);
            }
        }

        return data;
    }

    [Fact]
    public void Docs_HaveWorkedExamples() => Assert.True(DocExamples().Count >= 5);

    [Theory]
    [MemberData(nameof(DocExamples))]
    public async Task Quote_DocExample_ReproducedToTheToken(string command, string subtotal, string premium, string networkFee, string escrowFee, string total)
    {
        var (exit, output, error) = await RunAsync(command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(subtotal, root.GetProperty("subtotal").GetRawText());
        Assert.Equal(premium, root.GetProperty("quality_premium").GetRawText());
        Assert.Equal(networkFee, root.GetProperty("network_fee").GetRawText());
        Assert.Equal(escrowFee, root.GetProperty("escrow_fee").GetRawText());
        Assert.Equal(total, root.GetProperty("total").GetRawText());
        Assert.Equal(128, root.GetProperty("signature").GetString()!.Length);
    }

    [Fact]
    public async Task Quote_Text_ItemizesAndSigns()
    {
        var (exit, output, _) = await RunAsync(["quote", "--size", "10GB", "--days", "30", "--tier", "hot", "--replication", "3"]);

        Assert.Equal(0, exit);
        Assert.Contains("subtotal", output, StringComparison.Ordinal);
        Assert.Contains("963000 tokens", output, StringComparison.Ordinal);
        Assert.Contains("up to 135000 tokens", output, StringComparison.Ordinal);
        Assert.Contains("signature", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quote_JsonExpiresOneHourAfterIssue()
    {
        var (_, output, _) = await RunAsync(["quote", "--size", "1GB", "--days", "1", "--tier", "cold", "--json"]);

        using var json = JsonDocument.Parse(output);
        var issued = DateTimeOffset.Parse(json.RootElement.GetProperty("issued_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse(json.RootElement.GetProperty("expires_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(1), expires - issued);
        Assert.Equal(3, json.RootElement.GetProperty("replication").GetInt32());
    }

    [Theory]
    [InlineData("--size", "10XB", "unknown unit")]
    [InlineData("--tier", "lukewarm", "--tier must be")]
    [InlineData("--replication", "2", "Replication must be between 3 and 12")]
    [InlineData("--utilization", "1.5", "utilization must be between 0 and 1")]
    [InlineData("--quality", "gold", "--quality must be")]
    public async Task Quote_BadInput_ExitsTwoWithClearMessage(string option, string value, string message)
    {
        var args = new List<string> { "quote", "--size", "1GB", "--days", "1", "--tier", "hot" };
        var index = args.IndexOf(option);
        if (index >= 0)
        {
            args[index + 1] = value;
        }
        else
        {
            args.Add(option);
            args.Add(value);
        }

        var (exit, _, error) = await RunAsync([.. args]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = Program.BuildRoot().Parse(args);
        var exit = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    // Found from this source file's location (works whatever the build output directory is).
    private static string FindDoc([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "docs", "economics.md");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException("docs/economics.md not found above the test source or output directory.");
    }

    [GeneratedRegex(@"^\| `(zhtp quote [^`]+)` \| ([0-9.]+) \| ([0-9.]+) \| ([0-9.]+) \| ([0-9.]+) \| ([0-9.]+) \|$")]
    private static partial Regex ExampleRow();
}
