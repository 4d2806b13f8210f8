using System.ComponentModel;
using System.Text.Json.Serialization;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;
using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Host.Research;

/// <summary>
/// Each asset's embedding (one row per panel slot) joined to its data picture as extra rows, the
/// row's value repeated over the picture's days: [n, F, T] → [n, F + E, T]. Every model reads it
/// through its usual input. A combo's row is then Σ wᵢ·eᵢ over its legs, as the note defines.
/// </summary>
public sealed class AssetEmbeddingInputs(double[,] rows)
{
    /// <summary>[S, E] by panel slot.</summary>
    public double[,] Rows { get; } = rows;
    public int Dim => Rows.GetLength(1);

    /// <summary>The row names an embedding adds to the picture's fields (embedding0 …).</summary>
    public IEnumerable<string> FieldNames => Enumerable.Range(0, Dim).Select(k => $"embedding{k}");

    /// <summary>Pictures [n, F, T] of <paramref name="stocks"/> with their embeddings appended: [n, F + E, T] float32.</summary>
    public Tensor Join(Tensor pictures, long[] stocks)
    {
        using var scope = torch.NewDisposeScope();
        long n = stocks.Length, t = pictures.size(2);
        var flat = new float[n * Dim];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < Dim; k++) flat[i * Dim + k] = (float)Rows[stocks[i], k];
        var e = torch.tensor(flat, [n, Dim, 1]).expand(n, Dim, t);
        return torch.cat([pictures.to(ScalarType.Float32), e], 1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Pre-trains a table on the daily adjusted-close returns of <paramref name="days"/> only (return
    /// of d = close[d] / close[d − 1] − 1, known at d's close; NaN without both prices): a fit passes
    /// its training days, so no day at or after its test block shapes the embeddings.
    /// </summary>
    public static AssetEmbeddingInputs Pretrain(ResearchPanel panel, IReadOnlyList<int> days, IAssetEmbedder embedder)
    {
        var used = days.Where(d => d >= 1).Distinct().Order().ToArray();
        if (used.Length < 2) throw new InvalidOperationException($"embeddings: need at least 2 training days with a previous close, got {used.Length}");
        var closes = panel.AdjustedClose.data<double>().ToArray();
        int s = panel.Stocks;
        var returns = new double[used.Length, s];
        for (int i = 0; i < used.Length; i++)
        {
            var r = ResearchPanel.ForwardReturns(closes.AsSpan((used[i] - 1) * s, s), closes.AsSpan(used[i] * s, s));
            for (int a = 0; a < s; a++) returns[i, a] = r[a];
        }
        using var fit = embedder.Fit(new AssetReturns(panel.Codes, returns));
        return new AssetEmbeddingInputs(fit.Rows);
    }
}

/// <summary>
/// Run config "combos": long/short pairs and baskets of a training day's assets added to that day
/// as extra rows (the note's tradable data augmentation). Each combo's picture and label are the
/// weighted sums of its legs', its gross exposure Σ|wᵢ| is <see cref="Leverage"/>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[Description("an object {\"pairs\": long/short pairs per training day, \"baskets\": baskets per training day, \"basketLegs\": legs per basket, \"leverage\": gross exposure of each combo}")]
public sealed record ComboAugmentation
{
    [JsonPropertyName("pairs")] public int Pairs { get; init; } = 20;
    [JsonPropertyName("baskets")] public int Baskets { get; init; } = 10;
    [JsonPropertyName("basketLegs")] public int BasketLegs { get; init; } = 4;
    [JsonPropertyName("leverage")] public double Leverage { get; init; } = 1;

    public string? Problem()
    {
        if (Pairs < 0 || Baskets < 0 || Pairs + Baskets < 1) return "\"pairs\" and \"baskets\" >= 0, at least one combo per day";
        if (BasketLegs < 2) return "\"basketLegs\" >= 2";
        if (!(Leverage > 0) || double.IsInfinity(Leverage)) return "\"leverage\" > 0";
        return null;
    }
}

/// <summary>A combo row of a training day: its legs by panel slot and their signed weights (Σ|w| = the leverage).</summary>
public sealed record ComboRow(long[] Legs, double[] Weights);

public static class ComboRows
{
    /// <summary>
    /// Random combos over the rows 0..n−1 of a day: pairs (one long share in [0.2, 0.8], the other
    /// short) and baskets of distinct legs with random weights and signs, at least one long and one
    /// short; each rescaled to gross exposure <c>spec.Leverage</c>. Positions, weights.
    /// </summary>
    public static List<(int[] Legs, double[] Weights)> Draw(int n, ComboAugmentation spec, Random rng)
    {
        var combos = new List<(int[], double[])>();
        if (n < 2) return combos;
        for (int k = 0; k < spec.Pairs; k++)
        {
            int a = rng.Next(n), b = rng.Next(n - 1);
            if (b >= a) b++;
            double share = 0.2 + 0.6 * rng.NextDouble();
            combos.Add(([a, b], Scaled([share, -(1 - share)], spec.Leverage)));
        }
        int legs = Math.Min(spec.BasketLegs, n);
        for (int k = 0; k < spec.Baskets; k++)
        {
            var chosen = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).Take(legs).ToArray();
            var w = chosen.Select((_, i) => (0.2 + rng.NextDouble()) * (i == 0 ? 1 : i == 1 ? -1 : rng.Next(2) == 0 ? 1 : -1)).ToArray();
            combos.Add((chosen, Scaled(w, spec.Leverage)));
        }
        return combos;
    }

    private static double[] Scaled(double[] w, double leverage)
    {
        double gross = w.Sum(Math.Abs);
        return w.Select(x => x * leverage / gross).ToArray();
    }

    /// <summary>
    /// The day with the combos appended after its assets: each combo's picture and label are Σ wᵢ·(leg
    /// i's) over the day's own rows, its liquidity the smallest of its legs' divided by its largest
    /// |wᵢ| (what the combo can trade before a leg runs dry). Combo rows have stock −1 and are listed
    /// in <see cref="DaySample.Combos"/>. Returns a new sample owning its tensors.
    /// </summary>
    public static DaySample Augment(DaySample day, IReadOnlyList<(int[] Legs, double[] Weights)> combos)
    {
        using var scope = torch.NewDisposeScope();
        int n = day.Stocks.Length, m = combos.Count;
        var pictures = day.Pictures.to(ScalarType.Float32).contiguous();
        var labels = day.Labels.to(ScalarType.Float32).contiguous();
        var liquidity = day.Liquidity.to(ScalarType.Float32).contiguous();
        // Sums in float64 in a fixed order (not a BLAS matmul): the same day and combos give the same bits on every run.
        float[] Combined(Tensor perAsset)
        {
            var x = perAsset.data<float>().ToArray();
            int width = x.Length / Math.Max(1, n);
            var result = new float[m * width];
            for (int c = 0; c < m; c++)
                for (int j = 0; j < width; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < combos[c].Legs.Length; i++) sum += combos[c].Weights[i] * x[combos[c].Legs[i] * width + j];
                    result[c * width + j] = (float)sum;
                }
            return result;
        }
        var assetLiquidity = liquidity.data<float>().ToArray();
        var comboLiquidity = combos.Select(c => (float)(c.Legs.Min(l => (double)assetLiquidity[l]) / c.Weights.Max(Math.Abs))).ToArray();
        var rows = combos.Select(c => new ComboRow(c.Legs.Select(l => day.Stocks[l]).ToArray(), c.Weights)).ToList();
        var comboPictures = torch.tensor(Combined(pictures), [m, .. pictures.shape[1..]]);
        var comboLabels = torch.tensor(Combined(labels), [m, .. labels.shape[1..]]);
        return new DaySample
        {
            Day = day.Day,
            Stocks = [.. day.Stocks, .. Enumerable.Repeat(-1L, m)],
            Pictures = torch.cat([pictures, comboPictures], 0).DetachFromDisposeScope(),
            Labels = torch.cat([labels, comboLabels], 0).DetachFromDisposeScope(),
            LabelMask = torch.ones(n + m, ScalarType.Bool).DetachFromDisposeScope(),
            Liquidity = torch.cat([liquidity, torch.tensor(comboLiquidity)], 0).DetachFromDisposeScope(),
            Combos = rows,
        };
    }
}

