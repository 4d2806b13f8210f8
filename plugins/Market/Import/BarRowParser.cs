using System.Globalization;
using AlphaHost.Plugins.Market.Store;

namespace AlphaHost.Plugins.Market.Import;

/// <summary>A parsed CSV row: its key and bar, with the instrument id and industry still to resolve.</summary>
public sealed record ParsedRow(int Date, string Code, DailyBar Bar, string? Industry);

/// <summary>
/// Turns the fields of one CSV row into a bar, or a reason it is bad (naming the column and what
/// was expected). Numbers are parsed with the invariant culture; units are converted by the format.
/// </summary>
public sealed class BarRowParser
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd"];
    private static readonly string[] NumericFields =
        ["open", "high", "low", "close", "volume", "amount", "vwap", "turnover", "free_turnover", "adj_factor",
         "market_cap", "up_limit", "down_limit", "open_interest"];

    private readonly CsvFormat _format;
    private readonly int _fieldCount;
    private readonly Dictionary<string, (int Index, double Scale, string Header)> _columns = new();

    /// <summary>Maps the header; throws naming the file when a required column is missing.</summary>
    public BarRowParser(CsvFormat format, IReadOnlyList<string> header, string file)
    {
        _format = format;
        _fieldCount = header.Count;
        for (int i = 0; i < header.Count; i++)
        {
            var column = format.Find(header[i]);
            if (column is null) continue; // extra columns (pre_close, pe, ...) are allowed and ignored
            if (_columns.ContainsKey(column.Field))
                throw new InvalidDataException($"{file}:1: column '{header[i]}' appears twice");
            _columns[column.Field] = (i, column.Scale, header[i].Trim());
        }
        var missing = format.RequiredFields.Where(f => !_columns.ContainsKey(f)).Select(format.HeaderFor).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"{file}:1: missing column(s) {string.Join(", ", missing)}; format {format.Name} needs {string.Join(",", format.RequiredFields.Select(format.HeaderFor))}");
    }

    public bool Has(string field) => _columns.ContainsKey(field);

    /// <summary>The row, or null with <paramref name="error"/> saying what is wrong.</summary>
    public ParsedRow? Parse(List<string> fields, out string? error)
    {
        error = null;
        if (fields.Count != _fieldCount)
        {
            error = $"expected {_fieldCount} fields as in the header, found {fields.Count}";
            return null;
        }
        var dateText = fields[_columns["date"].Index].Trim();
        if (!DateOnly.TryParseExact(dateText, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            error = $"{_columns["date"].Header} '{dateText}': unknown date format, expected yyyy-MM-dd, yyyyMMdd or yyyy/MM/dd";
            return null;
        }
        var code = fields[_columns["code"].Index].Trim();
        if (code.Length == 0)
        {
            error = $"{_columns["code"].Header} is empty";
            return null;
        }

        Span<double> values = stackalloc double[NumericFields.Length];
        for (int k = 0; k < NumericFields.Length; k++)
        {
            values[k] = double.NaN;
            if (!_columns.TryGetValue(NumericFields[k], out var col)) continue;
            var text = fields[col.Index].AsSpan().Trim();
            bool required = _format.RequiredFields.Contains(NumericFields[k]);
            if (text.Length == 0)
            {
                if (!required) continue;
                error = $"{col.Header} is empty";
                return null;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                error = $"{col.Header} '{text}' is not a number";
                return null;
            }
            values[k] = v * col.Scale;
        }
        double open = values[0], high = values[1], low = values[2], close = values[3], volume = values[4], amount = values[5];
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0)
        {
            error = $"prices must be positive (open {open}, high {high}, low {low}, close {close})";
            return null;
        }
        if (high < low)
        {
            error = $"high {high} < low {low}";
            return null;
        }
        if (open < low || open > high || close < low || close > high)
        {
            error = $"open {open} / close {close} outside low {low} .. high {high}";
            return null;
        }
        if (volume < 0)
        {
            error = $"{_columns["volume"].Header} {fields[_columns["volume"].Index].Trim()} is negative";
            return null;
        }
        if (amount < 0)
        {
            error = $"{_columns["amount"].Header} {fields[_columns["amount"].Index].Trim()} is negative";
            return null;
        }

        string? industry = _columns.TryGetValue("industry", out var ind) ? NullIfEmpty(fields[ind.Index].Trim()) : null;
        double upLimit = values[11], downLimit = values[12];
        var bar = new DailyBar
        {
            Open = open, High = high, Low = low, Close = close, Volume = volume, Amount = amount,
            Vwap = !double.IsNaN(values[6]) ? values[6] : volume > 0 ? amount / volume : close,
            Turnover = values[7], FreeTurnover = values[8],
            AdjFactor = double.IsNaN(values[9]) ? 1 : values[9],
            MarketCap = values[10], UpLimit = upLimit, DownLimit = downLimit, OpenInterest = values[13],
            Tradable = volume > 0,
            LimitUp = !double.IsNaN(upLimit) && close >= upLimit,
            LimitDown = !double.IsNaN(downLimit) && close <= downLimit,
            IndexWeight = double.NaN,
        };
        return new ParsedRow(date.Year * 10000 + date.Month * 100 + date.Day, code, bar, industry);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
