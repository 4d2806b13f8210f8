using System.Globalization;

namespace AlphaHost.Host.Research;

/// <summary>Training curves as CSV: retrain, epoch, train loss, validation loss, validation metric, best.</summary>
public static class TrainingCurves
{
    public static void Write(string path, IEnumerable<EpochProgress> curves)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("retrain,epoch,train_loss,validation_loss,validation_metric,best");
        foreach (var p in curves)
            w.WriteLine(string.Join(",", p.Retrain, p.Epoch, F(p.TrainLoss), F(p.ValidationLoss), F(p.ValidationMetric), p.Best ? 1 : 0));
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
