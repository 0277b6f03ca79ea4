using Zhtp.Storage.Dht;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Zhtp.Storage.Economic;
using Zhtp.Storage.Economic.Pricing;
using Zhtp.Storage.Economic.Quotes;
using Zhtp.Storage.Types;

namespace Zhtp.Storage.Host.Commands;

/// <summary>
/// <c>zhtp quote --size 10GB --days 30 --tier hot --replication 3 [...] [--json]</c>: prices a
/// storage request with the economic rules (docs/economics.md) and prints an itemized quote signed
/// by an ephemeral host key. Exit code 0 on success, 2 on invalid input.
/// </summary>
internal sealed class QuoteCommand : IZhtpCommand
{
    /// <inheritdoc />
    public Command Build()
    {
        var size = new Option<string>("--size") { Description = "Bytes to store, e.g. 10GB, 500MB, 1.5TB, 4GiB or a plain byte count (GB = 10^9 bytes; billed per started GB).", Required = true };
        var days = new Option<decimal>("--days") { Description = "Days to store (fractions allowed; billed per started day).", Required = true };
        var tier = new Option<string>("--tier") { Description = "hot | warm | cold | archive.", Required = true };
        var replication = new Option<int>("--replication") { Description = "Replicas (3..12).", DefaultValueFactory = _ => 3 };
        var quality = new Option<string>("--quality") { Description = "basic | premium | enterprise.", DefaultValueFactory = _ => "basic" };
        var urgency = new Option<string>("--urgency") { Description = "low | normal | high | critical.", DefaultValueFactory = _ => "normal" };
        var guarantees = new Option<bool>("--guarantees") { Description = "Ask for quality guarantees (adds the 10 % quality premium)." };
        var utilization = new Option<decimal>("--utilization") { Description = "Provider utilization in [0, 1] (market factor).", DefaultValueFactory = _ => 0.6m };
        var demand = new Option<decimal>("--demand") { Description = "Open requests per provider (demand factor).", DefaultValueFactory = _ => 0m };
        var json = new Option<bool>("--json") { Description = "Print a JSON object (amounts in tokens)." };
        var command = new Command("quote", "Prints an itemized, signed storage quote.");
        foreach (var option in new Option[] { size, days, tier, replication, quality, urgency, guarantees, utilization, demand, json })
        {
            command.Options.Add(option);
        }

        command.SetAction((ParseResult result) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            try
            {
                var request = new QuoteRequest(
                    ParseSize(result.GetValue(size)!),
                    ParseDays(result.GetValue(days)),
                    ParseEnum<StorageTier>(result.GetValue(tier)!, "--tier", "hot, warm, cold or archive"),
                    result.GetValue(replication),
                    ParseEnum<QualityLevel>(result.GetValue(quality)!, "--quality", "basic, premium or enterprise"),
                    ParseEnum<Urgency>(result.GetValue(urgency)!, "--urgency", "low, normal, high or critical"),
                    result.GetValue(guarantees));
                var market = new MarketConditions(result.GetValue(utilization), result.GetValue(demand));
                using var host = NodeSigners.CreateEcdsaP256();
                var issuer = QuoteIssuers.Create(new EconomicConfig(), host, TimeProvider.System, Random.Shared);
                var quote = issuer.Issue(request, market);
                output.Write(result.GetValue(json) ? FormatJson(quote) : FormatText(quote));
                return 0;
            }
            catch (Exception ex) when (ex is PricingException or FormatException)
            {
                error.WriteLine($"zhtp quote: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Parses sizes such as 10GB, 1.5TB, 4GiB, 512KB or 1000 (bytes).</summary>
    internal static long ParseSize(string text)
    {
        var trimmed = text.Trim();
        var split = trimmed.Length;
        while (split > 0 && char.IsLetter(trimmed[split - 1]))
        {
            split--;
        }

        var unit = trimmed[split..].ToUpperInvariant();
        long multiplier = unit switch
        {
            "" or "B" => 1,
            "KB" => 1_000,
            "MB" => 1_000_000,
            "GB" => 1_000_000_000,
            "TB" => 1_000_000_000_000,
            "KIB" => 1L << 10,
            "MIB" => 1L << 20,
            "GIB" => 1L << 30,
            "TIB" => 1L << 40,
            _ => throw new FormatException($"--size has unknown unit '{trimmed[split..]}'; use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB."),
        };
        if (!decimal.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw new FormatException($"--size must be a positive number with an optional unit (e.g. 10GB), was '{text}'.");
        }

        try
        {
            return decimal.ToInt64(decimal.Ceiling(number * multiplier));
        }
        catch (OverflowException)
        {
            throw new FormatException($"--size '{text}' is too large.");
        }
    }

    private static TimeSpan ParseDays(decimal days)
    {
        if (days <= 0 || days > 36_500)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"--days must be above 0 and at most 36500, was {days}."));
        }

        return TimeSpan.FromTicks(decimal.ToInt64(decimal.Ceiling(days * TimeSpan.TicksPerDay)));
    }

    private static T ParseEnum<T>(string text, string option, string allowed)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsDigit(text.Trim()[0])
            ? value
            : throw new FormatException($"{option} must be {allowed}, was '{text}'.");

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string FormatText(Quote quote)
    {
        var p = quote.Price;
        var r = quote.Request;
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Quote {quote.QuoteId} from host {quote.Host}");
        text.AppendLine(c, $"  valid until {quote.ExpiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'} (issued {quote.IssuedAt:yyyy-MM-dd'T'HH:mm:ss'Z'})");
        text.AppendLine(c, $"  request            {r.SizeBytes} bytes × {r.Duration.TotalDays:0.######} days × {r.Replication} replicas, tier {Lower(r.Tier)}, quality {Lower(r.Quality)}, urgency {Lower(r.Urgency)}{(r.QualityGuarantees ? ", with quality guarantees" : string.Empty)}");
        text.AppendLine(c, $"  billed             {p.BilledGb} GB × {p.BilledDays} days × {p.Replication} replicas");
        text.AppendLine(c, $"  factors            base {p.BasePricePerGbDay} tokens/GB/day × tier {p.TierScale} × quality {p.QualityMultiplier} × urgency {p.UrgencyMultiplier} × market {p.MarketFactor} (utilization {quote.Market.Utilization}) × demand {p.DemandFactor} ({quote.Market.RequestsPerProvider} requests/provider)");
        text.AppendLine(c, $"  subtotal           {p.Subtotal,16} tokens");
        text.AppendLine(c, $"  quality premium    {p.QualityPremium,16} tokens");
        text.AppendLine(c, $"  network fee        {p.NetworkFee,16} tokens");
        text.AppendLine(c, $"  escrow fee         {p.EscrowFee,16} tokens");
        text.AppendLine(c, $"  total              {p.Total,16} tokens");
        text.AppendLine(c, $"  performance bonus  up to {p.MaxPerformanceBonus} tokens to the host if measured quality earns it (paid from incentive funds, not by the renter)");
        text.AppendLine(c, $"  signature          {Convert.ToHexStringLower(quote.Signature.Span)}");
        return text.ToString();
    }

    private static string FormatJson(Quote quote)
    {
        var p = quote.Price;
        var r = quote.Request;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("quote_id", quote.QuoteId.ToString());
            w.WriteString("host", quote.Host.ToString());
            w.WriteString("issued_at", quote.IssuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("expires_at", quote.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteNumber("size_bytes", r.SizeBytes);
            w.WriteNumber("billed_gb", p.BilledGb);
            w.WriteNumber("billed_days", p.BilledDays);
            w.WriteNumber("replication", p.Replication);
            w.WriteString("tier", Lower(r.Tier));
            w.WriteString("quality", Lower(r.Quality));
            w.WriteString("urgency", Lower(r.Urgency));
            w.WriteBoolean("guarantees", r.QualityGuarantees);
            w.WritePropertyName("utilization");
            w.WriteRawValue(quote.Market.Utilization.ToString("0.######", CultureInfo.InvariantCulture));
            w.WritePropertyName("demand");
            w.WriteRawValue(quote.Market.RequestsPerProvider.ToString("0.######", CultureInfo.InvariantCulture));
            w.WriteStartObject("factors");
            Raw(w, "base_price_per_gb_day", p.BasePricePerGbDay);
            Raw(w, "tier", p.TierScale);
            Raw(w, "quality", p.QualityMultiplier);
            Raw(w, "urgency", p.UrgencyMultiplier);
            Raw(w, "market", p.MarketFactor);
            Raw(w, "demand", p.DemandFactor);
            w.WriteEndObject();
            Raw(w, "subtotal", p.Subtotal.Tokens);
            Raw(w, "quality_premium", p.QualityPremium.Tokens);
            Raw(w, "network_fee", p.NetworkFee.Tokens);
            Raw(w, "escrow_fee", p.EscrowFee.Tokens);
            Raw(w, "total", p.Total.Tokens);
            Raw(w, "max_performance_bonus", p.MaxPerformanceBonus.Tokens);
            w.WriteString("signature", Convert.ToHexStringLower(quote.Signature.Span));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static void Raw(Utf8JsonWriter w, string name, decimal value)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(value.ToString("0.######", CultureInfo.InvariantCulture));
    }
}
