namespace Zhtp.Storage.Erasure.Kernels;

/// <summary>
/// How many outputs one pass of the vector kernel accumulates in registers (1 to
/// <see cref="OutputGroup.MaxCount"/>); a type parameter so each count compiles to straight-line code.
/// </summary>
internal interface IOutputGroup
{
    /// <summary>Outputs per pass.</summary>
    static abstract int Count { get; }
}

/// <summary>The output-group sizes.</summary>
internal static class OutputGroup
{
    /// <summary>The largest group: four accumulators × two unrolled vectors fit the x64 register file.</summary>
    public const int MaxCount = 4;

    /// <summary>One output.</summary>
    public readonly struct One : IOutputGroup
    {
        /// <inheritdoc />
        public static int Count => 1;
    }

    /// <summary>Two outputs.</summary>
    public readonly struct Two : IOutputGroup
    {
        /// <inheritdoc />
        public static int Count => 2;
    }

    /// <summary>Three outputs.</summary>
    public readonly struct Three : IOutputGroup
    {
        /// <inheritdoc />
        public static int Count => 3;
    }

    /// <summary>Four outputs.</summary>
    public readonly struct Four : IOutputGroup
    {
        /// <inheritdoc />
        public static int Count => 4;
    }
}
