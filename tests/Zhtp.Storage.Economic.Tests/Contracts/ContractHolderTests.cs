namespace Zhtp.Storage.Economic.Tests.Contracts;

public sealed class ContractHolderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("econ-holder-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Holder_WithSqliteStore_ReloadsSameStateAfterRestart()
    {
        var path = Path.Combine(_dir.FullName, "contracts.db");
        using var h = new EconomyHarness(hosts: 1);
        h.MintToRenter(100_000);
        ContractStatus before;
        using (var store = ContractStores.OpenSqlite(path))
        {
            var holder = new ContractHolder(NodeSigners.EcdsaP256Verifier, store: store);
            var contract = await h.ActiveContractAsync(0);
            await h.RunPeriodAsync(contract, 0);
            var record = h.Manager.Get(contract.ContractId);
            Assert.Null(holder.Deploy(contract.ContractId, contract.Encode()));
            foreach (var t in record.History)
            {
                Assert.Null(holder.Execute(contract.ContractId, t.Encode()));
            }

            Assert.Null(holder.Execute(contract.ContractId, record.History[^1].Encode())); // a retry is accepted without change
            before = holder.Query(contract.ContractId)!;
            Assert.Equal(ContractStatus.Of(record), before);
        }

        using var reopened = ContractStores.OpenSqlite(path);
        var restarted = new ContractHolder(NodeSigners.EcdsaP256Verifier, store: reopened);
        Assert.Equal(before, restarted.Query(before.ContractId));
        Assert.Equal(1, restarted.Count);
    }

    [Fact]
    public void Deploy_TamperedOrMismatched_IsRefusedWithReason()
    {
        using var h = new EconomyHarness(hosts: 1);
        var contract = h.SignedContract(0);
        var holder = new ContractHolder(NodeSigners.EcdsaP256Verifier, maxContracts: 1);

        Assert.Contains("not signed by both", holder.Deploy((contract with { Value = new TokenAmount(1) }).ContractId, (contract with { Value = new TokenAmount(1) }).Encode()), StringComparison.Ordinal);
        Assert.Contains("not", holder.Deploy(Hash256.Zero, contract.Encode()), StringComparison.Ordinal);
        Assert.Contains("malformed", holder.Deploy(contract.ContractId, new byte[] { 1, 2, 3 }), StringComparison.Ordinal);
        Assert.Null(holder.Deploy(contract.ContractId, contract.Encode()));
        Assert.Null(holder.Deploy(contract.ContractId, contract.Encode()));
        var other = h.SignedContract(0);
        Assert.Contains("at most 1", holder.Deploy(other.ContractId, other.Encode()), StringComparison.Ordinal);
        Assert.Contains("unknown contract", holder.Execute(Hash256.Zero, ContractTransition.Create(Hash256.Zero, 1, ContractEvent.Fund, h.Time.GetUtcNow(), h.Renter).Encode()), StringComparison.Ordinal);
    }
}

public sealed class ContractSizeTests
{
    // docs/economics.md promises how many shards a contract can carry inside one DHT datagram
    // payload (IDhtNode.MaxPayloadSize of a node with the default datagram size) with ECDSA P-256 keys.
    [Fact]
    public async Task Encode_MostShardsWithinOneDhtDatagram_MatchesDocs()
    {
        using var h = new EconomyHarness(hosts: 1);
        await using var node = await Dht.DhtNode.CreateAsync(new DhtConfig(), new Dht.InMemoryNetwork().CreateTransport(), Dht.NodeSigners.CreateEcdsaP256());
        var most = 0;
        for (var shards = 1; shards <= 20; shards++)
        {
            var contract = h.SignedContract(0) with
            {
                Shards = Enumerable.Range(0, shards).Select(i => new ShardTerms(Hash256.Random(new Random(i)), 256 * 1024, Hash256.Random(new Random(i + 50)))).ToList(),
            };
            if (contract.SignAsRenter(h.Renter).SignAsHost(h.HostSigners[0]).Encode().Length <= node.MaxPayloadSize)
            {
                most = shards;
            }
        }

        Assert.Equal(9, most);
    }
}
