using System.Globalization;
using System.Net;
using Zhtp.Storage.Types;
using Zhtp.Storage.Types.Cryptography;

namespace Zhtp.Storage.Unified;

/// <summary>
/// Everything a storage node needs, bindable from configuration (section <c>Zhtp</c> by convention:
/// <c>Zhtp:Port</c>, <c>Zhtp:Bootstrap:0</c>, <c>Zhtp:Dht:K</c>, ... ; docs/operations.md lists every key).
/// <see cref="Validate"/> reports every bad field at once, named by its configuration key.
/// </summary>
public sealed class ZhtpStorageOptions
{
    /// <summary>The default environment variable holding the identity passphrase.</summary>
    public const string DefaultPassphraseVariable = "ZHTP_IDENTITY_PASSPHRASE";

    /// <summary>
    /// Directory holding the node key, records (SQLite), the content index, the identity file and the
    /// lock file; created on start. Null keeps everything in memory (a fresh node id on every start).
    /// Two systems cannot share one directory (<see cref="DataDirectoryLockedException"/>).
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>IP address the UDP socket and the TCP bulk channel bind to. Default 127.0.0.1 (loopback only); "0.0.0.0" or "::" to serve a network.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>UDP port (the bulk channel uses the same number over TCP). 0 (default) picks a free port; read it from <see cref="IUnifiedStorageSystem.GetNodeInfo"/>.</summary>
    public int Port { get; set; }

    /// <summary>Nodes to join through, as <c>host:port</c> (IPv4, <c>[IPv6]:port</c> or a host name). Empty: a first node (or one that rejoins from its saved contacts).</summary>
    public IList<string> Bootstrap { get; } = new List<string>();

    /// <summary>Plaintext bytes per content segment: 1 KiB to 64 MiB, default 1 MiB.</summary>
    public int SegmentSize { get; set; } = 1 << 20;

    /// <summary>
    /// Storage market switch. False (default): shards go to the k closest live nodes, as the content layer does
    /// by itself (private clusters); quotes are still priced. True: the node hosts for the market (answers quotes,
    /// signs contracts for shards it holds, answers audits) and uploads through it: signed quotes from the closest
    /// hosts, matched on price, reputation and /24 diversity, one contract per host funded from this node's
    /// ledger, audits on the contract clock, pay and penalties per billing period (docs/economics.md).
    /// </summary>
    public bool EconomicsEnabled { get; set; }

    /// <summary>
    /// Development faucet: tokens minted once to this node's ledger account when the market opens (idempotent per
    /// node id and amount, so a restart does not mint again). 0 (default) mints nothing. For local clusters only:
    /// the ledger is this node's own.
    /// </summary>
    public decimal DevFaucetTokens { get; set; }

    /// <summary>
    /// Whether this node, as a holder of others' contracts, acknowledges each accepted step with a BLS signature
    /// (the renter aggregates the k holders' into one 96-byte signature and verifies them at once) rather than
    /// with a signature by its node key. Default false: a step costs each holder a BLS signature (about 1.5–2 ms)
    /// and the renter a FastAggregateVerify (about 4–6 ms for 20 keys), which makes the contract round of an upload
    /// on a one-machine test cluster about 4× slower; the node-key path is cheaper and larger (docs/economics.md,
    /// "Holder attestations"). Renters verify both. As a host, the node then also answers audits with BLS signatures
    /// (aggregated by the renter per billing period), which renters of the previous release cannot read.
    /// </summary>
    public bool BlsAcknowledgements { get; set; }

