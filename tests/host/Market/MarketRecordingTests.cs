using System.Text.Json.Nodes;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Replay;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Tests.Market.Support;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Tests.Market;

/// <summary>A bar-emitting market source recorded into the host's store, tick by tick.</summary>
public class MarketRecordingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Fields = "b.open, b.high, b.low, b.close, b.vwap, b.volume, b.amount, b.turnover, b.free_turnover, b.adj_factor, b.market_cap, b.industry, b.tradable, b.limit_up, b.limit_down, COALESCE(b.index_weight, 0)";

    [Fact]
    public void ReplayingAMarketAndRecordingItGivesBackEveryDailyBarAndIndexLevel()
    {
        var original = TestMarkets.Equities(_dir.File("original.db"), 25, 70, seed: 4);
        var copy = _dir.File("recorded.db");
        GenerationReport report;
        using (var source = new SqliteMarketSource(original))
        using (var db = MarketDatabase.Create(copy))
        using (var writer = new MarketWriter(db))
        {
            report = MarketRecording.Record(source, "replay", writer);
            writer.Complete();
        }
        using var a = MarketDatabase.Open(original);
        using var b = MarketDatabase.Open(copy);
        Assert.Equal(a.Scalar("SELECT COUNT(*) FROM bars"), b.Scalar("SELECT COUNT(*) FROM bars"));
        Assert.Equal((long)report.BarRows, (long)b.Scalar("SELECT COUNT(*) FROM bars")!);
        Assert.Equal(a.Scalar("SELECT COUNT(*) FROM calendar"), (long)report.Days);
        Assert.Equal(a.Scalar("SELECT COUNT(*) FROM index_bars"), b.Scalar("SELECT COUNT(*) FROM index_bars"));
        Assert.Equal(Rows(a, $"SELECT i.code, b.date, {Fields} FROM bars b JOIN instruments i ON i.id = b.instrument ORDER BY i.code, b.date"),
                     Rows(b, $"SELECT i.code, b.date, {Fields} FROM bars b JOIN instruments i ON i.id = b.instrument ORDER BY i.code, b.date"));
        Assert.Equal(Rows(a, "SELECT name, date, close FROM index_bars ORDER BY name, date"), Rows(b, "SELECT name, date, close FROM index_bars ORDER BY name, date"));
        // An instrument is listed on the first day it has a bar.
        Assert.Equal(Rows(a, "SELECT i.code, MIN(b.date) FROM bars b JOIN instruments i ON i.id = b.instrument GROUP BY i.code ORDER BY i.code"),
                     Rows(b, "SELECT code, list_date FROM instruments ORDER BY code"));
        Assert.Equal("recorded", b.GetMeta("kind"));
        Assert.Equal("replay", b.GetMeta("source"));
        Assert.Equal(0L, b.Scalar("SELECT COUNT(*) FROM planted_alpha"));
    }

    [Fact]
    public void BarsOutOfOrderIntradayOrRaggedAreRefusedNamingTheSourceAndTheDate()
    {
        MarketBar Bar(DateOnly date, int barOfDay = 0, int volumes = 2) => new(date, barOfDay, ["A", "B"],
            [1, 2], [1, 2], [1, 2], [1, 2], [1, 2], new double[volumes], [0, 0], [0, 0], [0, 0], [1, 1], [10, 20], [1, 1],
            [true, true], [false, false], [false, false], [0, 0], new Dictionary<string, double>());
        var day = new DateOnly(2021, 3, 1);
        string Refusal(params MarketBar[] bars)
        {
            using var db = MarketDatabase.Create(_dir.File($"refused-{Guid.NewGuid():N}.db"));
            using var writer = new MarketWriter(db);
            return Assert.Throws<ArgumentException>(() => MarketRecording.Record(new Bars(bars), "feed", writer)).Message;
        }
        Assert.Equal("market source 'feed', bar of 2021-03-01: expected a date after 2021-03-01 (one daily bar per date, in order)", Refusal(Bar(day), Bar(day)));
        Assert.Equal("market source 'feed', bar of 2021-03-01: bar 2 of the day is intraday; recording takes daily bars only (BarOfDay 0)", Refusal(Bar(day, barOfDay: 2)));
        Assert.Equal("market source 'feed', bar of 2021-03-01: column Volume has 3 entries; expected 2, one per code", Refusal(Bar(day, volumes: 3)));
        Assert.Equal("market source 'feed': emitted no bar; expected at least one daily bar", Refusal());
    }

    private sealed class Bars(IEnumerable<MarketBar> bars) : IMarketSource
    {
        private readonly Queue<MarketBar> _left = new(bars);
        public PluginInfo Info { get; } = new("feed", "1.0.0", PluginFamily.MarketSource, "bars given", []);
        public IReadOnlyList<DateOnly> Calendar => _left.Select(b => b.Date).ToArray();
        public MarketBar? Next() => _left.TryDequeue(out var bar) ? bar : null;
    }

    private static List<string> Rows(MarketDatabase db, string sql)
    {
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }
}
