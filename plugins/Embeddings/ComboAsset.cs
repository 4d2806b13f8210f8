using static TorchSharp.torch;

namespace AlphaHost.Plugins.Embeddings;

/// <summary>One leg of a combo: a base asset and its signed weight (long > 0, short &lt; 0).</summary>
public readonly record struct ComboLeg(int Asset, double Weight);

/// <summary>
/// A tradable long/short combination of base assets, rebalanced daily to fixed weights. A base
/// asset is the combo with one leg of weight 1. Its embedding is Σ wᵢ·eᵢ over its legs and its
/// daily return is Σ wᵢ·rᵢ, so it is real (tradable) data, not an invented sample.
/// </summary>
public sealed record ComboAsset(string Name, IReadOnlyList<ComboLeg> Legs)
{
    /// <summary>Gross exposure Σ|wᵢ| (the leverage).</summary>
    public double Leverage => Legs.Sum(l => Math.Abs(l.Weight));

    /// <summary>The legs rescaled to gross exposure <paramref name="leverage"/>, signs kept.</summary>
    public static ComboAsset WithLeverage(string name, IReadOnlyList<ComboLeg> legs, double leverage)
    {
        if (legs.Count == 0) throw new ArgumentException($"combo '{name}': needs at least one leg");
        if (leverage <= 0) throw new ArgumentException($"combo '{name}': leverage must be > 0, got {leverage}");
        if (legs.Select(l => l.Asset).Distinct().Count() != legs.Count) throw new ArgumentException($"combo '{name}': an asset appears in two legs");
        double gross = legs.Sum(l => Math.Abs(l.Weight));
        if (gross == 0) throw new ArgumentException($"combo '{name}': all leg weights are 0");
        return new ComboAsset(name, legs.Select(l => l with { Weight = l.Weight * leverage / gross }).ToArray());
    }

    public static ComboAsset Base(string name, int asset) => new(name, [new ComboLeg(asset, 1)]);
}

/// <summary>Exposure matrices, embeddings and return series of combos over base assets.</summary>
public static class Combos
{
    /// <summary>Rows of leg weights over the base assets: [combos, baseCount].</summary>
    public static double[,] Exposures(int baseCount, IReadOnlyList<ComboAsset> combos)
    {
        var exposure = new double[combos.Count, baseCount];
        for (int c = 0; c < combos.Count; c++)
            foreach (var leg in combos[c].Legs)
            {
                if (leg.Asset < 0 || leg.Asset >= baseCount)
                    throw new ArgumentException($"combo '{combos[c].Name}': leg asset {leg.Asset} is outside 0..{baseCount - 1}");
                exposure[c, leg.Asset] += leg.Weight;
            }
        return exposure;
    }

    /// <summary>Each combo's embedding, the weighted sum of its legs' rows of <paramref name="baseEmbeddings"/> [A, D] → [combos, D].</summary>
    public static Tensor Embed(Tensor baseEmbeddings, IReadOnlyList<ComboAsset> combos)
    {
        using var scope = NewDisposeScope();
        var exposure = ToTensor(Exposures((int)baseEmbeddings.size(0), combos), baseEmbeddings.dtype, baseEmbeddings.device);
        return exposure.matmul(baseEmbeddings).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Daily simple returns of each combo from the base assets' simple returns [days, A]:
    /// r_c = Σ wᵢ rᵢ (NaN where a leg has none). Its price series is Π(1 + r_c).
    /// </summary>
    public static double[,] Returns(double[,] baseReturns, IReadOnlyList<ComboAsset> combos)
    {
        int days = baseReturns.GetLength(0), assets = baseReturns.GetLength(1);
        var exposure = Exposures(assets, combos);
        var result = new double[days, combos.Count];
        for (int d = 0; d < days; d++)
            for (int c = 0; c < combos.Count; c++)
            {
                double r = 0;
                foreach (var leg in combos[c].Legs) r += leg.Weight * baseReturns[d, leg.Asset];
                result[d, c] = r;
            }
        return result;
    }

    /// <summary>Random two-leg long/short pairs (one long, one short, distinct assets) at the given leverage.</summary>
    public static IReadOnlyList<ComboAsset> RandomPairs(IReadOnlyList<string> names, int count, double leverage, int seed)
    {
        if (names.Count < 2) throw new ArgumentException("combos need at least two base assets");
        var rng = new Random(seed);
        var combos = new List<ComboAsset>(count);
        for (int k = 0; k < count; k++)
        {
            int a = rng.Next(names.Count), b = rng.Next(names.Count - 1);
            if (b >= a) b++;
            double longShare = 0.2 + 0.6 * rng.NextDouble();
            combos.Add(ComboAsset.WithLeverage($"{names[a]}-{names[b]}", [new ComboLeg(a, longShare), new ComboLeg(b, -(1 - longShare))], leverage));
        }
        return combos;
    }

    internal static Tensor ToTensor(double[,] values, ScalarType dtype, Device device)
    {
        var flat = new double[values.Length];
        Buffer.BlockCopy(values, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [values.GetLength(0), values.GetLength(1)], dtype: dtype, device: device);
    }
}
