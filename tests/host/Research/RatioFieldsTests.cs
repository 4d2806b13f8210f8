using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Data;
using AlphaHost.Host.Market.Store;
using Microsoft.Data.Sqlite;
using TorchSharp;

namespace AlphaHost.Host.Tests.Research;

/// <summary>
/// The six price/volume ratio rows of the AlphaNet-v2 note (15 rows with the nine): each is the
/// same day's numerator over denominator, chosen in the run config's "fields", and a later bar
/// never changes one.
/// </summary>
[Collection("torch")]
public class RatioFieldsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-ratios-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void EachRatioRowIsItsTwoColumnsOfTheSameDay()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "m.db"), stocks: 12, days: 60, seed: 4);
        using var v2 = ResearchPanel.Load(path, lookback: 10, fields: PanelReader.AlphaNetV2Fields);
        string[] raw = ["close", "free_turnover", "open", "turnover", "volume", "low", "vwap", "high"];
        using var columns = ResearchPanel.Load(path, lookback: 10, fields: raw);
        Assert.Equal(15, v2.PictureFields.Length);
        using var scope = torch.NewDisposeScope();
        var got = v2.Fields.to(torch.ScalarType.Float64).data<double>().ToArray();     // [D, S, 15]
        var col = columns.Fields.to(torch.ScalarType.Float64).data<double>().ToArray(); // [D, S, 8]
        int checkedValues = 0;
        foreach (var field in PanelReader.RatioFields)
        {
            var (num, den) = PanelReader.RatioParts(field)!.Value;
            int f = Array.IndexOf(v2.PictureFields, field), n = Array.IndexOf(raw, num), d = Array.IndexOf(raw, den);
            for (int cell = 0; cell < v2.Days * v2.Stocks; cell++)
            {
                double expected = col[cell * raw.Length + n] / col[cell * raw.Length + d];
                double value = got[cell * 15 + f];
                if (!double.IsFinite(expected)) { Assert.True(double.IsNaN(value), $"{field} at cell {cell}"); continue; }
                // Both sides float32-rounded: the ratio of the rounded columns is within a few ulps.
                Assert.True(Math.Abs(value - expected) <= 1e-5 * Math.Abs(expected), $"{field} at cell {cell}: {value} vs {expected}");
                checkedValues++;
            }
        }
        Assert.True(checkedValues > 6 * 12 * 50);
    }

    [Fact]
    public void AFutureBarChangesNoRatioRowUpToTheDayAndAModelFitsOnFifteenRows()
    {
        var original = TestMarkets.Equities(Path.Combine(dir, "a.db"), stocks: 20, days: 120, seed: 6);
        var changed = Path.Combine(dir, "b.db");
        File.Copy(original, changed);
        using var a = ResearchPanel.Load(original, lookback: 10, fields: PanelReader.AlphaNetV2Fields);
        const int t = 90;
        using (var c = new SqliteConnection($"Data Source={changed};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE bars SET open = open * 1.5, high = high * 1.7, low = low * 1.2, close = close * 1.5, vwap = vwap * 1.3, volume = volume * 3, turnover = turnover * 2, free_turnover = free_turnover * 5 WHERE date > $d";
            cmd.Parameters.AddWithValue("$d", TradingCalendar.ToKey(a.Dates[t]));
            Assert.True(cmd.ExecuteNonQuery() > 0);
        }
        using var b = ResearchPanel.Load(changed, lookback: 10, fields: PanelReader.AlphaNetV2Fields);
        using var scope = torch.NewDisposeScope();
        var before = a.Fields.narrow(0, 0, t + 1).nan_to_num(-7);
        Assert.True(before.eq(b.Fields.narrow(0, 0, t + 1).nan_to_num(-7)).all().item<bool>(), "a row up to day t changed");
        Assert.False(a.Fields.select(0, t + 1).nan_to_num(-7).eq(b.Fields.select(0, t + 1).nan_to_num(-7)).all().item<bool>());

        var configPath = Path.Combine(dir, "run.json");
        File.WriteAllText(configPath, $$"""{"lookback": 10, "fields": [{{string.Join(", ", PanelReader.AlphaNetV2Fields.Select(f => $"\"{f}\""))}}]}""");
        var config = RunConfig.Load(configPath);
        Assert.Equal(PanelReader.AlphaNetV2Fields, config.Fields);
        var spec = new FitSpec("mlp", "ic", TestPlugins.ForwardReturn(5), Normalization.PerStock, new TrainerConfig { Epochs = 1, DaysPerBatch = 8 }, Lookback: 10);
        using var fitter = new ModelFitter(spec, a, TestPlugins.Registry);
        var split = new WalkForward(TestPlugins.Sampler(TestPlugins.Rolling(50, 10)), a.Dates, fitter.LabelLag).SplitAt(t)!;
        using var fitted = fitter.Fit(split, t, 0, seed: 2);
        Assert.Contains(fitted.Score(a, t), double.IsFinite);
    }
}