    /// <summary>Term of the contracts uploads make (economics enabled). Default 30 days; at least one billing period.</summary>
    public TimeSpan ContractDuration { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Storage tier of the contracts uploads make. Default Warm.</summary>
    public StorageTier ContractTier { get; set; } = StorageTier.Warm;

    /// <summary>How often the market ticks (due audits, period closes, settlements), on the contract clock. Default 1 min.</summary>
    public TimeSpan ContractTickInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the hosted service runs content and DHT maintenance (renew, repair, republish). Default 10 min; must be shorter than a shard's 24 h lifetime.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The user identity file (<c>identity.key</c>, sealed under a passphrase; docs/security.md "Identity files"),
    /// relative to <see cref="DataDirectory"/> unless rooted. Default <c>identity.key</c>. Used only when the
    /// passphrase variable is set: the file is loaded, or created with a new Hybrid identity on first start.
    /// </summary>
    public string IdentityFile { get; set; } = "identity.key";

    /// <summary>
    /// Name of the environment variable that holds the identity passphrase (never the passphrase itself, so it
    /// stays out of configuration files). Default <see cref="DefaultPassphraseVariable"/>. When the variable is
    /// unset or empty, the node acts as a new in-memory identity on every start (what it uploads as Private
    /// cannot be read after a restart) and logs a warning.
    /// </summary>
    public string IdentityPassphraseVariable { get; set; } = DefaultPassphraseVariable;

    /// <summary>
    /// Algorithm of the node key that signs DHT traffic: <see cref="SignatureAlgorithm.EcdsaP256"/> (default, file
    /// <c>node-key.p8</c>) or <see cref="SignatureAlgorithm.MLDsa65"/> (post-quantum, file <c>node-key.mldsa65</c>).
    /// A network uses one; the key file of the other algorithm is ignored, so changing it gives the node a new id.
    /// </summary>
    public SignatureAlgorithm NodeKeyAlgorithm { get; set; } = SignatureAlgorithm.EcdsaP256;

    /// <summary>DHT settings (Kademlia k and alpha, timeouts, record TTL, storage quota, ...).</summary>
    public DhtConfig Dht { get; set; } = new();

    /// <summary>Content settings; <see cref="ContentConfig.DefaultEncryption"/> is the encryption default of uploads that name none.</summary>
    public ContentConfig Content { get; set; } = new();

    /// <summary>Erasure coding (data + parity shards, default 4 + 2).</summary>
    public ErasureConfig Erasure { get; set; } = new();

    /// <summary>Pricing and market settings (quotes are priced with them).</summary>
    public EconomicConfig Economic { get; set; } = new();

    /// <summary>
    /// Returns every problem, each prefixed with its configuration key under <paramref name="sectionPath"/>
    /// (e.g. <c>Zhtp:Port: must be between 0 and 65535, was 70000</c>); empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate(string sectionPath = "Zhtp")
    {
        string prefix = string.IsNullOrEmpty(sectionPath) ? "" : sectionPath + ":";
        var errors = new List<string>();
        void Add(string key, string problem) => errors.Add($"{prefix}{key}: {problem}");
        CultureInfo c = CultureInfo.InvariantCulture;

        if (DataDirectory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            Add(nameof(DataDirectory), "must be a directory path or absent (in memory), was blank");
        }

        if (!IPAddress.TryParse(BindAddress ?? "", out _))
        {
            Add(nameof(BindAddress), $"must be an IP address (e.g. 127.0.0.1, 0.0.0.0, ::), was '{BindAddress}'");
        }

        if (Port is < 0 or > 65535)
        {
            Add(nameof(Port), string.Create(c, $"must be between 0 and 65535, was {Port}"));
        }

        for (int i = 0; i < Bootstrap.Count; i++)
        {
            if (!Runtime.BootstrapEndpoints.TryParse(Bootstrap[i], out _))
            {
                Add(string.Create(c, $"Bootstrap:{i}"), $"must be host:port with a port 1..65535, was '{Bootstrap[i]}'");
            }
        }

        if (SegmentSize is < 1024 or > 64 << 20)
        {
            Add(nameof(SegmentSize), string.Create(c, $"must be between 1024 and {64 << 20}, was {SegmentSize}"));
        }

        if (DevFaucetTokens < 0 || DevFaucetTokens > 1_000_000_000m)
        {
            Add(nameof(DevFaucetTokens), string.Create(c, $"must be between 0 and 1,000,000,000 tokens, was {DevFaucetTokens}"));
        }

        if (Economic is { } economic && (ContractDuration < economic.BillingPeriod || ContractDuration > TimeSpan.FromDays(3650)))
        {
            Add(nameof(ContractDuration), string.Create(c, $"must be at least one billing period ({economic.BillingPeriod}) and at most 10 years, was {ContractDuration}"));
        }

        if (!Enum.IsDefined(ContractTier))
        {
            Add(nameof(ContractTier), string.Create(c, $"unknown tier {(int)ContractTier}"));
        }

        if (ContractTickInterval <= TimeSpan.Zero || ContractTickInterval > TimeSpan.FromHours(1))
        {
            Add(nameof(ContractTickInterval), string.Create(c, $"must be positive and at most 1 h, was {ContractTickInterval}"));
        }

        if (MaintenanceInterval <= TimeSpan.Zero || MaintenanceInterval >= TimeSpan.FromHours(24))
        {
            Add(nameof(MaintenanceInterval), string.Create(c, $"must be positive and shorter than 24 h (the shard lifetime), was {MaintenanceInterval}"));
        }

        if (string.IsNullOrWhiteSpace(IdentityFile))
        {
            Add(nameof(IdentityFile), "must be a file name or path");
        }

        if (string.IsNullOrWhiteSpace(IdentityPassphraseVariable))
        {
            Add(nameof(IdentityPassphraseVariable), "must name an environment variable");
        }

        if (NodeKeyAlgorithm is not (SignatureAlgorithm.EcdsaP256 or SignatureAlgorithm.MLDsa65))
        {
            Add(nameof(NodeKeyAlgorithm), $"must be EcdsaP256 or MLDsa65 (node keys), was {NodeKeyAlgorithm}");
        }

        AddNested(errors, prefix, nameof(Dht), Dht?.Validate());
        AddNested(errors, prefix, nameof(Content), Content?.Validate());
        AddNested(errors, prefix, nameof(Erasure), Erasure?.Validate());
        AddNested(errors, prefix, nameof(Economic), Economic?.Validate());
        return errors;
    }

    /// <summary>The layers' configuration as one record (what <see cref="IUnifiedStorageSystem.GetConfig"/> starts from).</summary>
    public UnifiedStorageConfig ToConfig() => new()
    {
        DataDirectory = DataDirectory,
        Dht = Dht,
        Content = Content,
        Erasure = Erasure,
        Economic = Economic,
    };

    /// <summary>Adds a nested record's problems ("ContentConfig.MaxSegmentsInFlight: ...") under its configuration key ("Zhtp:Content:MaxSegmentsInFlight: ...").</summary>
    private static void AddNested(List<string> errors, string prefix, string name, IReadOnlyList<string>? nested)
    {
        if (nested is null)
        {
            errors.Add($"{prefix}{name}: is required");
            return;
        }

        foreach (string problem in nested)
        {
            // Types' messages read "RecordName.Field: problem"; the key is the part before the first ": ".
            int colon = problem.IndexOf(": ", StringComparison.Ordinal);
            string path = colon < 0 ? "" : problem[..colon];
            int dot = path.IndexOf('.', StringComparison.Ordinal);
            string field = dot < 0 ? path : path[(dot + 1)..];
            errors.Add(colon < 0 ? $"{prefix}{name}: {problem}" : $"{prefix}{name}:{field.Replace('.', ':')}{problem[colon..]}");
        }
    }
}
