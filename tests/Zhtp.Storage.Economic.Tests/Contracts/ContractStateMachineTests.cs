namespace Zhtp.Storage.Economic.Tests.Contracts;

public sealed class ContractStateMachineTests : IDisposable
{
    private readonly EconomyHarness _h = new(hosts: 1);

    public void Dispose() => _h.Dispose();

    private ContractTransition T(ContractRecord r, ContractEvent ev, INodeSigner? signer = null, int period = -1, ViolationKind? violation = null, TokenAmount amount = default, TimeSpan? after = null) =>
        ContractTransition.Create(r.Contract.ContractId, r.Sequence + 1, ev, r.Contract.StartsAt + (after ?? TimeSpan.Zero), signer ?? _h.Renter, period, violation, amount);

    private ContractRecord Fresh() => ContractRecord.Create(_h.SignedContract(0), NodeSigners.EcdsaP256Verifier);

    [Fact]
    public void Create_BothSigned_IsContract_OneSignatureMissing_IsQuote()
    {
        var contract = _h.SignedContract(0);
        Assert.Equal(ContractState.Contract, ContractRecord.Create(contract, NodeSigners.EcdsaP256Verifier).State);
        Assert.Equal(ContractState.Quote, ContractRecord.Create(contract with { RenterSignature = ReadOnlyMemory<byte>.Empty }, NodeSigners.EcdsaP256Verifier).State);
    }

    [Fact]
    public void Apply_EveryStateEventPair_FollowsTheTableOrThrowsTyped()
    {
        var states = Enum.GetValues<ContractState>();
        var events = Enum.GetValues<ContractEvent>();
        var legal = 0;
        foreach (var state in states)
        {
            foreach (var ev in events)
            {
                var record = Fresh() with { State = state, OpenViolation = ViolationKind.SlowResponse, EvaluatedPeriods = [0, 1, 2] };
                var t = T(record, ev, period: 2, violation: ViolationKind.SlowResponse, after: TimeSpan.FromDays(3));
                var expected = ContractStateMachine.Next(state, ev);
                if (expected is null || ev is ContractEvent.PassPeriod or ContractEvent.FailPeriod or ContractEvent.ReportViolation)
                {
                    var ex = Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(record, t, NodeSigners.EcdsaP256Verifier));
                    Assert.Equal(state, ex.From);
                    Assert.Equal(ev, ex.Event);
                    continue;
                }

                Assert.Equal(expected, ContractStateMachine.Apply(record, t, NodeSigners.EcdsaP256Verifier).State);
                legal++;
            }
        }

