namespace Zhtp.Storage.Types.Cryptography;

/// <summary>
/// Argon2id cost of <see cref="PassphraseSeal"/> (RFC 9106, version 1.3). Sealing refuses values
/// below <see cref="Floor"/> (ArgumentException naming the field) and opening refuses files that
/// claim them (<see cref="SealedDataFormatException"/>), so a tampered file cannot lower the cost
/// of guessing. Values above <see cref="MaxMemoryKiB"/>, <see cref="MaxIterations"/> or
/// <see cref="MaxParallelism"/> are refused too, so a file cannot ask for unbounded work.
/// </summary>
/// <param name="MemoryKiB">Memory in KiB (at least 65536 = 64 MiB).</param>
/// <param name="Iterations">Passes over the memory (at least 3).</param>
/// <param name="Parallelism">Lanes (1 to 16; BouncyCastle computes them on one thread).</param>
public sealed record Argon2idParameters(int MemoryKiB, int Iterations, int Parallelism)
{
    /// <summary>Largest memory accepted: 4 GiB.</summary>
    public const int MaxMemoryKiB = 4 * 1024 * 1024;

    /// <summary>Most passes accepted.</summary>
    public const int MaxIterations = 64;

    /// <summary>Most lanes accepted.</summary>
    public const int MaxParallelism = 16;

    /// <summary>What <see cref="PassphraseSeal"/> and identity export use unless told otherwise: 64 MiB, 3 passes, 1 lane.</summary>
    public static Argon2idParameters Default { get; } = new(64 * 1024, 3, 1);

    /// <summary>The least accepted: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended option).</summary>
    public static Argon2idParameters Floor { get; } = new(64 * 1024, 3, 1);

    /// <summary>Null when usable, else a message naming the field and the allowed range.</summary>
    internal string? Problem() =>
        MemoryKiB < Floor.MemoryKiB || MemoryKiB > MaxMemoryKiB ? $"Argon2idParameters.MemoryKiB: {MemoryKiB} KiB is outside {Floor.MemoryKiB}..{MaxMemoryKiB} KiB (the floor is 64 MiB)."
        : Iterations < Floor.Iterations || Iterations > MaxIterations ? $"Argon2idParameters.Iterations: {Iterations} is outside {Floor.Iterations}..{MaxIterations} passes."
        : Parallelism < Floor.Parallelism || Parallelism > MaxParallelism ? $"Argon2idParameters.Parallelism: {Parallelism} is outside {Floor.Parallelism}..{MaxParallelism} lanes."
        : null;
}
