using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Zhtp.Storage.Erasure;

/// <summary>
/// A set of shard indices (0..255), e.g. the shards present when reconstructing. An immutable
/// 32-byte value; <c>default</c> is the empty set.
/// </summary>
public readonly struct ShardMask : IEquatable<ShardMask>
{
    /// <summary>The largest number of shards a code can have (k + m ≤ 256).</summary>
    public const int Capacity = 256;

    private readonly Words _words;

    private ShardMask(Words words) => _words = words;

    /// <summary>The empty set.</summary>
    public static ShardMask None => default;

    /// <summary>Number of shards in the set.</summary>
    public int Count => BitOperations.PopCount(_words[0]) + BitOperations.PopCount(_words[1]) + BitOperations.PopCount(_words[2]) + BitOperations.PopCount(_words[3]);

    /// <summary>The set {0, 1, ..., <paramref name="count"/> − 1}.</summary>
    public static ShardMask All(int count)
    {
        CheckIndex(count - 1, nameof(count));
        var mask = default(ShardMask);
        for (int i = 0; i < count; i++)
        {
            mask = mask.With(i);
        }

        return mask;
    }

    /// <summary>The set of indices whose flag is <see langword="true"/>.</summary>
    public static ShardMask FromFlags(ReadOnlySpan<bool> present)
    {
        if (present.Length > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(present), present.Length, $"At most {Capacity} shards.");
        }

        var mask = default(ShardMask);
        for (int i = 0; i < present.Length; i++)
        {
            if (present[i])
            {
                mask = mask.With(i);
            }
        }

        return mask;
    }

    /// <summary>The set of indices whose array is not <see langword="null"/>.</summary>
    public static ShardMask FromNonNull(ReadOnlySpan<byte[]?> shards)
    {
        if (shards.Length > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(shards), shards.Length, $"At most {Capacity} shards.");
        }

        var mask = default(ShardMask);
        for (int i = 0; i < shards.Length; i++)
        {
            if (shards[i] is not null)
            {
                mask = mask.With(i);
            }
        }

        return mask;
    }

    /// <summary>Whether <paramref name="index"/> is in the set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(int index)
    {
        CheckIndex(index, nameof(index));
        return ((Word(index >> 6) >> (index & 63)) & 1) != 0;
    }

    /// <summary>This set plus <paramref name="index"/>.</summary>
    public ShardMask With(int index)
    {
        CheckIndex(index, nameof(index));
        Words words = _words;
        words[index >> 6] |= 1UL << (index & 63);
        return new ShardMask(words);
    }

    /// <summary>This set without <paramref name="index"/>.</summary>
    public ShardMask Without(int index)
    {
        CheckIndex(index, nameof(index));
        Words words = _words;
        words[index >> 6] &= ~(1UL << (index & 63));
        return new ShardMask(words);
    }

    /// <summary>Whether the set holds any index ≥ <paramref name="count"/> (0 ≤ count ≤ 256).</summary>
    internal bool AnyAtOrAbove(int count)
    {
        for (int word = 0; word < 4; word++)
        {
            int low = word * 64;
            ulong outside = count <= low ? ulong.MaxValue : count >= low + 64 ? 0 : ~0UL << (count - low);
            if ((Word(word) & outside) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the two sets hold the same indices.</summary>
    public bool Equals(ShardMask other) =>
        _words[0] == other._words[0] && _words[1] == other._words[1] && _words[2] == other._words[2] && _words[3] == other._words[3];

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ShardMask other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_words[0], _words[1], _words[2], _words[3]);

    /// <summary>The indices, e.g. <c>{0, 2, 5}</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("{");
        for (int i = 0; i < Capacity; i++)
        {
            if (((Word(i >> 6) >> (i & 63)) & 1) != 0)
            {
                text.Append(text.Length > 1 ? ", " : string.Empty).Append(i.ToString(CultureInfo.InvariantCulture));
            }
        }

        return text.Append('}').ToString();
    }

    /// <summary>Whether the two sets hold the same indices.</summary>
    public static bool operator ==(ShardMask left, ShardMask right) => left.Equals(right);

    /// <summary>Whether the two sets differ.</summary>
    public static bool operator !=(ShardMask left, ShardMask right) => !left.Equals(right);

    // Indexed storage rather than four fields read through a switch: .NET 10.0.12's tier-1 JIT
    // (with PGO) miscompiled that switch once inlined into the unrolled AnyAtOrAbove loop,
    // reading word 0 for word 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Word(int word) => _words[word];

    private static void CheckIndex(int index, string name)
    {
        if ((uint)index >= Capacity)
        {
            throw new ArgumentOutOfRangeException(name, index, $"Shard indices run from 0 to {Capacity - 1}.");
        }
    }

    /// <summary>The 256 bits as four words, bit i of the set in word i / 64.</summary>
    [InlineArray(4)]
    private struct Words
    {
        private ulong _element;
    }
}
