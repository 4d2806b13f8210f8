using System.Text.Json.Nodes;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Reports;

/// <summary>Vega-Lite specs of `alphahost embed`'s report: cosine heat map, PCA map, sector similarity, loss curves.</summary>
public static class EmbeddingChartSpecs
{
    private const string Schema = "https://vega.github.io/schema/vega-lite/v6.json";

    public static IReadOnlyList<(string Id, string Title, JsonObject Spec)> For(
        IReadOnlyList<string> codes, IReadOnlyList<string> sectors, double[,] cosine, double[,] pca,
        IReadOnlyList<double> trainLoss, IReadOnlyList<StepLoss> heldOutLoss, double sameSector, double crossSector)
    {
        var charts = new List<(string, string, JsonObject)>
        {
            ("chart-cosine", "Cosine similarity", Cosine(codes, sectors, cosine)),
            ("chart-pca", "PCA map", Pca(codes, sectors, pca)),
        };
        if (double.IsFinite(sameSector) && double.IsFinite(crossSector)) charts.Add(("chart-sectors", "Same vs cross sector", Sectors(sameSector, crossSector)));
        if (trainLoss.Count > 0) charts.Add(("chart-loss", "Loss", Loss(trainLoss, heldOutLoss)));
        return charts;
    }

    private static JsonNode? Value(double x) => double.IsFinite(x) ? JsonValue.Create(x) : null;

    private static JsonObject Field(string field, string type, string title) => new() { ["field"] = field, ["type"] = type, ["title"] = title };

    /// <summary>Heat map, assets grouped by sector on both axes, −1 blue, 0 white, +1 red.</summary>
    public static JsonObject Cosine(IReadOnlyList<string> codes, IReadOnlyList<string> sectors, double[,] cosine)
    {
        var order = Enumerable.Range(0, codes.Count).OrderBy(i => sectors[i], StringComparer.Ordinal).ThenBy(i => codes[i], StringComparer.Ordinal).Select(i => (JsonNode)codes[i]).ToArray();
        var values = new JsonArray();
        for (int i = 0; i < codes.Count; i++)
            for (int j = 0; j < codes.Count; j++)
                values.Add(new JsonObject { ["a"] = codes[i], ["b"] = codes[j], ["sector_a"] = sectors[i], ["sector_b"] = sectors[j], ["cosine"] = Value(cosine[i, j]) });
        JsonObject Axis(string field, string title) => new() { ["field"] = field, ["type"] = "ordinal", ["title"] = title, ["sort"] = new JsonArray(order.Select(o => o!.DeepClone()).ToArray()) };
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = "Cosine similarity of asset embeddings (assets grouped by sector)",
            ["width"] = Math.Max(300, 14 * codes.Count),
            ["height"] = Math.Max(300, 14 * codes.Count),
            ["data"] = new JsonObject { ["values"] = values },
            ["mark"] = "rect",
            ["encoding"] = new JsonObject
            {
                ["x"] = Axis("a", "asset"),
                ["y"] = Axis("b", "asset"),
                ["color"] = new JsonObject { ["field"] = "cosine", ["type"] = "quantitative", ["scale"] = new JsonObject { ["domain"] = new JsonArray(-1, 0, 1), ["range"] = new JsonArray("#2166ac", "#ffffff", "#b2182b") } },
                ["tooltip"] = new JsonArray(Field("a", "nominal", "asset"), Field("sector_a", "nominal", "sector"), Field("b", "nominal", "other"), Field("sector_b", "nominal", "its sector"),
                    new JsonObject { ["field"] = "cosine", ["type"] = "quantitative", ["format"] = ".3f" }),
            },
        };
    }

    /// <summary>The first two principal components of the rows, one colour per sector, each point labelled.</summary>
    public static JsonObject Pca(IReadOnlyList<string> codes, IReadOnlyList<string> sectors, double[,] pca)
    {
        var values = new JsonArray();
        for (int i = 0; i < codes.Count; i++)
            values.Add(new JsonObject { ["code"] = codes[i], ["sector"] = sectors[i], ["pc1"] = Value(pca[i, 0]), ["pc2"] = Value(pca[i, 1]) });
        var encoding = new JsonObject
        {
            ["x"] = Field("pc1", "quantitative", "first principal component"),
            ["y"] = Field("pc2", "quantitative", "second principal component"),
            ["color"] = Field("sector", "nominal", "sector"),
            ["tooltip"] = new JsonArray(Field("code", "nominal", "asset"), Field("sector", "nominal", "sector")),
        };
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = "Asset embeddings on their first two principal components",
            ["width"] = 600,
            ["height"] = 420,
            ["data"] = new JsonObject { ["values"] = values },
            ["encoding"] = encoding,
            ["layer"] = new JsonArray(
                new JsonObject { ["mark"] = new JsonObject { ["type"] = "point", ["filled"] = true, ["size"] = 70 } },
                new JsonObject { ["mark"] = new JsonObject { ["type"] = "text", ["dx"] = 6, ["align"] = "left", ["fontSize"] = 10 }, ["encoding"] = new JsonObject { ["text"] = Field("code", "nominal", "asset") } }),
        };
    }

    /// <summary>Mean cosine of same-sector pairs beside that of cross-sector pairs.</summary>
    public static JsonObject Sectors(double sameSector, double crossSector) => new()
    {
        ["$schema"] = Schema,
        ["title"] = "Mean cosine similarity of asset pairs",
        ["width"] = 300,
        ["height"] = 220,
        ["data"] = new JsonObject { ["values"] = new JsonArray(new JsonObject { ["pairs"] = "same sector", ["cosine"] = Value(sameSector) }, new JsonObject { ["pairs"] = "cross sector", ["cosine"] = Value(crossSector) }) },
        ["mark"] = "bar",
        ["encoding"] = new JsonObject
        {
            ["x"] = Field("pairs", "nominal", "pairs"),
            ["y"] = Field("cosine", "quantitative", "mean cosine"),
            ["tooltip"] = new JsonArray(Field("pairs", "nominal", "pairs"), new JsonObject { ["field"] = "cosine", ["type"] = "quantitative", ["format"] = ".3f" }),
        },
    };

    /// <summary>Training loss per step and held-out loss where measured, one line each.</summary>
    public static JsonObject Loss(IReadOnlyList<double> trainLoss, IReadOnlyList<StepLoss> heldOutLoss)
    {
        var values = new JsonArray();
        for (int i = 0; i < trainLoss.Count; i++) values.Add(new JsonObject { ["step"] = i + 1, ["loss"] = Value(trainLoss[i]), ["set"] = "training" });
        foreach (var l in heldOutLoss) values.Add(new JsonObject { ["step"] = l.Step, ["loss"] = Value(l.Loss), ["set"] = "held out" });
        return new JsonObject
        {
            ["$schema"] = Schema,
            ["title"] = "Pre-training loss: training days and held-out days",
            ["width"] = 720,
            ["height"] = 260,
            ["data"] = new JsonObject { ["values"] = values },
            ["mark"] = new JsonObject { ["type"] = "line", ["interpolate"] = "monotone" },
            ["encoding"] = new JsonObject
            {
                ["x"] = Field("step", "quantitative", "step"),
                ["y"] = Field("loss", "quantitative", "loss (units of the training returns' std)"),
                ["color"] = Field("set", "nominal", "days"),
                ["tooltip"] = new JsonArray(Field("set", "nominal", "days"), Field("step", "quantitative", "step"), new JsonObject { ["field"] = "loss", ["type"] = "quantitative", ["format"] = ".4f" }),
            },
        };
    }
}
