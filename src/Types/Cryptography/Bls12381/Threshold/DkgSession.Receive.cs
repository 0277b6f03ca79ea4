namespace Zhtp.Storage.Types.Cryptography.Bls12381.Threshold;

internal sealed partial class DkgSession
{
    public IReadOnlyList<DkgOutgoing> Receive(int from, ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        var output = new List<DkgOutgoing>();
        if (Phase is DkgPhase.NotStarted or DkgPhase.Completed or DkgPhase.Failed)
        {
            Dropped++;
            return output;
        }

        DkgMessage? message = DkgWire.TryDecode(_session, payload);
        if (message is null || message.From != from || from < 1 || from > _n || from == _self)
        {
            Dropped++;
            return output;
        }

        bool accepted = message switch
        {
            DkgAnnounce a => OnAnnounce(a, output),
            DkgDeal d => OnDeal(d),
            DkgComplaint c => OnComplaint(c, output),
            DkgReveal r => OnReveal(r),
            _ => false,
        };
        if (!accepted)
        {
            Dropped++;
        }

        Advance(now, output);
        return output;
    }

    private bool OnAnnounce(DkgAnnounce a, List<DkgOutgoing> output)
    {
        if (Phase != DkgPhase.Dealing || _encryptionKeys[a.From] is not null)
        {
            return _encryptionKeys[a.From] is { } known && known.AsSpan().SequenceEqual(a.EncryptionKey);
        }

        _encryptionKeys[a.From] = a.EncryptionKey;
        int j = a.From;
        var share = new byte[Fr.Size];
        _polynomial!.Evaluate(j).WriteBytes(share);
        if (TamperShare is { } tamper)
        {
            share = tamper(j, share);
        }

        byte[] encrypted;
        try
        {
            encrypted = ShareCipher.Encrypt(_encryptionKey!, a.EncryptionKey, _session, _self, j, share);
        }
        catch (ArgumentException)
        {
            _encryptionKeys[a.From] = null;
            return false;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(share);
        }

        _dealtTo[j] = true;
        output.Add(new DkgOutgoing(j, DkgWire.Encode(_session, new DkgDeal(_self, j, _encryptionKey!.PublicKey.ToArray(), _commitments[_self]!, encrypted))));
        return true;
    }

    private bool OnDeal(DkgDeal d)
    {
        if (Phase != DkgPhase.Dealing || d.To != _self || d.Commitment.Threshold != _t || _hasShare[d.From])
        {
            return false;
        }

        if (_commitments[d.From] is { } known && !known.Equals(d.Commitment))
        {
            return false;
        }

        // A share that does not decrypt or verify leaves _hasShare false: this member complains when dealing ends.
        _commitments[d.From] = d.Commitment;
        Span<byte> plain = stackalloc byte[Fr.Size];
        try
        {
            if (ShareCipher.TryDecrypt(_encryptionKey!, d.DealerKey, _session, d.From, _self, d.EncryptedShare, plain))
            {
                TryAcceptShare(d.From, plain, d.Commitment);
            }
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plain);
        }

        return true;
    }

    private bool OnComplaint(DkgComplaint c, List<DkgOutgoing> output)
    {
        if (Phase == DkgPhase.Revealing || _complaints[c.From] is not null || c.Accused.Any(i => i < 1 || i > _n) || c.Accused.Distinct().Count() != c.Accused.Length)
        {
            return false;
        }

        _complaints[c.From] = c.Accused;
        if (c.Accused.Contains(_self) && _revealedByMe.Add((_self, c.From)))
        {
            var share = new byte[Fr.Size];
            _polynomial!.Evaluate(c.From).WriteBytes(share);
            if (TamperReveals && TamperShare is { } tamper)
            {
                share = tamper(c.From, share);
            }

            Broadcast(output, new DkgReveal(_self, c.From, share, _commitments[_self]!));
            _answered.Add((_self, c.From));
        }

        return true;
    }

    private bool OnReveal(DkgReveal r)
    {
        int dealer = r.From;
        if (Phase == DkgPhase.NotStarted || r.Accuser < 1 || r.Accuser > _n || _answered.Contains((dealer, r.Accuser)) || r.Commitment.Threshold != _t)
        {
            return false;
        }

        if (_commitments[dealer] is { } known && !known.Equals(r.Commitment))
        {
            _disqualified[dealer] = $"its revealed commitments differ from those it dealt to member {_self}";
            return true;
        }

        // Reveals may arrive before the complaint they answer (complaints and reveals race); they are
        // checked now and counted as answers whenever the complaint is known.
        using SecretShare? revealed = TryShare(r.Accuser, r.Share);
        if (revealed is null || !r.Commitment.VerifyShare(revealed))
        {
            _disqualified[dealer] = $"the share it revealed for member {r.Accuser}'s complaint fails the Feldman check";
            return true;
        }

        _commitments[dealer] ??= r.Commitment;
        _answered.Add((dealer, r.Accuser));
        if (r.Accuser == _self && !_hasShare[dealer])
        {
            TryAcceptShare(dealer, r.Share, r.Commitment);
        }

        return true;
    }

    private void TryAcceptShare(int dealer, ReadOnlySpan<byte> plain, FeldmanCommitment commitment)
    {
        using SecretShare? share = TryShare(_self, plain);
        if (share is not null && commitment.VerifyShare(share) && Fr.TryFromBytes(plain, out Fr value))
        {
            _shares[dealer] = value;
            _hasShare[dealer] = true;
        }
    }

    private static SecretShare? TryShare(int index, ReadOnlySpan<byte> scalar)
    {
        try
        {
            return SecretShare.FromBytes(index, scalar);
        }
        catch (BlsFormatException)
        {
            return null;
        }
    }
}
