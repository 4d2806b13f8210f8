using AlphaHost.Plugins.Samplers;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Samplers.Tests;

public class SamplerTests
{
    private static DateOnly[] Calendar(int days) => Enumerable.Range(0, days).Select(i => new DateOnly(2015, 1, 1).AddDays(i)).ToArray();

    /// <summary>
    /// The label of day d spans days d+1 .. d+lag (entry at d+1, exit lag − 1 days later) and is known
    /// at d + lag. Every training label must be over before validation starts and before the test.
    /// </summary>
    private static void AssertNoTrainingLabelReachesTheTest(SampleSplit split, int today, int lag)
    {
        int lastFitted = (split.Validation.IsEmpty ? split.Train : split.Validation).End - 1;
        Assert.True(lastFitted + lag <= today, $"label of day {lastFitted} is known only at {lastFitted + lag}, after today {today}");
        for (int d = split.Train.Start; d < split.Train.End; d++)
        {
            Assert.True(d + lag <= split.Test.Start, $"train day {d}: label window ends {d + lag}, test starts {split.Test.Start}");
            if (!split.Validation.IsEmpty)
                Assert.True(d + lag <= split.Validation.Start, $"train day {d}: label window ends {d + lag}, validation starts {split.Validation.Start}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void RollingWindowsNeverLetATrainingLabelOverlapTheTestPeriod(int embargo)
    {
        var sampler = new RollingSampler();
        sampler.Configure(new WindowConfig { TrainDays = 200, TestDays = 50, EmbargoDays = embargo });
        var calendar = Calendar(800);
        const int lag = 6;
        int splits = 0;
        for (int today = 0; today < 800; today += 7)
        {
            foreach (var split in sampler.Split(new SamplerRequest(calendar, today, lag)))
            {
                splits++;
                Assert.Null(new SamplerRequest(calendar, today, lag).Leak(split));
                AssertNoTrainingLabelReachesTheTest(split, today, lag);
                Assert.Equal(today + embargo, split.Test.Start);
                Assert.Equal(200 - (int)Math.Round(200 * 0.2) - (lag - 1) - embargo, split.Train.Count);
            }
        }
        Assert.True(splits > 50);
    }

    [Fact]
    public void ExpandingWindowsStartAtTheFirstDay()
    {
        var sampler = new ExpandingSampler();
        sampler.Configure(new WindowConfig { TrainDays = 100, TestDays = 20 });
        var calendar = Calendar(400);
        Assert.Empty(sampler.Split(new SamplerRequest(calendar, 50, 6)));
        var split = Assert.Single(sampler.Split(new SamplerRequest(calendar, 300, 6)));
        Assert.Equal(0, split.Train.Start);
        // Fitted block: days 0 .. 300 − 6 = 294 (295 days); validation its last 59; train ends 5 days before validation.
        Assert.Equal(new DayWindow(236, 59), split.Validation);
        Assert.Equal(new DayWindow(0, 231), split.Train);
        Assert.Null(new SamplerRequest(calendar, 300, 6).Leak(split));
    }

    [Fact]
    public void BlockedKFoldTrainsOnBothSidesOfEachValidationBlockWithAnEmbargo()
    {
        var sampler = new BlockedKFoldSampler();
        sampler.Configure(new BlockedKFoldConfig { Folds = 4, EmbargoDays = 2, TrainDays = 40, Expanding = true, TestDays = 20 });
        var request = new SamplerRequest(Calendar(200), 105, 6);
        var splits = sampler.Split(request);
        // Labels of days 0..99 are known at 105 (lag 6); blocks of 25 days; gap = lag − 1 + embargo = 7
        // on each side; the test starts at today + embargo = 107 for every fold.
        var expected = new (DayWindow[] Train, DayWindow Validation)[]
        {
            ([new(32, 68)], new(0, 25)),
            ([new(0, 18), new(57, 43)], new(25, 25)),
            ([new(0, 43), new(82, 18)], new(50, 25)),
            ([new(0, 68)], new(75, 25)),
        };
        Assert.Equal(expected.Length, splits.Count);
        for (int k = 0; k < splits.Count; k++)
        {
            Assert.Equal(expected[k].Train, splits[k].TrainWindows);
            Assert.Equal(expected[k].Train[0], splits[k].Train);
            Assert.Equal(expected[k].Validation, splits[k].Validation);
            Assert.Equal(new DayWindow(107, 20), splits[k].Test);
            Assert.Equal(expected[k].Train.Sum(w => w.Count), splits[k].TrainDays.Count());
            Assert.Null(request.Leak(splits[k]));
        }
        // Fold 1 trains on days 0..17 and 57..99: the exact day set.
        Assert.Equal(Enumerable.Range(0, 18).Concat(Enumerable.Range(57, 43)), splits[1].TrainDays);
    }

    [Fact]
    public void BlockedKFoldRollsOverTheLastTrainDays()
    {
        var sampler = new BlockedKFoldSampler();
        sampler.Configure(new BlockedKFoldConfig { Folds = 2, TrainDays = 40, TestDays = 10 });
        Assert.Empty(sampler.Split(new SamplerRequest(Calendar(200), 44, 6)));      // 39 known days < 40
        var splits = sampler.Split(new SamplerRequest(Calendar(200), 105, 6));
        // Known days 60..99, blocks 60..79 and 80..99, gap 5.
        Assert.Equal([new DayWindow(85, 15)], splits[0].TrainWindows);
        Assert.Equal(new DayWindow(60, 20), splits[0].Validation);
        Assert.Equal([new DayWindow(60, 15)], splits[1].TrainWindows);
        Assert.Equal(new DayWindow(80, 20), splits[1].Validation);
    }

    [Fact]
    public void LeakCatchesATrainWindowAfterValidationInsideItsLabelHorizon()
    {
        var request = new SamplerRequest(Calendar(200), 105, 6);
        // Validation 25..49: its last label (day 49) runs to day 55, so a train window after it may start at 55.
        var clean = SampleSplit.Of([new DayWindow(0, 20), new DayWindow(55, 40)], new DayWindow(25, 25), new DayWindow(105, 10));
        Assert.Null(request.Leak(clean));
        var touching = SampleSplit.Of([new DayWindow(0, 20), new DayWindow(54, 40)], new DayWindow(25, 25), new DayWindow(105, 10));
        Assert.Equal("train window at 54 starts inside the validation labels' horizon (needs >= 55)", request.Leak(touching));
        var late = SampleSplit.Of([new DayWindow(0, 20), new DayWindow(55, 46)], new DayWindow(25, 25), new DayWindow(106, 10));
        Assert.Equal("label of train day 100 is known only at day 106, after today (105)", request.Leak(late));
        var overlapping = SampleSplit.Of([new DayWindow(0, 30)], new DayWindow(25, 25), new DayWindow(105, 10));
        Assert.Equal("validation starts at 25, inside the train labels' horizon (needs >= 35)", request.Leak(overlapping));
    }

    [Fact]
    public void EveryKthDayKeepsOnlyCalendarDaysThatAreMultiplesOfK()
    {
        var sampler = new RollingSampler();
        sampler.Configure(new WindowConfig { TrainDays = 50, ValidationShare = 0.2, TestDays = 10, SampleEveryDays = 10 });
        var split = Assert.Single(sampler.Split(new SamplerRequest(Calendar(200), 105, 6)));
        // Fitted 50..99; validation 90..99 (every day); train 50..84 thinned to 50, 60, 70, 80.
        Assert.Equal([50, 60, 70, 80], split.TrainDays);
        Assert.Equal(new DayWindow(90, 10), split.Validation);
        Assert.Equal(4, split.TrainCount);
    }

    [Fact]
    public void TrainPeriodsKeepOnlyTheirDays()
    {
        var sampler = new RollingSampler();
        // Calendar day i is 2015-01-01 + i: day 55 = 2015-02-25, day 60 = 2015-03-02, day 75 = 2015-03-17.
        sampler.Configure(new WindowConfig { TrainDays = 50, TestDays = 10, TrainPeriods = ["2015-02-25..2015-03-02", "2015-03-17..2015-12-31"] });
        var split = Assert.Single(sampler.Split(new SamplerRequest(Calendar(200), 105, 6)));
        Assert.Equal([new DayWindow(55, 6), new DayWindow(75, 10)], split.TrainWindows);
        Assert.Null(new SamplerRequest(Calendar(200), 105, 6).Leak(split));
    }

    [Fact]
    public void BucketSelectionTravelsWithTheSplit()
    {
        var sampler = new ExpandingSampler();
        sampler.Configure(new WindowConfig { TrainDays = 50, TestDays = 10, BucketBy = StockMeasure.Volatility, Buckets = 3, KeepBuckets = [2, 3], BucketWindowDays = 10 });
        var split = Assert.Single(sampler.Split(new SamplerRequest(Calendar(200), 105, 6)));
        var stocks = split.TrainStocks!;
        Assert.Equal((StockMeasure.Volatility, 3, 10), (stocks.By, stocks.Count, stocks.WindowDays));
        Assert.Equal([2, 3], stocks.Keep);
    }

    [Fact]
    public void StockBucketsCutTheDayIntoEqualCountsByRank()
    {
        var buckets = new StockBuckets(StockMeasure.Size, 3, [1]);
        // Six values ranked 0..5 → buckets ⌊rank·3/6⌋ + 1 = 1,1,2,2,3,3; NaN gets no bucket (0).
        Assert.Equal([3, 1, 2, 0, 1, 3, 2], buckets.Assign([50, 1, 30, double.NaN, 2, 60, 40]));
    }

    [Theory]
    [InlineData("{\"sampleEveryDays\": 0}", "sampleEveryDays")]
    [InlineData("{\"trainPeriods\": [\"2015-03-01..2015-02-01\"]}", "trainPeriods")]
    [InlineData("{\"bucketBy\": \"Size\", \"keepBuckets\": [6]}", "keepBuckets")]
    [InlineData("{\"bucketBy\": \"Liquidity\"}", "keepBuckets")]
    public void BadSelectionKeysAreNamed(string json, string key)
    {
        var layer = new ConfigLayer("run.json sampler", (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(json)!);
        var e = Assert.Throws<ConfigException>(() => ConfigSchema.Bind<WindowConfig>(layer));
        Assert.Contains($"key '{key}'", e.Message);
    }
}
