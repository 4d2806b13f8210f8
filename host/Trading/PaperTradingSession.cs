using System.Text.Json;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Trading;

/// <summary>
/// A resumable paper-trading run over one ledger in <c>outDir</c>. Feed it every tick from the
/// start of the market, in order: ticks already in the ledger are replayed only to rebuild market
/// memory (liquidity, last prices, benchmark) and checked against the recorded dates; later ticks
/// trade. At tick t: orders decided at t−1 fill on bar t, positions are marked at t's close, the
/// builder turns t's scores into targets, and new orders are planned for t+1 — all written in one
/// transaction.
/// </summary>
public sealed class PaperTradingSession : IDisposable
{
    private readonly Ledger _ledger;
    private readonly TradingConfig _config;
    private readonly IPortfolioBuilder _builder;
    private readonly PaperBroker _broker;
    private readonly OrderPlanner _planner;
    private readonly MarketMemory _memory = new();
    private readonly Benchmark _benchmark;
    private readonly List<(DateOnly Date, int BarOfDay)> _committed;
    private readonly Book _book;
    private long _nextOrderId, _nextFillId;
    private string? _fault;

    /// <summary>Next ledger tick index to be fed (0-based; the engine's ticks on the bus are 1-based).</summary>
    public int Tick { get; private set; }
    /// <summary>Ticks the ledger held when the session was opened (0 for a new run).</summary>
    public int ResumedTicks => _committed.Count;
    /// <summary>True while the next tick is one the ledger already holds: its scores are not needed.</summary>
    public bool IsReplaying => Tick < _committed.Count;
    /// <summary>NAV and benchmark level marked at the last traded tick (for live displays; the ledger is the record).</summary>
    public decimal LastNav { get; private set; }
    /// <summary>What the last traded tick changed (fills, refusals, positions); null before the first.</summary>
    public TickRecord? LastRecord { get; private set; }
    public double LastBenchmark { get; private set; }
    public bool IsFinished => _ledger.IsFinished;
    public string LedgerPath => _ledger.Path;
    public Book Book => _book;
    /// <summary>The targets the last traded tick set, aligned to its bar's codes (null when it kept the old ones); for the bus.</summary>
    public (string[] Codes, double[] Weights)? LastTargets { get; private set; }

    private PaperTradingSession(Ledger ledger, TradingConfig config, IPortfolioBuilder builder)
    {
        _ledger = ledger;
        _config = config;
        _builder = builder;
        _broker = new PaperBroker(config);
        _planner = new OrderPlanner(config, _broker.Rules.BoardLot);
        _benchmark = new Benchmark(config.BenchmarkIndex);
        _committed = ledger.TickDates();
        (_book, _nextOrderId, _nextFillId) = ledger.LoadBook();
    }

