using AlphaHost.Plugins.Models.Temporal;
using AlphaHost.Torch;

namespace AlphaHost.Plugins.Models.Master;

/// <summary>
/// MASTER (Li et al., AAAI 2024) on a day's whole cross-section, over the picture's latest
/// <see cref="MasterOptions.Steps"/> days:
/// 1. gate: every feature × α(m) (see <see cref="MarketGate"/>);
/// 2. step embedding: Linear(F, d) + sinusoidal positions;
/// 3. intra-stock: a transformer layer over each stock's T steps;
/// 4. inter-stock: at every step, a transformer layer across the day's stocks, padded stocks
///    masked out as keys (a padded stock is invisible to every real one);
/// 5. temporal aggregation: λ_t = softmax_t(h_tᵀ W h_T), e = Σ λ_t h_t (the latest step is the query);
/// 6. Linear(d, outputs).
/// Input [B, N, F, T] and mask [B, N]; output [B, N, outputs], zero for padded stocks.
/// </summary>
public sealed class MasterNetwork : nn.Module
{
    private readonly MarketGate gate;
    private readonly nn.Linear embed, query, head;
    private readonly EncoderLayer intraStock, interStock;
    private readonly int timeSteps;

    public MasterNetwork(int features, int lookback, int outputs, MasterOptions options)
    {
        timeSteps = options.Steps > 0 ? Math.Min(options.Steps, lookback) : lookback;
        lookback = timeSteps;
        gate = RegisterModule("gate", new MarketGate(features, lookback, options.MarketSteps, options.Beta));
        embed = RegisterModule("embed", new nn.Linear(features, options.Hidden));
        RegisterBuffer("position", PositionalEncoding.Sinusoidal(lookback, options.Hidden));
        intraStock = RegisterModule("intra_stock", new EncoderLayer(options.Hidden, options.Heads, options.Dropout));
        interStock = RegisterModule("inter_stock", new EncoderLayer(options.Hidden, options.Heads, options.Dropout));
        query = RegisterModule("aggregation", new nn.Linear(options.Hidden, options.Hidden, bias: false));
        head = RegisterModule("out", new nn.Linear(options.Hidden, outputs));
    }

    public Tensor Forward(Tensor pictures, Tensor mask)
    {
        pictures = pictures.Narrow(3, pictures.Size(3) - timeSteps, timeSteps); // the latest days only
        long b = pictures.Size(0), n = pictures.Size(1), t = pictures.Size(3);
        var valid = mask.To(ScalarType.Bool);
        // Padded rows become zeros first: nothing a padded row holds (even NaN) can reach a real stock.
        var clean = torch.Where(valid.Unsqueeze(-1).Unsqueeze(-1), pictures, 0.0);
        var gated = clean * gate.Weights(clean, valid).Unsqueeze(1).Unsqueeze(-1);        // [B, N, F, T]

        var steps = embed.Forward(gated.Flatten(0, 1).Transpose(1, 2)) + Buffer("position"); // [B·N, T, d]
        steps = intraStock.Forward(steps);
        long d = steps.Size(2);

        var perStep = steps.View(b, n, t, d).Transpose(1, 2).Reshape(b * t, n, d);       // [B·T, N, d]
        var ignored = PaddingMask(valid).Unsqueeze(1).Expand(b, t, n).Reshape(b * t, n);
        perStep = interStock.Forward(perStep, ignored);
        var states = perStep.View(b, t, n, d).Transpose(1, 2).Reshape(b * n, t, d);      // [B·N, T, d]

        var latest = query.Forward(states.Select(1, -1)).Unsqueeze(-1);                  // [B·N, d, 1]
        var lambda = states.Matmul(latest).Softmax(1);                                   // [B·N, T, 1]
        var summary = (states * lambda).Sum(1);                                          // [B·N, d]
        var scores = head.Forward(summary).View(b, n, -1);
        return torch.Where(valid.Unsqueeze(-1), scores, 0.0);
    }

    /// <summary>Keys to ignore: padded stocks, except on a day with no real stock (all-ignored rows would give NaN).</summary>
    private static Tensor PaddingMask(Tensor valid)
    {
        var dayHasStocks = valid.To(ScalarType.Float32).Sum(1, keepdim: true).Gt(0);
        return valid.LogicalNot().LogicalAnd(dayHasStocks);
    }
}
