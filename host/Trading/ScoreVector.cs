namespace AlphaHost.Host.Trading;

/// <summary>A model's scores for one date, as the scoring system produces them (codes need not match the bar's order).</summary>
public sealed record ScoreVector(DateOnly Date, string[] Codes, double[] Values)
{
    /// <summary>Scores aligned with the bar's codes; NaN for stocks with no score.</summary>
    public double[] AlignTo(string[] barCodes)
    {
        if (Codes.Length != Values.Length)
            throw new ArgumentException($"scores for {Date:yyyy-MM-dd}: {Codes.Length} codes but {Values.Length} values; expected one value per code");
        var byCode = new Dictionary<string, double>(Codes.Length, StringComparer.Ordinal);
        for (int i = 0; i < Codes.Length; i++) byCode[Codes[i]] = Values[i];
        var aligned = new double[barCodes.Length];
        for (int i = 0; i < barCodes.Length; i++)
            aligned[i] = byCode.TryGetValue(barCodes[i], out var v) ? v : double.NaN;
        return aligned;
    }
}
