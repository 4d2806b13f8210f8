using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Plugins.Portfolio;

/// <summary>Which stocks a builder may pick, best score first, and what it must leave alone.</summary>
internal static class Ranking
{
    /// <summary>Indices of tradable stocks with a finite score, best first; ties broken by code so runs are deterministic.</summary>
    public static int[] RankedCandidates(PortfolioInput input)
    {
        var idx = new List<int>(input.Count);
        for (int i = 0; i < input.Count; i++)
            if (input.Tradable[i] && double.IsFinite(input.Scores[i])) idx.Add(i);
        var arr = idx.ToArray();
        Array.Sort(arr, (a, b) =>
        {
            int c = input.Scores[b].CompareTo(input.Scores[a]);
            return c != 0 ? c : string.CompareOrdinal(input.Codes[a], input.Codes[b]);
        });
        return arr;
    }

    /// <summary>
    /// Suspended holdings cannot be traded, so targets keep them at their current weight;
    /// returns the weights so frozen and the gross weight left for everything else.
    /// </summary>
    public static (double[] Weights, double Budget) FreezeUntradable(PortfolioInput input, double gross = 1.0)
    {
        var w = new double[input.Count];
        double frozen = 0;
        for (int i = 0; i < input.Count; i++)
            if (!input.Tradable[i] && input.CurrentWeights[i] != 0)
            {
                w[i] = input.CurrentWeights[i];
                frozen += Math.Abs(w[i]);
            }
        return (w, Math.Max(0, gross - frozen));
    }
}
