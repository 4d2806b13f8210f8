using AlphaHost.Host.Research;
using AlphaHost.Host.Run;
using AlphaHost.Sdk.Plugins;
using TorchSharp;

namespace AlphaHost.Host.Tests.Research;

/// <summary>The data picture's rows come from the run config ("fields"), and a model is built and fitted for that many features.</summary>
[Collection("torch")]
public class PictureFieldsTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-fields-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void AThreeFieldPictureHoldsThoseFieldsAndAModelFitsOnIt()
    {
        var path = TestMarkets.Equities(Path.Combine(dir, "m.db"), stocks: 20, days: 140, seed: 5);
        string[] fields = ["close", "volume", "return1"];
        using var nine = ResearchPanel.Load(path);
        using var three = ResearchPanel.Load(path, lookback: 10, fields: fields);
        Assert.Equal(fields, three.PictureFields);
        Assert.Equal([three.Days, three.Stocks, 3L], three.Fields.shape);

        using var scope = torch.NewDisposeScope();
        // Row k of the three-field picture is the same market series as that field's row of the default picture.
        int day = 60;
        var stocks = three.EligibleStocks(day);
        var small = three.RawPictures(day, stocks);                                          // [n, 3, 10]
        var full = nine.RawPictures(day, stocks).narrow(2, ResearchPanel.DefaultLookback - 10, 10); // [n, 9, 10]
        for (int k = 0; k < fields.Length; k++)
        {
            int row = Array.IndexOf(ResearchPanel.DefaultFields, fields[k]);
            Assert.True(small.select(1, k).nan_to_num(-1).eq(full.select(1, row).nan_to_num(-1)).all().item<bool>(), fields[k]);
        }

        var spec = new FitSpec("mlp", "ic", TestPlugins.ForwardReturn(5), Normalization.PerStock, new TrainerConfig { Epochs = 1, DaysPerBatch = 8 }, Lookback: 10);
        using var fitter = new ModelFitter(spec, three, TestPlugins.Registry);
        var split = new WalkForward(TestPlugins.Sampler(TestPlugins.Rolling(60, 10)), three.Dates, fitter.LabelLag).SplitAt(100)!;
        using var fitted = fitter.Fit(split, 100, 0, seed: 2);
        Assert.Contains(fitted.Score(three, 101), v => double.IsFinite(v));
    }

    [Fact]
    public void AnUnknownFieldIsRefusedNamingTheNearestOne()
    {
        var path = Path.Combine(dir, "run.json");
        File.WriteAllText(path, """{"fields": ["clsoe", "volume"]}""");
        var error = Assert.Throws<ConfigException>(() => RunConfig.Load(path));
        Assert.Contains($"{path}: key 'fields': expected market fields (unknown field 'clsoe'; did you mean 'close'?", error.Message);
    }
}
