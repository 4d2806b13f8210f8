using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlphaHost.Host.Reports;
using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Data;
using AlphaHost.Sdk.Plugins;
using TorchSharp.PyBridge;

namespace AlphaHost.Host.Research;

/// <summary>
/// A futures market as the pre-training sees it: daily simple returns (adjusted close to adjusted
/// close) of the assets chosen on the last training day, split into training days and held-out days.
/// </summary>
public sealed record EmbeddingMarket(string[] Codes, int[] Sectors, string[] SectorNames, DateOnly[] TrainDates, DateOnly[] HeldOutDates, AssetReturns Returns)
{
    /// <summary>
    /// Reads <paramref name="dbPath"/>: the first <paramref name="trainDays"/> trading days train, the
    /// rest are held out. An asset joins when it is tradable on the last training day and, with a
    /// <paramref name="rule"/>, in that rule's universe there (history and open interest up to that
    /// day only), so nothing about the held-out days picks the assets.
    /// </summary>
    public static EmbeddingMarket Load(string dbPath, int trainDays, FuturesUniverseRule? rule = null)
    {
        if (!File.Exists(dbPath)) throw new FileNotFoundException($"market database {dbPath}: not found (create one with `alphahost market generate --kind futures --db {dbPath}`)");
        using var db = MarketDatabase.Open(dbPath);
        var reader = new PanelReader(db);
        var panel = reader.Read(DateOnly.MinValue, DateOnly.MaxValue, [PanelReader.Return1, "open_interest", "industry", "close"]);
        if (trainDays < 2 || trainDays >= panel.Days)
            throw new ArgumentException($"--train-days {trainDays}: expected 2 to {panel.Days - 1} (the market {dbPath} has {panel.Days} days; the rest is held out)");
        int last = trainDays - 1;
        var members = rule is null || rule.IsOff ? null : rule.Members(OpenInterest(panel, trainDays));
        var chosen = Enumerable.Range(0, panel.Stocks).Where(s => panel.IsValid(last, s) && (members is null || members[last, s])).ToArray();
        if (chosen.Length < 3)
            throw new ArgumentException($"{dbPath}: only {chosen.Length} assets are tradable{(members is null ? "" : " and in the universe")} on the last training day {panel.Dates[last]:yyyy-MM-dd}; pre-training needs more assets than dim + 1");

        double[,] Returns(int from, int count)
        {
            var r = new double[count, chosen.Length];
            for (int d = 0; d < count; d++)
                for (int a = 0; a < chosen.Length; a++)
                    r[d, a] = panel[from + d, chosen[a], 0];                           // NaN without a bar
            return r;
        }
        var sectors = chosen.Select(s => Enumerable.Range(0, trainDays).Select(d => panel[last - d, s, 2]).Where(float.IsFinite).Select(v => (int)v).DefaultIfEmpty(-1).First()).ToArray();
        var names = SectorNamesOf(db);
        var codes = chosen.Select(s => panel.Codes[s]).ToArray();
        return new EmbeddingMarket(codes, sectors, sectors.Select(s => names.TryGetValue(s, out var n) ? n : $"sector {s}").ToArray(),
            panel.Dates[..trainDays], panel.Dates[trainDays..],
            new AssetReturns(codes, Returns(0, trainDays), Returns(trainDays, panel.Days - trainDays)));
    }

    /// <summary>Open interest of the first <paramref name="days"/> days [days, stocks]: NaN without a bar, 0 where a bar has none.</summary>
    private static double[,] OpenInterest(MarketPanel panel, int days)
    {
        var values = new double[days, panel.Stocks];
        for (int d = 0; d < days; d++)
            for (int s = 0; s < panel.Stocks; s++)
                values[d, s] = float.IsNaN(panel[d, s, 3]) ? double.NaN : float.IsNaN(panel[d, s, 1]) ? 0 : panel[d, s, 1];
        return values;
    }

    private static Dictionary<int, string> SectorNamesOf(MarketDatabase db)
    {
        var names = new Dictionary<int, string>();
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT industry, board FROM instruments WHERE industry IS NOT NULL AND board IS NOT NULL";
        using var rows = cmd.ExecuteReader();
        while (rows.Read()) names.TryAdd(rows.GetInt32(0), rows.GetString(1));
        return names;
    }
}

/// <summary>What `alphahost embed` measured: losses, and how the trained table sits by sector.</summary>
public sealed record EmbeddingSummary(
    int Assets, int Dim, int TrainDays, int HeldOutDays, int Steps,
    double TrainLossFirst, double TrainLossLast, double HeldOutLossUntrained, double HeldOutLossTrained,
    double SameSectorCosine, double CrossSectorCosine, double SectorGap);

