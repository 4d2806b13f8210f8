namespace AlphaHost.Torch;

/// <summary>Checks of autograd, as torch.autograd.gradcheck.</summary>
public static class Autograd
{
    public sealed record GradCheckResult(bool Passed, double MaxAbsError, string Worst);

    /// <summary>
    /// Compares autograd's gradient of L = Σ f(inputs) ⊙ r (r a fixed random projection) with central
    /// finite differences, element by element, for every input that requires grad. Use float64
    /// inputs and a deterministic f (re-seed inside f if it draws random numbers, e.g. dropout).
    /// </summary>
    public static GradCheckResult GradCheck(Func<Tensor> f, IReadOnlyList<Tensor> inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var x in inputs)
            if (x.Dtype != ScalarType.Float64) throw new TorchException($"gradcheck needs Float64 inputs, got {x.Describe()}");

        Tensor projection;
        using (torch.NoGrad())
        {
            var probe = f();
            projection = torch.RandnLike(probe);
        }
        double Objective()
        {
            using var inner = torch.NewDisposeScope();
            return f().Mul(projection).Sum().ToDouble();
        }

        foreach (var x in inputs) x.ZeroGrad();
        f().Mul(projection).Sum().Backward();

        double worstError = 0;
        string worst = "";
        bool passed = true;
        for (int k = 0; k < inputs.Count; k++)
        {
            var x = inputs[k];
            var grad = x.Grad;
            var analytical = grad?.ToArray<double>() ?? new double[x.Numel];
            var flat = x.Detach().View(-1);
            for (long i = 0; i < x.Numel; i++)
            {
                var element = flat.Select(0, i);
                double original = element.ToDouble();
                using (torch.NoGrad()) element.Fill_(original + eps);
                double plus = Objective();
                using (torch.NoGrad()) element.Fill_(original - eps);
                double minus = Objective();
                using (torch.NoGrad()) element.Fill_(original);
                double numerical = (plus - minus) / (2 * eps);
                double error = Math.Abs(numerical - analytical[i]);
                if (error > atol + rtol * Math.Abs(numerical)) passed = false;
                if (error > worstError)
                {
                    worstError = error;
                    worst = $"input {k} element {i}: autograd {analytical[i]:G6}, finite difference {numerical:G6}";
                }
            }
        }
        return new GradCheckResult(passed, worstError, worst);
    }
}
