namespace AlphaHost.Host.Trading;

/// <summary>A ledger whose cash or positions do not follow from its fills.</summary>
public sealed class LedgerInconsistentException(string message) : Exception(message);

/// <summary>
/// The start-up invariant: replaying the fills tick by tick must reproduce, at every committed
/// tick, the recorded cash (deposit + cash movements, and each fill's movements match the fill),
/// the position snapshot (units per code), its values and the NAV; ticks are contiguous from 0;
/// every order's remaining quantity equals its quantity minus its fills.
/// </summary>
public static class LedgerAudit
{
    public static void Verify(Ledger ledger)
    {
        string where = $"ledger {ledger.Path}";
        decimal multiplier = ledger.Multiplier;

        var fillsByTick = new Dictionary<int, List<Fill>>();
        var filledByOrder = new Dictionary<long, long>();
        using (var r = ledger.Query("SELECT id, tick, order_id, code, kind, quantity, reference_price, price, commission, stamp_duty, slippage FROM fills ORDER BY id"))
            while (r.Read())
            {
                var f = new Fill(r.GetInt64(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(3), r.GetString(4),
                    r.GetInt64(5), Money.Parse(r.GetString(6)), Money.Parse(r.GetString(7)), Money.Parse(r.GetString(8)),
                    Money.Parse(r.GetString(9)), Money.Parse(r.GetString(10)));
                if (!fillsByTick.TryGetValue(f.Tick, out var list)) fillsByTick[f.Tick] = list = [];
                list.Add(f);
                if (f.OrderId is { } oid) filledByOrder[oid] = filledByOrder.GetValueOrDefault(oid) + f.Quantity;
            }

        var movementsByFill = new Dictionary<long, List<(string Kind, decimal Amount)>>();
        var movementsByTick = new Dictionary<int, decimal>();
        decimal deposits = 0;
        using (var r = ledger.Query("SELECT tick, fill_id, kind, amount FROM cash_movements ORDER BY id"))
            while (r.Read())
            {
                int tick = r.GetInt32(0);
                decimal amount = Money.Parse(r.GetString(3));
                if (tick < 0) { deposits += amount; continue; }
                movementsByTick[tick] = movementsByTick.GetValueOrDefault(tick) + amount;
                if (r.IsDBNull(1)) throw new LedgerInconsistentException($"{where}: cash movement at tick {tick} ({r.GetString(2)} {amount}) belongs to no fill");
                long fid = r.GetInt64(1);
                if (!movementsByFill.TryGetValue(fid, out var ms)) movementsByFill[fid] = ms = [];
                ms.Add((r.GetString(2), amount));
            }
        if (deposits != ledger.InitialCash)
            throw new LedgerInconsistentException($"{where}: deposits {deposits} differ from initial cash {ledger.InitialCash}");

        var snapshots = new Dictionary<int, Dictionary<string, (long Quantity, decimal Price, decimal Value)>>();
        using (var r = ledger.Query("SELECT tick, code, quantity, price, value FROM positions"))
            while (r.Read())
            {
                int tick = r.GetInt32(0);
                if (!snapshots.TryGetValue(tick, out var s)) snapshots[tick] = s = new(StringComparer.Ordinal);
                s[r.GetString(1)] = (r.GetInt64(2), Money.Parse(r.GetString(3)), Money.Parse(r.GetString(4)));
            }

        decimal cash = deposits, movedCash = deposits;
        var held = new Dictionary<string, long>(StringComparer.Ordinal);
        int expectedTick = 0;
        using (var r = ledger.Query("SELECT tick, cash, nav FROM ticks ORDER BY tick"))
            while (r.Read())
            {
                int tick = r.GetInt32(0);
                if (tick != expectedTick) throw new LedgerInconsistentException($"{where}: tick {expectedTick} is missing (next recorded tick is {tick})");
                expectedTick++;
                foreach (var f in fillsByTick.GetValueOrDefault(tick) ?? [])
                {
                    var expected = Ledger.CashMovements(f, multiplier).ToList();
                    var recorded = movementsByFill.GetValueOrDefault(f.Id) ?? [];
                    if (!expected.SequenceEqual(recorded))
                        throw new LedgerInconsistentException($"{where}: fill {f.Id} ({f.Code} {f.Quantity} @ {f.Price}, tick {tick}) has cash movements [{string.Join(", ", recorded)}]; expected [{string.Join(", ", expected)}]");
                    cash += f.CashDelta(multiplier);
                    long q = held.GetValueOrDefault(f.Code) + f.Quantity;
                    if (q == 0) held.Remove(f.Code); else held[f.Code] = q;
                }
                decimal recordedCash = Money.Parse(r.GetString(1));
                movedCash += movementsByTick.GetValueOrDefault(tick);
                if (recordedCash != cash || movedCash != cash)
                    throw new LedgerInconsistentException($"{where}: tick {tick} records cash {recordedCash} and cash movements sum to {movedCash}, but the fills give {cash}");

                var snap = snapshots.GetValueOrDefault(tick) ?? new(StringComparer.Ordinal);
                foreach (var (code, q) in held)
                    if (!snap.TryGetValue(code, out var s) || s.Quantity != q)
                        throw new LedgerInconsistentException($"{where}: tick {tick} snapshot holds {(snap.TryGetValue(code, out var s2) ? s2.Quantity : 0)} of {code}, but the fills give {q}");
                foreach (var (code, s) in snap)
                {
                    if (!held.ContainsKey(code))
                        throw new LedgerInconsistentException($"{where}: tick {tick} snapshot holds {s.Quantity} of {code}, but the fills give 0");
                    if (s.Value != s.Quantity * s.Price * multiplier)
                        throw new LedgerInconsistentException($"{where}: tick {tick} values {s.Quantity} of {code} @ {s.Price} at {s.Value}");
                }
                decimal nav = Money.Parse(r.GetString(2));
                decimal expectedNav = cash + snap.Values.Sum(s => s.Value);
                if (nav != expectedNav)
                    throw new LedgerInconsistentException($"{where}: tick {tick} records NAV {nav}; cash + positions give {expectedNav}");
            }

        int committed = expectedTick;
        foreach (var t in fillsByTick.Keys.Concat(movementsByTick.Keys).Concat(snapshots.Keys))
            if (t >= committed) throw new LedgerInconsistentException($"{where}: rows for tick {t} but only {committed} ticks are recorded");

        using (var r = ledger.Query("SELECT id, quantity, remaining FROM orders"))
            while (r.Read())
            {
                long id = r.GetInt64(0), q = r.GetInt64(1), remaining = r.GetInt64(2);
                long filled = filledByOrder.GetValueOrDefault(id);
                if (q - filled != remaining)
                    throw new LedgerInconsistentException($"{where}: order {id} of {q} has {filled} filled but {remaining} remaining recorded");
            }
    }
}
