using System.Text;
using System.Text.RegularExpressions;

namespace Zhtp.Storage.Host.Tests;

/// <summary><c>zhtp s3 key create</c>, run in-process through the real command line parser.</summary>
public sealed partial class S3CommandTests
{
    [Fact]
    public async Task KeyCreate_PrintsIdAndSecretLast_AndStoresThemSealedOwnerOnly()
    {
        string directory = Path.Combine(Path.GetTempPath(), "zhtp-s3-key-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, output, error) = await RunAsync(["s3", "key", "create", "--data-dir", directory]);
            Assert.True(exit == 0, error);
            string last = output.TrimEnd().Split('\n')[^1].Trim();
            Match match = KeyLine().Match(last);
            Assert.True(match.Success, last);
            string id = match.Groups[1].Value, secret = match.Groups[2].Value;

            string keys = Path.Combine(directory, "s3", "keys");
            foreach (string file in new[] { Path.Combine(keys, id + ".secret"), Path.Combine(keys, id + ".identity"), Path.Combine(directory, "s3", "master.key") })
            {
                Assert.True(File.Exists(file), file);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                }
            }

            byte[] sealedSecret = await File.ReadAllBytesAsync(Path.Combine(keys, id + ".secret"));
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(sealedSecret), StringComparison.Ordinal);

            // A second key is another identity.
            var (exit2, output2, _) = await RunAsync(["s3", "key", "create", "--data-dir", directory]);
            Assert.Equal(0, exit2);
            Assert.NotEqual(last, output2.TrimEnd().Split('\n')[^1].Trim());
            Assert.Equal(4, Directory.GetFiles(keys).Length);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Program.BuildRoot().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [GeneratedRegex("^(ZHTP[A-Z2-7]{16}) ([A-Za-z0-9+/]{40})$")]
    private static partial Regex KeyLine();
}
