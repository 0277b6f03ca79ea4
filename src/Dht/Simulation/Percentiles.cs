namespace Zhtp.Storage.Dht.Simulation;

/// <summary>Nearest-rank percentiles of a sample.</summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank <paramref name="percentile"/> (0..100) of <paramref name="values"/>; 0 for an empty sample.</summary>
    public static double Of<T>(IEnumerable<T> values, double percentile)
        where T : IConvertible
    {
        double[] sorted = values.Select(v => v.ToDouble(System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        int rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
