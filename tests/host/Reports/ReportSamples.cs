using AlphaHost.Host.Reports;
using AlphaHost.Host.Grading;

namespace AlphaHost.Host.Tests.Reports;

/// <summary>
/// The hand-computed evaluation of plugins/Evaluation's tests: four stocks over a year end, two
/// quantiles, held daily, cost 0.1% per side. Daily alpha after costs .139, .005 (2020), −.002 (2021);
/// before costs .14, .005, 0. Daily RankIC 4.5/sqrt(22.5), 0, 1.5/sqrt(22.5). Four stocks a day, so
/// graded with a minimum of four stocks for an IC (the default of 20 would leave none).
/// </summary>
public static class ReportSamples
{
    public static EvaluationResult Evaluation()
    {
        var evaluator = new FactorEvaluator(["A", "B", "C", "D"],
            new EvaluationConfig { Horizon = 1, Quantiles = 2, DecayHorizons = 1, CostPerSide = 0.001, MinStocks = 4 });
        evaluator.AddDay(new DateOnly(2020, 12, 30), [1, 2, 3, 4], [10, 10, 10, 10], 100);
        evaluator.AddDay(new DateOnly(2020, 12, 31), [1, 2, 3, 4], [10, 10, 11, 12], 101);
        evaluator.AddDay(new DateOnly(2021, 1, 4), [4, 3, 2, 1], [10.5, 10, 11, 12.6], 103.02);
        evaluator.AddDay(new DateOnly(2021, 1, 5), [1, 2, 3, 4], [11.55, 9, 11, 12.6], 103.02);
        return evaluator.Result();
    }

    /// <summary>Every part filled, so every chart kind is drawn.</summary>
    public static ReportData Full() => ReportData.FromEvaluation("Sample report", Evaluation()) with
    {
        Context = [("factor", "sample.csv"), ("horizon", "1 day")],
        Training =
        [
            new TrainingPoint(0, 1, 0.9, 0.02), new TrainingPoint(0, 2, 0.7, 0.04), new TrainingPoint(0, 3, 0.6, 0.05),
            new TrainingPoint(1, 1, 0.8, 0.03), new TrainingPoint(1, 2, 0.65, 0.045),
        ],
        ValidationMetricName = "validation RankIC",
    };
}
