using System.Text;
using Zhtp.Storage.Dht;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Content.Tests.Manager;

/// <summary>
/// Looks for plaintext markers wherever a holder keeps data: every record of every record store (value,
/// owner key, name, signature), and the raw bytes of every file under the given directories (SQLite
/// databases with their WAL and journal files, value files, the content manager's index and lists).
/// </summary>
internal static class PlaintextScanner
{
    /// <summary>Where each marker was found ("store 3 record ab12…", "file …/records.db"); empty when nowhere.</summary>
    public static async Task<List<string>> FindAsync(IReadOnlyList<IRecordStore> stores, IEnumerable<string> directories, params string[] markers)
    {
        byte[][] needles = markers.Select(Encoding.UTF8.GetBytes).ToArray();
        var found = new List<string>();
        for (int i = 0; i < stores.Count; i++)
        {
            foreach (DhtKey key in await stores[i].KeysAsync())
            {
                if (await stores[i].GetAsync(key) is not { } record)
                {
                    continue;
                }

                byte[][] fields = [record.Value.ToArray(), record.Owner.ToArray(), Encoding.UTF8.GetBytes(record.Name), record.Signature.ToArray()];
                found.AddRange(Matches(needles, markers, fields).Select(m => $"store {i} record {key}: '{m}'"));
            }
        }

        foreach (string directory in directories.Where(Directory.Exists))
        {
            foreach (string file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
            {
                byte[] bytes;
                using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    bytes = new byte[stream.Length];
                    stream.ReadExactly(bytes);
                }

                found.AddRange(Matches(needles, markers, [bytes]).Select(m => $"file {file}: '{m}'"));
            }
        }

        return found;
    }

    private static IEnumerable<string> Matches(byte[][] needles, string[] markers, byte[][] haystacks)
    {
        for (int n = 0; n < needles.Length; n++)
        {
            if (haystacks.Any(h => h.AsSpan().IndexOf(needles[n]) >= 0))
            {
                yield return markers[n];
            }
        }
    }
}
