using TorchSharp;
using static TorchSharp.torch;

namespace AlphaHost.Tests.Support;

/// <summary>
/// torch.autograd.gradcheck, which TorchSharp lacks: autograd's gradient of L = Σ f(inputs) ⊙ r
/// (r a fixed random projection) against central finite differences, element by element, for
/// every input. Use float64 inputs and a deterministic f (re-seed inside f if it draws random
/// numbers, e.g. dropout).
/// </summary>
public static class GradCheck
{
    public sealed record Result(bool Passed, double MaxAbsError, string Worst);

    public static Result Run(Func<Tensor> f, IReadOnlyList<Tensor> inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        using var scope = NewDisposeScope();
        foreach (var x in inputs)
        {
            if (x.dtype != ScalarType.Float64) throw new ArgumentException($"gradcheck needs float64 inputs, got {x.dtype}");
            if (!x.requires_grad) throw new ArgumentException("gradcheck inputs must require grad");
        }

        Tensor projection;
        using (no_grad()) projection = randn_like(f());

        double Objective()
        {
            using var inner = NewDisposeScope();
            return f().mul(projection).sum().item<double>();
        }

        foreach (var x in inputs) x.grad?.zero_();
        f().mul(projection).sum().backward();

        double worstError = 0;
        string worst = "";
        bool passed = true;
        for (int k = 0; k < inputs.Count; k++)
        {
            var x = inputs[k];
            var analytical = x.grad is null ? new double[x.numel()] : x.grad.data<double>().ToArray();
            for (long i = 0; i < x.numel(); i++)
            {
                double original, plus, minus;
                using (no_grad())
                {
                    var element = x.view(-1)[i];
                    original = element.item<double>();
                    element.fill_(original + eps);
                }
                plus = Objective();
                using (no_grad()) x.view(-1)[i].fill_(original - eps);
                minus = Objective();
                using (no_grad()) x.view(-1)[i].fill_(original);
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
        return new Result(passed, worstError, worst);
    }
}
