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
    public void BlockedKFoldKeepsAGapAroundEachValidationBlock()
    {
        var sampler = new BlockedKFoldSampler();
        sampler.Configure(new BlockedKFoldConfig { Folds = 4, EmbargoDays = 2 });
        var splits = sampler.Split(new SamplerRequest(Calendar(200), 105, 6));
        Assert.Equal(4, splits.Count);
        foreach (var s in splits)
        {
            // Train entirely before or after the validation block, with lag − 1 + embargo days between.
            bool before = s.Train.End <= s.Validation.Start;
            if (before) Assert.True(s.Validation.Start - s.Train.End >= 5 + 2);
            else Assert.True(s.Train.Start - s.Validation.End >= 5 + 2);
            Assert.True(s.Validation.End <= 100); // only days whose labels are known at day 105
        }
    }
}
