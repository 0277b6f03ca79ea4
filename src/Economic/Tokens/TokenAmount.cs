using System.Globalization;

namespace Zhtp.Storage.Economic.Tokens;

/// <summary>
/// An amount of tokens held as a whole number of micro-tokens (1 token = 1,000,000 micro-tokens).
/// Arithmetic is checked: an overflow throws <see cref="OverflowException"/> instead of wrapping,
/// and no floating point is ever involved.
/// </summary>
/// <remarks>
/// The ledger stores <see cref="Micros"/> as a SQLite INTEGER. Amounts may be negative only as
/// intermediate values (for instance a difference); the ledger refuses negative transfers and
/// negative balances.
/// </remarks>
public readonly struct TokenAmount : IEquatable<TokenAmount>, IComparable<TokenAmount>, IFormattable
{
    /// <summary>Micro-tokens per token (10^6).</summary>
    public const long MicrosPerToken = 1_000_000;

    /// <summary>Creates an amount of <paramref name="micros"/> micro-tokens.</summary>
    public TokenAmount(long micros) => Micros = micros;

    /// <summary>The amount in micro-tokens, the smallest unit.</summary>
    public long Micros { get; }

    /// <summary>The amount in tokens (exact: a decimal with up to six fractional digits).</summary>
    public decimal Tokens => Micros / (decimal)MicrosPerToken;

    /// <summary>Zero tokens.</summary>
    public static TokenAmount Zero => default;

    /// <summary>True when the amount is zero.</summary>
    public bool IsZero => Micros == 0;

    /// <summary>True when the amount is below zero.</summary>
    public bool IsNegative => Micros < 0;

    /// <summary>
    /// Converts a token count to micro-tokens, rounding half away from zero to the nearest
    /// micro-token (the only rounding rule of the economic layer; see docs/economics.md).
    /// </summary>
    /// <exception cref="OverflowException">The amount does not fit in a 64-bit count of micro-tokens.</exception>
    public static TokenAmount FromTokens(decimal tokens) =>
        new(decimal.ToInt64(decimal.Round(tokens * MicrosPerToken, 0, MidpointRounding.AwayFromZero)));

    /// <summary>Creates an amount of whole tokens.</summary>
    /// <exception cref="OverflowException">The amount does not fit in a 64-bit count of micro-tokens.</exception>
    public static TokenAmount FromWholeTokens(long tokens) => new(checked(tokens * MicrosPerToken));

    /// <summary>
    /// The share <paramref name="numerator"/>/<paramref name="denominator"/> of this amount, rounded
    /// down to the micro-token (so shares of one amount never add up to more than the amount).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="denominator"/> is not positive.</exception>
    public TokenAmount MulDiv(long numerator, long denominator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        return new((long)(Int128.CreateChecked(Micros) * numerator / denominator));
    }

    /// <summary>This amount times a non-negative <paramref name="rate"/>, rounded half away from zero to the micro-token.</summary>
    public TokenAmount Times(decimal rate) =>
        new(decimal.ToInt64(decimal.Round(Micros * rate, 0, MidpointRounding.AwayFromZero)));

    /// <summary>The smaller of two amounts.</summary>
    public static TokenAmount Min(TokenAmount left, TokenAmount right) => left.Micros <= right.Micros ? left : right;

    /// <summary>The larger of two amounts.</summary>
    public static TokenAmount Max(TokenAmount left, TokenAmount right) => left.Micros >= right.Micros ? left : right;

    /// <summary>Checked sum.</summary>
    public static TokenAmount operator +(TokenAmount left, TokenAmount right) => new(checked(left.Micros + right.Micros));

    /// <summary>Checked difference.</summary>
    public static TokenAmount operator -(TokenAmount left, TokenAmount right) => new(checked(left.Micros - right.Micros));

    /// <summary>Checked negation.</summary>
    public static TokenAmount operator -(TokenAmount value) => new(checked(-value.Micros));

    /// <summary>Checked sum (named alternative of the operator).</summary>
    public static TokenAmount Add(TokenAmount left, TokenAmount right) => left + right;

    /// <summary>Checked difference (named alternative of the operator).</summary>
    public static TokenAmount Subtract(TokenAmount left, TokenAmount right) => left - right;

    /// <summary>Checked negation (named alternative of the operator).</summary>
    public static TokenAmount Negate(TokenAmount value) => -value;

    /// <inheritdoc />
    public bool Equals(TokenAmount other) => Micros == other.Micros;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TokenAmount other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Micros.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(TokenAmount other) => Micros.CompareTo(other.Micros);

    /// <summary>Equality.</summary>
    public static bool operator ==(TokenAmount left, TokenAmount right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TokenAmount left, TokenAmount right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(TokenAmount left, TokenAmount right) => left.Micros < right.Micros;

    /// <summary>Ordering.</summary>
    public static bool operator >(TokenAmount left, TokenAmount right) => left.Micros > right.Micros;

    /// <summary>Ordering.</summary>
    public static bool operator <=(TokenAmount left, TokenAmount right) => left.Micros <= right.Micros;

    /// <summary>Ordering.</summary>
    public static bool operator >=(TokenAmount left, TokenAmount right) => left.Micros >= right.Micros;

    /// <summary>The amount in tokens with up to six decimals and no trailing zeros, invariant culture (e.g. "963000" or "12.5").</summary>
    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        Tokens.ToString(string.IsNullOrEmpty(format) ? "0.######" : format, formatProvider ?? CultureInfo.InvariantCulture);
}