        Assert.Equal(12, legal);
    }

    [Fact]
    public void Apply_FullHappyPath_ReachesSettlement()
    {
        var r = Fresh();
        var v = NodeSigners.EcdsaP256Verifier;
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.Fund), v);
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.BeginMonitoring, _h.HostSigners[0]), v);
        for (var p = 0; p < 3; p++)
        {
            r = ContractStateMachine.Apply(r, T(r, ContractEvent.PassPeriod, period: p, after: TimeSpan.FromDays(p + 1)), v);
        }

        r = ContractStateMachine.Apply(r, T(r, ContractEvent.Complete, _h.HostSigners[0], after: TimeSpan.FromDays(3)), v);
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.Settle, after: TimeSpan.FromDays(3)), v);

        Assert.Equal(ContractState.Settlement, r.State);
        Assert.Equal(3, r.PeriodsPassed);
        Assert.Equal(7, r.Sequence);
        Assert.True(r.IsFinal);
    }

    [Fact]
    public void Apply_HostSignsRenterOnlyEvent_Throws()
    {
        var r = Fresh();
        Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(r, T(r, ContractEvent.Fund, _h.HostSigners[0]), NodeSigners.EcdsaP256Verifier));
    }

    [Fact]
    public void Apply_WrongSequenceOrForgedSignature_Throws()
    {
        var r = Fresh();
        var skip = ContractTransition.Create(r.Contract.ContractId, 2, ContractEvent.Fund, r.Contract.StartsAt, _h.Renter);
        Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(r, skip, NodeSigners.EcdsaP256Verifier));
        var forged = T(r, ContractEvent.Fund) with { Amount = new TokenAmount(5) };
        Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(r, forged, NodeSigners.EcdsaP256Verifier));
    }

    [Fact]
    public void Apply_PeriodTwiceOrBeforeItEnds_Throws()
    {
        var r = Fresh();
        var v = NodeSigners.EcdsaP256Verifier;
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.Fund), v);
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.BeginMonitoring), v);
        Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(r, T(r, ContractEvent.PassPeriod, period: 0, after: TimeSpan.FromHours(23)), v));
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.PassPeriod, period: 0, after: TimeSpan.FromDays(1)), v);
        Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(r, T(r, ContractEvent.FailPeriod, period: 0, after: TimeSpan.FromDays(1)), v));
        Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(r, T(r, ContractEvent.PassPeriod, period: 3, after: TimeSpan.FromDays(4)), v));
    }

    [Fact]
    public void Apply_PenaltyAboveSchedule_Throws_AndTerminatingViolationCannotResume()
    {
        var r = Fresh();
        var v = NodeSigners.EcdsaP256Verifier;
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.Fund), v);
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.BeginMonitoring), v);
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.ReportViolation, period: 0, violation: ViolationKind.DataLoss, after: TimeSpan.FromHours(2)), v);
        var cap = r.Contract.Value.Times(0.5m);
        Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(r, T(r, ContractEvent.ApplyPenalty, violation: ViolationKind.DataLoss, amount: cap + new TokenAmount(1), after: TimeSpan.FromHours(2)), v));
        Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(r, T(r, ContractEvent.ApplyPenalty, violation: ViolationKind.SlowResponse, amount: cap, after: TimeSpan.FromHours(2)), v));
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.ApplyPenalty, violation: ViolationKind.DataLoss, amount: cap, after: TimeSpan.FromHours(2)), v);
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.Resolve, after: TimeSpan.FromHours(2)), v);
        Assert.Throws<IllegalTransitionException>(() => ContractStateMachine.Apply(r, T(r, ContractEvent.Resume, after: TimeSpan.FromHours(2)), v));
        r = ContractStateMachine.Apply(r, T(r, ContractEvent.Terminate, after: TimeSpan.FromHours(2)), v);
        Assert.Equal(ContractState.Settlement, r.State);
        Assert.Equal(cap, r.PenaltiesApplied);
    }

    [Fact]
    public void ContractAndTransition_EncodeDecode_RoundTrip()
    {
        var contract = _h.SignedContract(0);
        var decoded = StorageContract.Decode(contract.Encode());
        Assert.Equal(contract.ContractId, decoded.ContractId);
        Assert.True(decoded.IsSignedByBoth(NodeSigners.EcdsaP256Verifier));
        Assert.Equal(contract.Sla, decoded.Sla);

        var t = ContractTransition.Create(contract.ContractId, 4, ContractEvent.ApplyPenalty, _h.Time.GetUtcNow(), _h.Renter, 2, ViolationKind.Unavailability, new TokenAmount(77));
        var back = ContractTransition.Decode(t.Encode());
        Assert.Equal(t, back);
        Assert.True(back.VerifySignature(NodeSigners.EcdsaP256Verifier));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Decode_AShardOfNoPositiveSize_IsRefusedNamingTheShard(long size)
    {
        var contract = _h.SignedContract(0);
        var shards = contract.Shards.ToArray();
        shards[^1] = shards[^1] with { SizeBytes = size };
        var bad = contract with { Shards = shards };
        var e = Assert.ThrowsAny<Exception>(() => StorageContract.Decode(bad.Encode()));
        Assert.Contains($"shard {shards.Length - 1} has size {size}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContractId_ChangesWithAnyTerm_NotWithSignatures()
    {
        var contract = _h.SignedContract(0);
        Assert.Equal(contract.ContractId, (contract with { HostSignature = ReadOnlyMemory<byte>.Empty }).ContractId);
        Assert.NotEqual(contract.ContractId, (contract with { Value = contract.Value + new TokenAmount(1) }).ContractId);
        Assert.False((contract with { Value = contract.Value + new TokenAmount(1) }).IsSignedByBoth(NodeSigners.EcdsaP256Verifier));
    }
}