/// <summary>
/// A named row of `compare` (run config "variants"): a model fitted with its own input choices, e.g.
/// {"name": "mlp_embed", "model": "mlp", "embeddings": "asset_embedding", "combos": {"pairs": 20}};
/// a key left out is off (no embeddings, no combos), whatever the top level says. "picture" and
/// "lookback" are the exception: left out, the top level's (so minute and daily rows share a table).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[Description("an array of objects {\"name\": row name, \"model\": a model plugin, \"embeddings\": an asset embedder plugin or null, \"combos\": {\"pairs\", \"baskets\", \"basketLegs\", \"leverage\"} or null, \"picture\": \"Daily\" or \"Minute\" (default the top level's), \"lookback\": days (default the top level's)}")]
public sealed record InputVariant
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("model")] public PluginChoice Model { get; init; } = "mlp";
    [JsonPropertyName("embeddings")] public PluginChoice? Embeddings { get; init; }
    [JsonPropertyName("combos")] public ComboAugmentation? Combos { get; init; }
    /// <summary>"Daily" or "Minute" (a string, so a bad kind is reported with the variant and key); null = the top level's.</summary>
    [JsonPropertyName("picture")] public string? Picture { get; init; }
    [JsonPropertyName("lookback")] public int? Lookback { get; init; }

    /// <summary>The variant's picture kind, or <paramref name="fallback"/> (the top level's) when it names none.</summary>
    public PictureKind PictureOr(PictureKind fallback) => Picture is null ? fallback : Enum.Parse<PictureKind>(Picture);

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Name)) return "a non-empty \"name\"";
        if (Combos?.Problem() is { } combos) return $"variant '{Name}': \"combos\": {combos}";
        if (Picture is not null && !Enum.GetNames<PictureKind>().Contains(Picture))
            return $"variant '{Name}': \"picture\": one of {string.Join(", ", Enum.GetNames<PictureKind>().Select(n => $"\"{n}\""))}, not \"{Picture}\"";
        if (Lookback is < 2) return $"variant '{Name}': \"lookback\": an integer >= 2, not {Lookback}";
        return null;
    }
}
