using System.Globalization;

namespace AlphaHost.Host.Trading;

/// <summary>Conversions between market doubles and ledger decimals; one rounding convention for the whole broker.</summary>
public static class Money
{
    public const int PriceDecimals = 4;
    public const int CostDecimals = 2;

    /// <summary>A bar price as decimal, rounded to <see cref="PriceDecimals"/>; bad prices name the stock, date and field.</summary>
    public static decimal Price(double value, string field, string code, DateOnly date)
    {
        if (!double.IsFinite(value) || value <= 0 || value > 1e12)
            throw new InvalidDataException($"bar {date:yyyy-MM-dd}: {field} of {code} is {value}; expected a positive finite price");
        return Math.Round((decimal)value, PriceDecimals, MidpointRounding.AwayFromZero);
    }

    public static decimal Cost(decimal value) => Math.Round(value, CostDecimals, MidpointRounding.AwayFromZero);

    public static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