/// <summary>Pre-trains and writes embeddings.pt (PyTorch state dict), embeddings.csv, losses.csv, summary.json and report.html.</summary>
public static class EmbeddingsStudy
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static EmbeddingSummary Run(EmbeddingMarket market, IAssetEmbedder embedder, string outDir, string command, Action<string>? log = null)
    {
        var dir = Directory.CreateDirectory(outDir).FullName;
        using var fit = embedder.Fit(market.Returns);
        var rows = fit.Rows;
        fit.Table.save_py(Path.Combine(dir, "embeddings.pt"));
        WriteTable(Path.Combine(dir, "embeddings.csv"), market, rows);
        WriteLosses(Path.Combine(dir, "losses.csv"), fit);

        var cosine = EmbeddingGeometry.CosineSimilarity(rows);
        var (within, cross, gap) = market.Sectors.Distinct().Count() > 1 && market.Sectors.GroupBy(s => s).Any(g => g.Count() > 1)
            ? EmbeddingGeometry.SectorSeparation(cosine, market.Sectors) : (double.NaN, double.NaN, double.NaN);
        double Tail(double[] x) => x.Length == 0 ? double.NaN : x[^Math.Min(20, x.Length)..].Average();
        double Head(double[] x) => x.Length == 0 ? double.NaN : x[..Math.Min(20, x.Length)].Average();
        var summary = new EmbeddingSummary(rows.GetLength(0), rows.GetLength(1), market.TrainDates.Length, market.HeldOutDates.Length, fit.TrainLoss.Length,
            Head(fit.TrainLoss), Tail(fit.TrainLoss),
            fit.HeldOutLoss.Count == 0 ? double.NaN : fit.HeldOutLoss[0].Loss,
            fit.HeldOutLoss.Count == 0 ? double.NaN : fit.HeldOutLoss.Skip(1).TakeLast(5).Select(l => l.Loss).DefaultIfEmpty(double.NaN).Average(),
            within, cross, gap);
        File.WriteAllText(Path.Combine(dir, "summary.json"), JsonSerializer.Serialize(summary, Json));
        var charts = EmbeddingChartSpecs.For(market.Codes, market.SectorNames, cosine, EmbeddingGeometry.Pca2(rows), fit.TrainLoss, fit.HeldOutLoss, within, cross);
        HtmlReport.WritePage(Path.Combine(dir, "report.html"), "Asset embeddings", Headline(summary, market), charts, Notes(summary, command), ChartScripts.Load());
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Assets} assets x dim {summary.Dim}, {summary.Steps} steps: train loss {summary.TrainLossFirst:F4} -> {summary.TrainLossLast:F4}; held-out loss {summary.HeldOutLossUntrained:F4} untrained -> {summary.HeldOutLossTrained:F4}; same-sector cosine {within:F3}, cross-sector {cross:F3}, gap {gap:F3}"));
        return summary;
    }

    private static IReadOnlyList<(string Label, string Value)> Headline(EmbeddingSummary s, EmbeddingMarket market)
    {
        string F(double v) => double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "–";
        return
        [
            ("assets × dim", $"{s.Assets} × {s.Dim}"),
            ("training days", $"{s.TrainDays} ({market.TrainDates[0]:yyyy-MM-dd} to {market.TrainDates[^1]:yyyy-MM-dd})"),
            ("held-out days", s.HeldOutDays == 0 ? "none" : $"{s.HeldOutDays} ({market.HeldOutDates[0]:yyyy-MM-dd} to {market.HeldOutDates[^1]:yyyy-MM-dd})"),
            ("training loss (first 20 → last 20 steps)", $"{F(s.TrainLossFirst)} → {F(s.TrainLossLast)}"),
            ("held-out loss (untrained → trained)", $"{F(s.HeldOutLossUntrained)} → {F(s.HeldOutLossTrained)}"),
            ("mean cosine, same sector vs cross sector", $"{F(s.SameSectorCosine)} vs {F(s.CrossSectorCosine)} (gap {F(s.SectorGap)})"),
        ];
    }

    private static IReadOnlyList<string> Notes(EmbeddingSummary s, string command) =>
    [
        $"Produced by `{command}`.",
        "Each step picks target assets at random, solves the minimum-norm least squares of their embeddings on the other assets' embeddings (pinv), applies the same weights to the other assets' mean returns over random windows, and takes the Huber (or L1) loss against the targets' own mean returns.",
        "Returns are divided by the training days' overall standard deviation (held-out days too), so both losses are in units of it. The held-out loss is measured on windows inside the held-out days with base assets as targets; the untrained value is the same measure before the first step.",
        "Cosine similarity of embeddings: +1 same direction, 0 unrelated, −1 opposite. The gap is the mean same-sector cosine minus the mean cross-sector cosine (pairs i < j).",
    ];

    private static void WriteTable(string path, EmbeddingMarket market, double[,] rows)
    {
        var csv = new StringBuilder("code,sector");
        for (int k = 0; k < rows.GetLength(1); k++) csv.Append(CultureInfo.InvariantCulture, $",e{k}");
        csv.AppendLine();
        for (int a = 0; a < rows.GetLength(0); a++)
        {
            csv.Append(market.Codes[a]).Append(',').Append(market.SectorNames[a]);
            for (int k = 0; k < rows.GetLength(1); k++) csv.Append(',').Append(rows[a, k].ToString("R", CultureInfo.InvariantCulture));
            csv.AppendLine();
        }
        File.WriteAllText(path, csv.ToString());
    }

    private static void WriteLosses(string path, AssetEmbeddingFit fit)
    {
        var heldOut = fit.HeldOutLoss.ToDictionary(l => l.Step, l => l.Loss);
        var csv = new StringBuilder("step,train_loss,held_out_loss\n");
        for (int step = 0; step <= fit.TrainLoss.Length; step++)
        {
            string train = step == 0 ? "" : fit.TrainLoss[step - 1].ToString("R", CultureInfo.InvariantCulture);
            string held = heldOut.TryGetValue(step, out var h) ? h.ToString("R", CultureInfo.InvariantCulture) : "";
            if (train.Length + held.Length > 0) csv.Append(CultureInfo.InvariantCulture, $"{step},{train},{held}\n");
        }
        File.WriteAllText(path, csv.ToString());
    }
}
