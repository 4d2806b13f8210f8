using System.Diagnostics;
using AlphaHost.Host.Market;
using AlphaHost.Host.Market.Store;
using AlphaHost.Plugins.Market.Synthetic;
using AlphaHost.Host.Research;
using AlphaHost.Plugins.Embeddings;

namespace AlphaHost.Bench;

/// <summary>
/// `embeddings [DAYS] [SEED]` (default 1500 days, seed 1): pre-trains asset
/// embeddings on the 45-contract synthetic futures market with 40 random long/short combos as
/// augmentation, prints the sector measure (mean within-sector cosine − mean cross-sector) before
/// and after. `alphahost embed` draws the trained table (report.html).
/// </summary>
public sealed class EmbeddingBench : IBench
{
    public string Name => "embeddings";
    public string Description => "embeddings [days] [seed]: pre-train futures asset embeddings, time and sector measure";

    public void Run(string[] args)
    {
        int days = args.Length > 0 ? int.Parse(args[0]) : 1500;
        int seed = args.Length > 1 ? int.Parse(args[1]) : 1;
        var (returns, codes, sectors) = Returns(days, seed);
        var config = new EmbeddingPretrainConfig { Seed = seed };
        var combos = Combos.RandomPairs(codes, count: 40, leverage: 1, seed: seed);
        var clock = Stopwatch.StartNew();
        using var untrained = new EmbeddingPretrainer(config with { Steps = 0 }).Fit(returns).Embedding;
        var result = new EmbeddingPretrainer(config).Fit(returns, combos);
        using var trained = result.Embedding;
        var elapsed = clock.Elapsed;
        var before = EmbeddingGeometry.SectorSeparation(EmbeddingGeometry.CosineSimilarity(untrained.Snapshot()), sectors);
        var table = trained.Snapshot();
        var after = EmbeddingGeometry.SectorSeparation(EmbeddingGeometry.CosineSimilarity(table), sectors);
        Console.WriteLine($"futures: {codes.Count} contracts, {returns.GetLength(0)} days, seed {seed}; {combos.Count} combos; dim {config.Dim}, {config.Steps} steps × batch {config.Batch} in {elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"loss (mean of first/last 100 steps): {result.Losses.Take(100).Average():F4} → {result.Losses.TakeLast(100).Average():F4}");
        Console.WriteLine($"mean cosine within sector {before.Within:F3} → {after.Within:F3}, cross sector {before.Cross:F3} → {after.Cross:F3}, gap {before.Gap:F3} → {after.Gap:F3}");
    }

    private static (double[,] Returns, IReadOnlyList<string> Codes, int[] Sectors) Returns(int days, int seed)
    {
        var path = Path.Combine(Path.GetTempPath(), $"alphahost-bench-futures-{Guid.NewGuid():N}.db");
        try
        {
            using var db = MarketDatabase.Create(path);
            MarketGeneration.Generate(new FuturesMarketGenerator(new FuturesMarketConfig { Days = days, Seed = seed }), db);
            var reader = new PanelReader(db);
            var dates = reader.Dates(DateOnly.MinValue, DateOnly.MaxValue);
            var panel = reader.Read(dates[1], dates[^1], [PanelReader.Return1]);
            var returns = new double[panel.Days, panel.Stocks];
            for (int d = 0; d < panel.Days; d++)
                for (int s = 0; s < panel.Stocks; s++) returns[d, s] = panel.IsValid(d, s) ? panel[d, s, 0] : double.NaN;
            var sectorOf = FuturesContracts.All.ToDictionary(c => c.Code, c => c.Sector);
            return (returns, panel.Codes, panel.Codes.Select(c => sectorOf[c]).ToArray());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { path, path + "-wal", path + "-shm" }) File.Delete(f);
        }
    }
}
