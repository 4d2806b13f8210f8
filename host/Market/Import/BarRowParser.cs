using System.Globalization;
using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Market.Import;

/// <summary>
/// Turns the fields of one CSV row into a bar, or a reason it is bad (naming the column and what
/// was expected). Numbers are parsed with the invariant culture; units are converted by the format.
/// </summary>
public sealed class BarRowParser
{
    private static readonly string[] NumericFields =
        ["open", "high", "low", "close", "volume", "amount", "vwap", "turnover", "free_turnover", "adj_factor",
         "market_cap", "up_limit", "down_limit", "open_interest"];

    private readonly int _fieldCount;
    private readonly Dictionary<string, (int Index, double Scale, string Header)> _columns = new();
    private readonly (int Index, double Scale, string Header, bool Required)[] _numeric;
    private readonly int _dateIndex, _codeIndex, _industryIndex;

    /// <summary>Maps the header; throws naming the file when a required column is missing.</summary>
    public BarRowParser(CsvFormat format, IReadOnlyList<string> header, string file)
    {
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
        _dateIndex = _columns["date"].Index;
        _codeIndex = _columns["code"].Index;
        _industryIndex = _columns.TryGetValue("industry", out var ind) ? ind.Index : -1;
        _numeric = NumericFields.Select(f => _columns.TryGetValue(f, out var c)
            ? (c.Index, c.Scale, c.Header, format.RequiredFields.Contains(f))
            : (-1, 1.0, f, false)).ToArray();
    }

    public bool Has(string field) => _columns.ContainsKey(field);

    /// <summary>
    /// Parses one row (fields as ranges into <paramref name="text"/>) into <paramref name="bar"/> (date set,
    /// instrument and industry left to the caller), its code and industry text; false with
    /// <paramref name="error"/> saying what is wrong.
    /// </summary>
    public bool Parse(string text, List<Range> fields, out DailyBar bar, out ReadOnlySpan<char> code,
        out ReadOnlySpan<char> industry, out string? error)
    {
        bar = default;
        code = industry = default;
        error = null;
        if (fields.Count != _fieldCount)
        {
            error = $"expected {_fieldCount} fields as in the header, found {fields.Count}";
            return false;
        }
        var line = text.AsSpan();
        var dateText = line[fields[_dateIndex]].Trim();
        if (!TryParseDate(dateText, out int dateKey))
        {
            error = $"{_columns["date"].Header} '{dateText}': unknown date format, expected yyyy-MM-dd, yyyyMMdd or yyyy/MM/dd";
            return false;
        }
        code = line[fields[_codeIndex]].Trim();
        if (code.Length == 0)
        {
            error = $"{_columns["code"].Header} is empty";
            return false;
        }

        Span<double> values = stackalloc double[NumericFields.Length];
        for (int k = 0; k < NumericFields.Length; k++)
        {
            values[k] = double.NaN;
            var col = _numeric[k];
            if (col.Index < 0) continue;
            var field = line[fields[col.Index]].Trim();
            if (field.Length == 0)
            {
                if (!col.Required) continue;
                error = $"{col.Header} is empty";
                return false;
            }
            if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                error = $"{col.Header} '{field}' is not a number";
                return false;
            }
            values[k] = v * col.Scale;
        }
        double open = values[0], high = values[1], low = values[2], close = values[3], volume = values[4], amount = values[5];
        if (open <= 0 || high <= 0 || low <= 0 || close <= 0)
        {
            error = $"prices must be positive (open {open}, high {high}, low {low}, close {close})";
            return false;
        }
        if (high < low)
        {
            error = $"high {high} < low {low}";
            return false;
        }
        if (open < low || open > high || close < low || close > high)
        {
            error = $"open {open} / close {close} outside low {low} .. high {high}";
            return false;
        }
        if (volume < 0)
        {
            error = $"{_columns["volume"].Header} {line[fields[_columns["volume"].Index]].Trim()} is negative";
            return false;
        }
        if (amount < 0)
        {
            error = $"{_columns["amount"].Header} {line[fields[_columns["amount"].Index]].Trim()} is negative";
            return false;
        }

        if (_industryIndex >= 0) industry = line[fields[_industryIndex]].Trim();
        double upLimit = values[11], downLimit = values[12];
        bar = new DailyBar
        {
            Date = dateKey,
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
        return true;
    }

    /// <summary>yyyy-MM-dd, yyyyMMdd or yyyy/MM/dd, and a real calendar date, as a yyyymmdd key.</summary>
    internal static bool TryParseDate(ReadOnlySpan<char> s, out int key)
    {
        key = 0;
        int y, m, d;
        if (s.Length == 8 && Digits(s, 0, 8, out int all))
            (y, m, d) = (all / 10000, all / 100 % 100, all % 100);
        else if (s.Length == 10 && (s[4] is '-' or '/') && s[7] == s[4]
                 && Digits(s, 0, 4, out y) && Digits(s, 5, 2, out m) && Digits(s, 8, 2, out d)) { }
        else return false;
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        key = y * 10000 + m * 100 + d;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
