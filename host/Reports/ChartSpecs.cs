using System.Globalization;
using System.Text.Json.Nodes;

namespace AlphaHost.Host.Reports;

/// <summary>
/// Vega-Lite specs of the report's charts, data inlined. Rolling means and folds are Vega-Lite
/// transforms, so the browser computes them from the same daily numbers the tables use.
/// </summary>
public static class ChartSpecs
{
    private const int Width = 720, Height = 260;

    /// <summary>(element id, spec) of every chart the data has, in page order.</summary>
    public static IReadOnlyList<(string Id, string Title, JsonObject Spec)> For(ReportData data)
    {
        var charts = new List<(string, string, JsonObject)>();
        if (data.Ic.Count > 0) charts.Add(("chart-ic", "IC series", Ic(data)));
        if (data.IcDecay.Count > 0) charts.Add(("chart-decay", "IC decay", Decay(data)));
        if (data.QuantileCurves.Count > 0) charts.Add(("chart-quantiles", "Cumulative quantile returns", Quantiles(data)));
        if (data.Nav is { Count: > 0 }) charts.Add(("chart-nav", "NAV vs benchmark", Nav(data)));
        if (data.Training is { Count: > 0 }) charts.Add(("chart-training", "Training curves", Training(data)));
        return charts;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>NaN cannot travel in JSON; Vega-Lite skips nulls.</summary>
    private static JsonNode? Value(double x) => double.IsFinite(x) ? JsonValue.Create(x) : null;

    private static JsonObject Spec(string title, JsonArray values) => new()
    {
        ["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json",
        ["title"] = title,
        ["width"] = Width,
        ["height"] = Height,
        ["data"] = new JsonObject { ["values"] = values },
    };

    private static JsonObject Field(string field, string type, string title, JsonObject? extra = null)
    {
        var o = new JsonObject { ["field"] = field, ["type"] = type, ["title"] = title };
        if (extra is not null) foreach (var (k, v) in extra) o[k] = v?.DeepClone();
        return o;
    }

    /// <summary>Drag to pan, wheel to zoom the x axis.</summary>
    private static JsonArray ZoomX() => [new JsonObject { ["name"] = "zoom", ["select"] = new JsonObject { ["type"] = "interval", ["encodings"] = new JsonArray("x") }, ["bind"] = "scales" }];

    private static JsonObject Ic(ReportData data)
    {
        var values = new JsonArray();
        foreach (var p in data.Ic)
            values.Add(new JsonObject { ["date"] = Day(p.Date), ["IC"] = Value(p.Ic), ["RankIC"] = Value(p.RankIc) });
        var spec = Spec($"Daily RankIC (bars) and {data.RollingWindow}-day rolling mean of IC and RankIC (lines)", values);
        spec["transform"] = new JsonArray(
            new JsonObject { ["fold"] = new JsonArray("IC", "RankIC"), ["as"] = new JsonArray("measure", "value") },
            new JsonObject
            {
                ["window"] = new JsonArray(new JsonObject { ["op"] = "mean", ["field"] = "value", ["as"] = "rolling" }),
                ["frame"] = new JsonArray(-(data.RollingWindow - 1), 0),
                ["groupby"] = new JsonArray("measure"),
                ["sort"] = new JsonArray(new JsonObject { ["field"] = "date" }),
            });
        var x = Field("date", "temporal", "date");
        spec["layer"] = new JsonArray(
            new JsonObject
            {
                ["transform"] = new JsonArray(new JsonObject { ["filter"] = "datum.measure === 'RankIC'" }),
                ["mark"] = new JsonObject { ["type"] = "bar", ["opacity"] = 0.35, ["color"] = "#9ab" },
                ["encoding"] = new JsonObject
                {
                    ["x"] = x.DeepClone(),
                    ["y"] = Field("value", "quantitative", "IC"),
                    ["tooltip"] = new JsonArray(Field("date", "temporal", "date"), Field("value", "quantitative", "daily RankIC", new JsonObject { ["format"] = ".4f" })),
                },
            },
            new JsonObject
            {
                ["params"] = ZoomX(),
                ["mark"] = new JsonObject { ["type"] = "line", ["strokeWidth"] = 2 },
                ["encoding"] = new JsonObject
                {
                    ["x"] = x.DeepClone(),
                    ["y"] = Field("rolling", "quantitative", "IC"),
                    ["color"] = Field("measure", "nominal", "rolling mean", new JsonObject { ["legend"] = new JsonObject { ["orient"] = "top" } }),
                    ["tooltip"] = new JsonArray(Field("date", "temporal", "date"), Field("measure", "nominal", "measure"), Field("rolling", "quantitative", "rolling mean", new JsonObject { ["format"] = ".4f" })),
                },
            });
        return spec;
    }

    private static JsonObject Decay(ReportData data)
    {
        var values = new JsonArray();
        foreach (var d in data.IcDecay) values.Add(new JsonObject { ["horizon"] = d.Horizon, ["rank_ic"] = Value(d.MeanRankIc), ["days"] = d.Days });
        var spec = Spec("IC decay: mean RankIC by forward horizon (days)", values);
        spec["mark"] = new JsonObject { ["type"] = "bar", ["tooltip"] = true };
        spec["encoding"] = new JsonObject
        {
            ["x"] = Field("horizon", "ordinal", "horizon (days)", new JsonObject { ["axis"] = new JsonObject { ["labelAngle"] = 0 } }),
            ["y"] = Field("rank_ic", "quantitative", "mean RankIC"),
            ["color"] = new JsonObject { ["condition"] = new JsonObject { ["test"] = "datum.rank_ic < 0", ["value"] = "#c44" }, ["value"] = "#4a7" },
        };
        return spec;
    }

    private static JsonObject Quantiles(ReportData data)
    {
        var values = new JsonArray();
        foreach (var p in data.QuantileCurves) values.Add(new JsonObject { ["date"] = Day(p.Date), ["quantile"] = p.Quantile, ["nav"] = Value(p.Nav) });
        var spec = Spec("Cumulative return of each quantile, equal-weight, held daily (1 = lowest scores)", values);
        spec["params"] = ZoomX();
        spec["mark"] = new JsonObject { ["type"] = "line", ["tooltip"] = true };
        spec["encoding"] = new JsonObject
        {
            ["x"] = Field("date", "temporal", "date"),
            ["y"] = Field("nav", "quantitative", "NAV", new JsonObject { ["scale"] = new JsonObject { ["zero"] = false } }),
            ["color"] = Field("quantile", "ordinal", "quantile", new JsonObject { ["scale"] = new JsonObject { ["scheme"] = "viridis" } }),
        };
        return spec;
    }

    private static JsonObject Nav(ReportData data)
    {
        var values = new JsonArray();
        foreach (var p in data.Nav!)
        {
            values.Add(new JsonObject { ["date"] = Day(p.Date), ["series"] = data.NavLabel, ["nav"] = Value(p.Strategy) });
            values.Add(new JsonObject { ["date"] = Day(p.Date), ["series"] = "benchmark", ["nav"] = Value(p.Benchmark) });
            values.Add(new JsonObject { ["date"] = Day(p.Date), ["series"] = "excess (strategy / benchmark)", ["nav"] = Value(p.Strategy / p.Benchmark) });
        }
        var spec = Spec($"NAV vs benchmark: {data.NavLabel}", values);
        spec["params"] = ZoomX();
        spec["mark"] = new JsonObject { ["type"] = "line", ["tooltip"] = true };
        spec["encoding"] = new JsonObject
        {
            ["x"] = Field("date", "temporal", "date"),
            ["y"] = Field("nav", "quantitative", "NAV (1 = start)", new JsonObject { ["scale"] = new JsonObject { ["zero"] = false } }),
            ["color"] = Field("series", "nominal", "series", new JsonObject { ["legend"] = new JsonObject { ["orient"] = "top", ["labelLimit"] = 400 } }),
        };
        return spec;
    }

    private static JsonObject Training(ReportData data)
    {
        var values = new JsonArray();
        foreach (var p in data.Training!)
            values.Add(new JsonObject { ["retrain"] = p.Retrain, ["epoch"] = p.Epoch, ["train_loss"] = Value(p.TrainLoss), ["validation"] = Value(p.ValidationMetric) });
        JsonObject Panel(string field, string title) => new()
        {
            ["width"] = Width / 2 - 40,
            ["height"] = Height,
            ["title"] = title,
            ["mark"] = new JsonObject { ["type"] = "line", ["point"] = true, ["tooltip"] = true },
            ["encoding"] = new JsonObject
            {
                ["x"] = Field("epoch", "quantitative", "epoch"),
                ["y"] = Field(field, "quantitative", title, new JsonObject { ["scale"] = new JsonObject { ["zero"] = false } }),
                ["color"] = Field("retrain", "ordinal", "retrain"),
            },
        };
        return new JsonObject
        {
            ["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json",
            ["title"] = "Training curves per retrain window",
            ["data"] = new JsonObject { ["values"] = values },
            ["hconcat"] = new JsonArray(Panel("train_loss", "train loss"), Panel("validation", data.ValidationMetricName)),
        };
    }
}
