using System.Globalization;

namespace Zhtp.Storage.Economic.Tests;

/// <summary>
/// Entry point of the test assembly when run as a process: <c>ledger-child PATH SEED</c> posts
/// transfers of every kind to the ledger at PATH forever (until killed), printing "ready" once
/// the first posting committed and "posted N" after each later commit. The crash test kills it at a random instant.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "ledger-child")
        {
            using var ledger = EconomicLedger.OpenSqlite(args[1]);
            var workload = new Ledger.LedgerWorkload(ledger, int.Parse(args[2], CultureInfo.InvariantCulture));
            workload.Step();
            Console.Out.WriteLine("ready");
            Console.Out.Flush();
            for (var posted = 1; ; posted++)
            {
                workload.Step();
                Console.Out.WriteLine($"posted {posted}");
                Console.Out.Flush();
            }
        }

        Console.Error.WriteLine("usage: ledger-child PATH SEED");
        return 2;
    }
}
