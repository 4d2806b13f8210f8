using AlphaHost.Sdk.Statistics;
namespace AlphaHost.Sdk.Tests.Statistics;

public class ClassificationTests
{
    // Eight stocks: P(up) and the truth. Above ½ predicts 1, so TP = 3 (0, 1, 7), FN = 1 (2), FP = 1 (5), TN = 3 (3, 4, 6).
    private static readonly double[] Probability = [0.9, 0.8, 0.3, 0.2, 0.1, 0.7, 0.4, 0.6];
    private static readonly int[] Truth = [1, 1, 1, 0, 0, 0, 0, 1];

    [Fact]
    public void BinaryConfusionAndScoresMatchAHandComputation()
    {
        var g = Classification.Grade(Truth, Probability, 2);
        Assert.Equal(new long[,] { { 3, 1 }, { 1, 3 } }, g.Confusion);  // rows true 0/1, columns predicted 0/1
        Assert.Equal(0.75, g.Accuracy, 12);                               // 6 / 8
        Assert.Equal(0.75, g.F1, 12);                                     // 2·3 / (2·3 + 1 + 1)
        Assert.Equal(0.5, g.Mcc, 12);                                     // (3·3 − 1·1) / sqrt(4·4·4·4)
        // Pairs (positive, negative) ordered right: 0.9 and 0.8 beat all four negatives, 0.3 beats 0.2 and 0.1, 0.6 beats three: 13 / 16.
        Assert.Equal(13 / 16.0, g.RocAuc, 12);
        Assert.Equal(0.5, g.MajorityAccuracy, 12);
        Assert.Equal(8, g.Samples);
    }

    [Fact]
    public void RocAucCountsTiesAsHalf() =>
        // Positives 0.5, 0.8; negatives 0.5, 0.2: ½ + 1 + 1 + 1 of 4 pairs.
        Assert.Equal(3.5 / 4, Classification.RocAuc([0.5, 0.5, 0.2, 0.8], [true, false, false, true]), 12);

    [Fact]
    public void RocAucIsUndefinedWithOneClassOnly() =>
        Assert.True(double.IsNaN(Classification.RocAuc([0.1, 0.2], [true, true])));

    [Fact]
    public void ThreeClassesMatchAHandComputation()
    {
        // Argmax per row: 0, 1, 1, 1, 2, 0 against truth 0, 0, 1, 1, 2, 2.
        double[] p =
        [
            0.6, 0.3, 0.1,
            0.3, 0.5, 0.2,
            0.2, 0.7, 0.1,
            0.1, 0.8, 0.1,
            0.2, 0.1, 0.7,
            0.5, 0.1, 0.4,
        ];
        var g = Classification.Grade([0, 0, 1, 1, 2, 2], p, 3);
        Assert.Equal(new long[,] { { 1, 1, 0 }, { 0, 2, 0 }, { 1, 0, 1 } }, g.Confusion);
        Assert.Equal(4 / 6.0, g.Accuracy, 12);
        // F1 per class: 2·1/(2+2), 2·2/(2+3), 2·1/(2+1).
        Assert.Equal((0.5 + 0.8 + 2 / 3.0) / 3, g.F1, 12);
        // c = 4, s = 6, t = (2, 2, 2), p = (2, 3, 1): (24 − 12) / sqrt((36 − 14)(36 − 12)).
        Assert.Equal(12 / Math.Sqrt(22 * 24), g.Mcc, 12);
        // One-vs-rest: class 0 ranks 7 of 8 pairs right, classes 1 and 2 all.
        Assert.Equal((7 / 8.0 + 1 + 1) / 3, g.RocAuc, 12);
    }

    [Fact]
    public void MccIsZeroWhenEveryPredictionIsOneClass()
    {
        var c = Classification.Confusion([0, 1, 1, 0], [1, 1, 1, 1], 2);
        Assert.Equal(0, Classification.Mcc(c));
        Assert.Equal(0.5, Classification.Accuracy(c), 12);
    }

    [Fact]
    public void ClassesOutOfRangeAreRefused() =>
        Assert.Throws<ArgumentException>(() => Classification.Confusion([0, 3], [0, 1], 2));
}