    /// <summary>
    /// Opens the run in <paramref name="outDir"/>: resumes an unfinished ledger (after checking it
    /// reconciles with its fills and was written under the same config), or starts a new one when
    /// there is none or <paramref name="fresh"/> is set. A finished run opens with IsFinished set.
    /// </summary>
    public static PaperTradingSession Open(string outDir, TradingConfig config, IPortfolioBuilder builder, bool fresh = false)
    {
        config.Validate();
        Directory.CreateDirectory(outDir);
        string path = System.IO.Path.Combine(outDir, Ledger.FileName);
        string configJson = JsonSerializer.Serialize(config);
        var ledger = fresh ? null : Ledger.OpenExisting(path);
        if (ledger is null)
            return new PaperTradingSession(Ledger.Create(path, configJson, builder.Info.Name, config.InitialCash), config, builder);
        try
        {
            if (ledger.Meta("config") != configJson)
                throw new InvalidOperationException($"ledger {path} was written under trading config {ledger.Meta("config")}, not {configJson}; pass --fresh to start over");
            if (ledger.Meta("builder") != builder.Info.Name)
                throw new InvalidOperationException($"ledger {path} was written by portfolio builder '{ledger.Meta("builder")}', not '{builder.Info.Name}'; pass --fresh to start over");
            LedgerAudit.Verify(ledger);
            return new PaperTradingSession(ledger, config, builder);
        }
        catch
        {
            ledger.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens (or resumes) the run and feeds it every tick, then marks it finished; a finished run is
    /// left as it is unless <paramref name="fresh"/>. Scores are read only for ticks that trade.
    /// </summary>
    public static TradingResults Run(string outDir, TradingConfig config, IPortfolioBuilder builder,
        IEnumerable<(MarketBar Bar, Func<ScoreVector?> Scores)> ticks, bool fresh = false)
    {
        using var session = Open(outDir, config, builder, fresh);
        if (session.IsFinished) return session.Results();
        foreach (var (bar, scores) in ticks)
            session.Step(bar, session.IsReplaying ? null : scores());
        return session.Finish();
    }

    /// <summary>
    /// Advances one tick. Returns false when the tick was replayed from the ledger, true when it traded.
    /// After an exception the session refuses further ticks: reopen it to resume from the ledger.
    /// </summary>
    public bool Step(MarketBar bar, ScoreVector? scores)
    {
        if (_fault is not null) throw new InvalidOperationException($"paper-trading session on {LedgerPath} failed at tick {Tick} ({_fault}); reopen it to resume from the last committed tick");
        if (IsFinished) throw new InvalidOperationException($"paper-trading run in {LedgerPath} is finished; pass --fresh to start over");
        try
        {
            if (IsReplaying)
            {
                Replay(bar);
                return false;
            }
            Trade(bar, scores);
            return true;
        }
        catch (Exception e)
        {
            _fault = e.Message;
            throw;
        }
    }

    private void Replay(MarketBar bar)
    {
        var (date, barOfDay) = _committed[Tick];
        if (bar.Date != date || bar.BarOfDay != barOfDay)
            throw new InvalidDataException($"ledger {LedgerPath}: tick {Tick} was {date:yyyy-MM-dd}#{barOfDay} but the market now gives {bar.Date:yyyy-MM-dd}#{bar.BarOfDay}; a run resumes only over the same market (use --fresh)");
        _memory.Observe(bar);
        _benchmark.Observe(bar);
        Tick++;
    }

    private void Trade(MarketBar bar, ScoreVector? scores)
    {
        if (scores is not null && scores.Date > bar.Date)
            throw new InvalidDataException($"scores dated {scores.Date:yyyy-MM-dd} fed with the bar of {bar.Date:yyyy-MM-dd}: scores from the future (look-ahead)");
        var rows = new BarIndex(bar);
        var delisted = _book.Positions.Keys.Where(c => rows.RowOf(c) < 0).ToList();
        var execution = _broker.Execute(Tick, bar, rows, _book, _memory.LastPrices(delisted, bar.Date), ref _nextFillId);
        _memory.Observe(bar);
        _benchmark.Observe(bar);

        var snapshot = MarkPositions(bar.Date);
        decimal nav = _book.Cash + snapshot.Sum(p => p.Value);
        LastNav = nav;
        LastBenchmark = _benchmark.Value;
        var changed = execution.ChangedOrders;
        var newOrders = new List<Order>();
        var targets = scores is null ? null : _builder.Build(BuilderInput(bar, rows, scores, nav));
        if (targets is not null)
        {
            foreach (var o in _book.OpenOrders)
            {
                o.Close(OrderStatus.Superseded, Tick);
                changed.Add(o);
            }
            _book.OpenOrders.Clear();
            newOrders = _planner.Plan(Tick, bar, targets, _book, nav, _builder.Info.Name, ref _nextOrderId);
            _book.OpenOrders.AddRange(newOrders);
        }

        LastTargets = targets is null ? null : (bar.Codes, targets);
        var trades = execution.Fills.Where(f => f.Kind == FillKind.Trade).ToList();
        LastRecord = new TickRecord(Tick, bar.Date, bar.BarOfDay, _book.Cash, nav, _benchmark.Value,
            trades.Sum(f => Math.Abs(f.Notional(_config.ContractMultiplier))), trades.Sum(f => f.Costs),
            execution.Fills, execution.Rejections, newOrders, changed, snapshot);
        _ledger.WriteTick(LastRecord);
        Tick++;
    }

    private List<PositionSnapshot> MarkPositions(DateOnly date)
    {
        var list = new List<PositionSnapshot>(_book.Positions.Count);
        foreach (var p in _book.Positions.Values)
        {
            if (!_memory.TryLastClose(p.Code, out var price, date))
                throw new InvalidDataException($"bar {date:yyyy-MM-dd}: {p.Code} is held but has no valid close to mark it at");
            list.Add(new PositionSnapshot(p.Code, p.Quantity, price, p.Quantity * price * _config.ContractMultiplier, p.LastBuyDate, p.BoughtOnLastBuyDate));
        }
        return list;
    }

    private PortfolioInput BuilderInput(MarketBar bar, BarIndex rows, ScoreVector scores, decimal nav)
    {
        int n = bar.Count;
        var weights = new double[n];
        var liquidity = new double[n];
        double navValue = (double)nav, multiplier = (double)_config.ContractMultiplier;
        for (int i = 0; i < n; i++)
        {
            liquidity[i] = _memory.AvgTradedValue(bar.Codes[i]);
            long held = _book.Held(bar.Codes[i]);
            if (held != 0 && _memory.TryLastClose(bar.Codes[i], out var price, bar.Date))
                weights[i] = held * (double)price * multiplier / navValue;
        }
        return new PortfolioInput(bar.Date, Tick, bar.Codes, scores.AlignTo(bar.Codes), weights, bar.Close,
            liquidity, bar.Tradable, bar.LimitUp, bar.LimitDown, nav);
    }

    /// <summary>Marks the run finished (a later open leaves it alone) and returns its results.</summary>
    public TradingResults Finish()
    {
        if (_fault is not null) throw new InvalidOperationException($"paper-trading session on {LedgerPath} failed at tick {Tick}; it cannot be finished");
        _ledger.MarkFinished();
        return Results();
    }

    public TradingResults Results() => TradingResults.FromLedger(_ledger);

    public void Dispose() => _ledger.Dispose();
}
