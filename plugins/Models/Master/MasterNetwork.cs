using AlphaHost.Plugins.Models.Temporal;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

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
/// Both attentions are batch-first <see cref="EncoderLayer"/>s (scaled_dot_product_attention), so
/// the [B·N, T, d] and [B·T, N, d] layouts below are what attends, with no sequence-first transposes.
/// </summary>
public sealed class MasterNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly MarketGate gate;
    private readonly Linear embed;
    [ComponentName(Name = "aggregation")] private readonly Linear query;
    [ComponentName(Name = "out")] private readonly Linear head;
    [ComponentName(Name = "intra_stock")] private readonly EncoderLayer intraStock;
    [ComponentName(Name = "inter_stock")] private readonly EncoderLayer interStock;
    private Tensor position;                                     // buffer; not readonly: .to() replaces it
    private readonly int timeSteps;

    public MasterNetwork(int features, int lookback, int outputs, MasterOptions options) : base(nameof(MasterNetwork))
    {
        timeSteps = options.Steps > 0 ? Math.Min(options.Steps, lookback) : lookback;
        gate = options.MarketState == MarketStateKind.Index
            ? new MarketGate(features, lookback, options.IndexDays, options.Beta, MarketStateKind.Index)
            : new MarketGate(features, timeSteps, options.MarketSteps, options.Beta);
        embed = nn.Linear(features, options.Hidden);
        position = PositionalEncoding.Sinusoidal(timeSteps, options.Hidden).DetachFromDisposeScope(); // outlives the builder's scope
        intraStock = new EncoderLayer(options.Hidden, options.Heads, options.Dropout);
        interStock = new EncoderLayer(options.Hidden, options.Heads, options.Dropout);
        query = nn.Linear(options.Hidden, options.Hidden, hasBias: false);
        head = nn.Linear(options.Hidden, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pictures, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var valid = mask.to(ScalarType.Bool);
        var padded = ~valid;                                                            // ~ (bitwise_not) has a meta kernel, logical_not not
        // Padded rows become zeros first: nothing a padded row holds (even NaN) can reach a real stock.
        var whole = pictures.masked_fill(padded.unsqueeze(-1).unsqueeze(-1), 0);
        var alpha = gate.forward(whole, valid);                                          // reads its own latest steps of the whole picture
        var clean = whole.narrow(3, whole.size(3) - timeSteps, timeSteps);              // the latest days only
        long b = clean.size(0), n = clean.size(1), t = clean.size(3);
        var gated = clean * alpha.unsqueeze(1).unsqueeze(-1);                            // [B, N, F, T]

        var steps = embed.forward(gated.flatten(0, 1).transpose(1, 2)) + position;        // [B·N, T, d]
        steps = intraStock.forward(steps);
        long d = steps.size(2);

        var perStep = steps.view(b, n, t, d).transpose(1, 2).reshape(b * t, n, d);        // [B·T, N, d]
        var ignored = PaddingMask(valid).unsqueeze(1).expand(b, t, n).reshape(b * t, n);
        perStep = interStock.forward(perStep, ignored);
        var states = perStep.view(b, t, n, d).transpose(1, 2).reshape(b * n, t, d);       // [B·N, T, d]

        var summary = Aggregate(states, query.forward(states.select(1, -1)));            // [B·N, d]
        var scores = head.forward(summary).view(b, n, -1);
        return scores.masked_fill(padded.unsqueeze(-1), 0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Temporal aggregation e = Σ_t softmax_t(h_t · q) h_t over states [M, T, d] with one query
    /// q [M, d] per row, as scaled_dot_product_attention; the query is multiplied by √d first
    /// because MASTER's λ has no 1/√d (TorchSharp's SDPA takes no scale argument).
    /// </summary>
    public static Tensor Aggregate(Tensor states, Tensor query)
    {
        using var scope = NewDisposeScope();
        var q = (query * Math.Sqrt(states.size(2))).unsqueeze(1);                            // [M, 1, d]
        return nn.functional.scaled_dot_product_attention(q, states, states).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>Keys to ignore: padded stocks, except on a day with no real stock (all-ignored rows would give NaN).</summary>
    private static Tensor PaddingMask(Tensor valid) => ~valid & valid.any(1, keepdim: true);
}
