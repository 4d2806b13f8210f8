namespace AlphaHost.Torch;

public static partial class optim
{
    /// <summary>Learning-rate schedules: call <see cref="LRScheduler.Step"/> once per epoch (or step), after the optimiser's step.</summary>
    public static class lr_scheduler
    {
        /// <summary>The hook every schedule uses: lr = baseLr · factor(epoch) for each parameter group.</summary>
        public class LRScheduler
        {
            private readonly Optimizer optimizer;
            private readonly double[] baseRates;
            private readonly Func<long, double> factor;

            public long Epoch { get; private set; }

            public LRScheduler(Optimizer optimizer, Func<long, double> factor)
            {
                this.optimizer = optimizer;
                this.factor = factor;
                baseRates = optimizer.GroupLearningRates.ToArray();
            }

            public void Step()
            {
                Epoch++;
                double f = factor(Epoch);
                for (int i = 0; i < baseRates.Length; i++) optimizer.SetGroupLearningRate(i, baseRates[i] * f);
            }
        }

        /// <summary>Any schedule given as a function of the epoch (as torch's LambdaLR).</summary>
        public sealed class LambdaLR(Optimizer optimizer, Func<long, double> factor) : LRScheduler(optimizer, factor);

        /// <summary>Multiplies the rate by gamma every stepSize epochs.</summary>
        public sealed class StepLR(Optimizer optimizer, long stepSize, double gamma = 0.1)
            : LRScheduler(optimizer, e => Math.Pow(gamma, e / stepSize));

        /// <summary>Cosine annealing from the base rate to etaMinFactor·base over tMax epochs.</summary>
        public sealed class CosineAnnealingLR(Optimizer optimizer, long tMax, double etaMinFactor = 0)
            : LRScheduler(optimizer, e => etaMinFactor + (1 - etaMinFactor) * (1 + Math.Cos(Math.PI * Math.Min(e, tMax) / tMax)) / 2);
    }
}
