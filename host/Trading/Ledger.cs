using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AlphaHost.Host.Trading;

/// <summary>
/// The durable record of a paper-trading run in SQLite (WAL): orders, fills, cash movements,
/// rule rejections and a position snapshot per tick, each tick in one transaction, so after a
/// crash the file holds exactly the ticks that committed. Money is stored as decimal text.
/// </summary>
public sealed class Ledger : IDisposable
{
    public const string FileName = "ledger.sqlite";
    private const int SchemaVersion = 1;

    private readonly SqliteConnection _db;
    public string Path { get; }

    private Ledger(string path, SqliteConnection db)
    {
        Path = path;
        _db = db;
    }

    /// <summary>Deletes any ledger at <paramref name="path"/> and starts a new one holding the deposit.</summary>
    public static Ledger Create(string path, string configJson, string builderName, decimal initialCash)
    {
        Delete(path);
        var ledger = new Ledger(path, Connect(path));
        using var tx = ledger._db.BeginTransaction();
        ledger.Exec(Schema, tx);
        ledger.SetMeta("schema_version", SchemaVersion.ToString(CultureInfo.InvariantCulture), tx);
        ledger.SetMeta("config", configJson, tx);
        ledger.SetMeta("builder", builderName, tx);
        ledger.SetMeta("initial_cash", Money.Text(initialCash), tx);
        ledger.SetMeta("status", "running", tx);
        using (var cmd = ledger.Command("INSERT INTO cash_movements(tick, fill_id, kind, amount) VALUES (-1, NULL, 'deposit', $a)", tx))
        {
            cmd.Parameters.AddWithValue("$a", Money.Text(initialCash));
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return ledger;
    }

    /// <summary>Opens an existing ledger; null when there is none, or its creation never committed.</summary>
    public static Ledger? OpenExisting(string path)
    {
        if (!File.Exists(path)) return null;
        var db = Connect(path);
        var ledger = new Ledger(path, db);
        bool hasMeta = Convert.ToInt64(ledger.Scalar("SELECT count(*) FROM sqlite_master WHERE name = 'meta'")) > 0;
        if (!hasMeta || ledger.Meta("config") is null) { ledger.Dispose(); return null; }
        var version = ledger.Meta("schema_version");
        if (version != SchemaVersion.ToString(CultureInfo.InvariantCulture))
        {
            ledger.Dispose();
            throw new InvalidDataException($"ledger {path}: schema_version {version}; expected {SchemaVersion}");
        }
        return ledger;
    }

    public static void Delete(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
    }

    private static SqliteConnection Connect(string path)
    {
        // Pooling off: the file must really close on Dispose (a fresh run deletes it; a test reopens it).
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        // WAL + NORMAL survives a killed process (the OS has the pages); an OS crash may lose the
        // last ticks but never leaves a half tick, and the run resumes from what committed.
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        cmd.ExecuteNonQuery();
        return db;
    }

    private const string Schema = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE ticks(tick INTEGER PRIMARY KEY, date TEXT NOT NULL, bar_of_day INTEGER NOT NULL,
            cash TEXT NOT NULL, nav TEXT NOT NULL, benchmark REAL NOT NULL, traded_value TEXT NOT NULL, costs TEXT NOT NULL);
        CREATE TABLE orders(id INTEGER PRIMARY KEY, tick INTEGER NOT NULL, code TEXT NOT NULL, quantity INTEGER NOT NULL,
            remaining INTEGER NOT NULL, status TEXT NOT NULL, closed_tick INTEGER);
        CREATE INDEX orders_open ON orders(status) WHERE status = 'Open';
        CREATE TABLE fills(id INTEGER PRIMARY KEY, tick INTEGER NOT NULL, order_id INTEGER REFERENCES orders(id), code TEXT NOT NULL,
            kind TEXT NOT NULL, quantity INTEGER NOT NULL, reference_price TEXT NOT NULL, price TEXT NOT NULL,
            commission TEXT NOT NULL, stamp_duty TEXT NOT NULL, slippage TEXT NOT NULL);
        CREATE TABLE cash_movements(id INTEGER PRIMARY KEY, tick INTEGER NOT NULL, fill_id INTEGER REFERENCES fills(id),
            kind TEXT NOT NULL, amount TEXT NOT NULL);
        CREATE TABLE rejections(id INTEGER PRIMARY KEY, tick INTEGER NOT NULL, order_id INTEGER NOT NULL REFERENCES orders(id),
            code TEXT NOT NULL, rule TEXT NOT NULL, quantity INTEGER NOT NULL);
        CREATE TABLE positions(tick INTEGER NOT NULL, code TEXT NOT NULL, quantity INTEGER NOT NULL, price TEXT NOT NULL,
            value TEXT NOT NULL, last_buy_date TEXT, bought_on_last_buy_date INTEGER NOT NULL, PRIMARY KEY(tick, code)) WITHOUT ROWID;
        """;

    // ---- meta ----

    public string? Meta(string key)
    {
        using var cmd = Command("SELECT value FROM meta WHERE key = $k");
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    private void SetMeta(string key, string value, SqliteTransaction? tx = null)
    {
        using var cmd = Command("INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", tx);
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    public bool IsFinished => Meta("status") == "finished";

    public void MarkFinished() => SetMeta("status", "finished");

    public decimal InitialCash => Money.Parse(Meta("initial_cash")!);

    // ---- writing ----

    /// <summary>Writes one tick atomically: either all of it is in the file afterwards, or none.</summary>
    public void WriteTick(TickRecord t)
    {
        var multiplier = Multiplier; // read before the transaction: a command outside it may not run meanwhile
        using var tx = _db.BeginTransaction();
        using (var cmd = Command("INSERT INTO orders(id, tick, code, quantity, remaining, status, closed_tick) VALUES ($id, $t, $c, $q, $r, $s, $ct)", tx))
        {
            var (id, tick, code, q, r, s, ct) = (P(cmd, "$id"), P(cmd, "$t"), P(cmd, "$c"), P(cmd, "$q"), P(cmd, "$r"), P(cmd, "$s"), P(cmd, "$ct"));
            foreach (var o in t.NewOrders)
            {
                id.Value = o.Id; tick.Value = o.Tick; code.Value = o.Code; q.Value = o.Quantity; r.Value = o.Remaining;
                s.Value = o.Status.ToString(); ct.Value = (object?)o.ClosedTick ?? DBNull.Value;
                cmd.ExecuteNonQuery();
            }
        }
        using (var cmd = Command("UPDATE orders SET remaining = $r, status = $s, closed_tick = $ct WHERE id = $id", tx))
        {
            var (id, r, s, ct) = (P(cmd, "$id"), P(cmd, "$r"), P(cmd, "$s"), P(cmd, "$ct"));
            foreach (var o in t.ChangedOrders)
            {
                id.Value = o.Id; r.Value = o.Remaining; s.Value = o.Status.ToString(); ct.Value = (object?)o.ClosedTick ?? DBNull.Value;
                cmd.ExecuteNonQuery();
            }
        }
        using (var fillCmd = Command("INSERT INTO fills(id, tick, order_id, code, kind, quantity, reference_price, price, commission, stamp_duty, slippage) VALUES ($id, $t, $o, $c, $k, $q, $rp, $p, $cm, $sd, $sl)", tx))
        using (var cashCmd = Command("INSERT INTO cash_movements(tick, fill_id, kind, amount) VALUES ($t, $f, $k, $a)", tx))
        {
            var (id, tick, oid, code, kind, q, rp, p, cm, sd, sl) = (P(fillCmd, "$id"), P(fillCmd, "$t"), P(fillCmd, "$o"), P(fillCmd, "$c"),
                P(fillCmd, "$k"), P(fillCmd, "$q"), P(fillCmd, "$rp"), P(fillCmd, "$p"), P(fillCmd, "$cm"), P(fillCmd, "$sd"), P(fillCmd, "$sl"));
            var (ctick, cfill, ckind, camount) = (P(cashCmd, "$t"), P(cashCmd, "$f"), P(cashCmd, "$k"), P(cashCmd, "$a"));
            foreach (var f in t.Fills)
            {
                id.Value = f.Id; tick.Value = f.Tick; oid.Value = (object?)f.OrderId ?? DBNull.Value; code.Value = f.Code; kind.Value = f.Kind;
                q.Value = f.Quantity; rp.Value = Money.Text(f.ReferencePrice); p.Value = Money.Text(f.Price);
                cm.Value = Money.Text(f.Commission); sd.Value = Money.Text(f.StampDuty); sl.Value = Money.Text(f.Slippage);
                fillCmd.ExecuteNonQuery();

                ctick.Value = f.Tick; cfill.Value = f.Id;
                foreach (var (k, amount) in CashMovements(f, multiplier))
                {
                    ckind.Value = k; camount.Value = Money.Text(amount);
                    cashCmd.ExecuteNonQuery();
                }
            }
        }
        using (var cmd = Command("INSERT INTO rejections(tick, order_id, code, rule, quantity) VALUES ($t, $o, $c, $r, $q)", tx))
        {
            var (tick, oid, code, rule, q) = (P(cmd, "$t"), P(cmd, "$o"), P(cmd, "$c"), P(cmd, "$r"), P(cmd, "$q"));
            foreach (var r in t.Rejections)
            {
                tick.Value = r.Tick; oid.Value = r.OrderId; code.Value = r.Code; rule.Value = r.Rule; q.Value = r.Quantity;
                cmd.ExecuteNonQuery();
            }
        }
        using (var cmd = Command("INSERT INTO positions(tick, code, quantity, price, value, last_buy_date, bought_on_last_buy_date) VALUES ($t, $c, $q, $p, $v, $d, $b)", tx))
        {
            var (tick, code, q, p, v, d, b) = (P(cmd, "$t"), P(cmd, "$c"), P(cmd, "$q"), P(cmd, "$p"), P(cmd, "$v"), P(cmd, "$d"), P(cmd, "$b"));
            foreach (var s in t.Positions)
            {
                tick.Value = t.Tick; code.Value = s.Code; q.Value = s.Quantity; p.Value = Money.Text(s.Price); v.Value = Money.Text(s.Value);
                d.Value = s.LastBuyDate is { } date ? DateText(date) : DBNull.Value; b.Value = s.BoughtOnLastBuyDate;
                cmd.ExecuteNonQuery();
            }
        }
        using (var cmd = Command("INSERT INTO ticks(tick, date, bar_of_day, cash, nav, benchmark, traded_value, costs) VALUES ($t, $d, $b, $c, $n, $bm, $tv, $co)", tx))
        {
            cmd.Parameters.AddWithValue("$t", t.Tick);
            cmd.Parameters.AddWithValue("$d", DateText(t.Date));
            cmd.Parameters.AddWithValue("$b", t.BarOfDay);
            cmd.Parameters.AddWithValue("$c", Money.Text(t.Cash));
            cmd.Parameters.AddWithValue("$n", Money.Text(t.Nav));
            cmd.Parameters.AddWithValue("$bm", t.Benchmark);
            cmd.Parameters.AddWithValue("$tv", Money.Text(t.TradedValue));
            cmd.Parameters.AddWithValue("$co", Money.Text(t.Costs));
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>The cash movements a fill causes, by kind; the audit recomputes them the same way.</summary>
    public static IEnumerable<(string Kind, decimal Amount)> CashMovements(Fill f, decimal multiplier)
    {
        yield return (f.Kind == FillKind.Delisting ? "delisting" : "trade", -f.Notional(multiplier));
        if (f.Commission != 0) yield return ("commission", -f.Commission);
        if (f.StampDuty != 0) yield return ("stamp_duty", -f.StampDuty);
    }

    /// <summary>Contract multiplier of the stored config (cash movements depend on it).</summary>
    public decimal Multiplier => _multiplier ??= System.Text.Json.JsonSerializer.Deserialize<TradingConfig>(Meta("config")!)!.ContractMultiplier;
    private decimal? _multiplier;

    // ---- reading ----

    public int CommittedTicks => Convert.ToInt32(Scalar("SELECT count(*) FROM ticks"));

    /// <summary>Date and bar of each committed tick, in order (a replayed market must match them).</summary>
    public List<(DateOnly Date, int BarOfDay)> TickDates()
    {
        var list = new List<(DateOnly, int)>();
        using var cmd = Command("SELECT date, bar_of_day FROM ticks ORDER BY tick");
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add((ParseDate(r.GetString(0)), r.GetInt32(1)));
        return list;
    }

    /// <summary>The account as of the last committed tick, plus the next free ids.</summary>
    public (Book Book, long NextOrderId, long NextFillId) LoadBook()
    {
        int last = CommittedTicks - 1;
        decimal cash = last < 0 ? InitialCash : Money.Parse((string)Scalar($"SELECT cash FROM ticks WHERE tick = {last}")!);
        var book = new Book(cash);
        using (var cmd = Command("SELECT code, quantity, last_buy_date, bought_on_last_buy_date FROM positions WHERE tick = $t ORDER BY code"))
        {
            cmd.Parameters.AddWithValue("$t", last);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var p = book.PositionFor(r.GetString(0));
                p.Quantity = r.GetInt64(1);
                p.LastBuyDate = r.IsDBNull(2) ? null : ParseDate(r.GetString(2));
                p.BoughtOnLastBuyDate = r.GetInt64(3);
            }
        }
        using (var cmd = Command("SELECT id, tick, code, quantity, remaining FROM orders WHERE status = 'Open' ORDER BY id"))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                book.OpenOrders.Add(new Order(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetInt64(3)) { Remaining = r.GetInt64(4) });
        long nextOrder = Convert.ToInt64(Scalar("SELECT coalesce(max(id), 0) + 1 FROM orders"));
        long nextFill = Convert.ToInt64(Scalar("SELECT coalesce(max(id), 0) + 1 FROM fills"));
        return (book, nextOrder, nextFill);
    }

    /// <summary>Runs a read-only query; used by the audit, results and tests.</summary>
    public SqliteDataReader Query(string sql)
    {
        var cmd = Command(sql);
        return cmd.ExecuteReader(System.Data.CommandBehavior.Default);
    }

    public object? Scalar(string sql)
    {
        using var cmd = Command(sql);
        return cmd.ExecuteScalar();
    }

    // ---- helpers ----

    public static string DateText(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static DateOnly ParseDate(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private void Exec(string sql, SqliteTransaction tx)
    {
        using var cmd = Command(sql, tx);
        cmd.ExecuteNonQuery();
    }

    private static SqliteParameter P(SqliteCommand cmd, string name) => cmd.Parameters.Add(new SqliteParameter { ParameterName = name });

    public void Dispose() => _db.Dispose();
}
