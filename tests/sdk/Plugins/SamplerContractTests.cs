using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Sdk.Tests.Plugins;

public class SamplerContractTests
{
    private static readonly DateOnly[] Calendar = Enumerable.Range(0, 100).Select(i => new DateOnly(2024, 1, 1).AddDays(i)).ToArray();

    [Theory]
    // horizon 5, today 50: the last labelled day is 45.
    [InlineData(0, 30, 34, 12, 50, 10, null)]
    [InlineData(0, 30, 33, 12, 50, 10, "validation starts at 33, inside the train labels' horizon (needs >= 34)")]
    [InlineData(0, 30, 34, 13, 50, 10, "label of day 46 is known only at day 51, after today (50)")]
    [InlineData(0, 30, 34, 12, 44, 10, "test starts at 44, inside the fitted labels' horizon (needs >= 50)")]
    [InlineData(-1, 30, 34, 12, 50, 10, "train starts before the calendar (-1)")]
    public void LeakChecksEachWindowAgainstTheLabelHorizon(int trainStart, int trainCount, int valStart, int valCount, int testStart, int testCount, string? expected)
    {
        var request = new SamplerRequest(Calendar, Today: 50, LabelHorizon: 5);
        var split = new SampleSplit(new DayWindow(trainStart, trainCount), new DayWindow(valStart, valCount), new DayWindow(testStart, testCount));
        Assert.Equal(expected, request.Leak(split));
    }

    [Theory]
    // horizon 5, today 90; validation 30..41 (last label known at 46).
    [InlineData(0, 25, 46, 40, null)]
    [InlineData(0, 27, 46, 40, "validation starts at 30, inside the train labels' horizon (needs >= 31)")]
    [InlineData(0, 25, 45, 40, "train window at 45 starts inside the validation labels' horizon (needs >= 46)")]
    [InlineData(0, 25, 46, 41, "label of train day 86 is known only at day 91, after today (90)")]
    public void LeakChecksTrainWindowsOnBothSidesOfValidation(int beforeStart, int beforeCount, int afterStart, int afterCount, string? expected)
    {
        var request = new SamplerRequest(Calendar, Today: 90, LabelHorizon: 5);
        var split = SampleSplit.Of([new DayWindow(afterStart, afterCount), new DayWindow(beforeStart, beforeCount)], new DayWindow(30, 12), new DayWindow(90, 5));
        Assert.Equal(new DayWindow(beforeStart, beforeCount), split.Train);               // the first window in time
        Assert.Equal(beforeCount + afterCount, split.TrainCount);
        Assert.Equal(expected, request.Leak(split));
    }

    [Fact]
    public void ASplitOfOneWindowTrainsOnIt()
    {
        var split = new SampleSplit(new DayWindow(3, 4), new DayWindow(12, 2), new DayWindow(20, 1));
        Assert.Equal([new DayWindow(3, 4)], split.TrainWindows);
        Assert.Equal([3, 4, 5, 6], split.TrainDays);
        Assert.Equal([new DayWindow(5, 4)], (split with { Train = new DayWindow(5, 4) }).TrainWindows);
        Assert.Equal("train window is empty", new SamplerRequest(Calendar, 50, 5).Leak(SampleSplit.Of([new DayWindow(0, 0)], new DayWindow(10, 2), new DayWindow(50, 1))));
    }

    [Fact]
    public void ADayWindowListsItsDates()
    {
        Assert.Equal([new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 4)], new DayWindow(2, 2).Dates(Calendar));
        Assert.Equal(4, new DayWindow(2, 2).End);
    }

    [Fact]
    public void StateHandsOverOnlyWhenNameAndShapeMatchAndIsACopy()
    {
        var values = new double[] { 1, 2, 3, 4, 5, 6 };
        var state = new PluginState().Set("w", [2, 3], values);
        values[0] = 99; // later changes by the old plugin do not leak in

        Assert.True(state.TryGet("w", [2, 3], out var got));
        Assert.Equal([1, 2, 3, 4, 5, 6], got);
        Assert.False(state.TryGet("w", [3, 2], out _));
        Assert.False(state.TryGet("b", [2, 3], out _));
        var e = Assert.Throws<ArgumentException>(() => state.Set("b", [4], [1, 2]));
        Assert.Equal("state 'b': shape [4] holds 4 values, got 2", e.Message);
    }
}
