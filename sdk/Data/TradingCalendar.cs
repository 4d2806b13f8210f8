namespace AlphaHost.Sdk.Data;

/// <summary>Trading days are weekdays that are not in the holiday list.</summary>
public sealed class TradingCalendar
{
    private readonly HashSet<DateOnly> _holidays;

    public TradingCalendar(IEnumerable<DateOnly> holidays) => _holidays = new HashSet<DateOnly>(holidays);

    public IReadOnlyCollection<DateOnly> Holidays => _holidays;

    public bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(date);

    /// <summary>The first <paramref name="count"/> trading days on or after <paramref name="start"/>.</summary>
    public DateOnly[] Days(DateOnly start, int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "expected a non-negative day count");
        var days = new DateOnly[count];
        var d = start;
        for (int i = 0; i < count; d = d.AddDays(1))
            if (IsTradingDay(d)) days[i++] = d;
        return days;
    }

    /// <summary>All trading days in [from, to].</summary>
    public DateOnly[] Between(DateOnly from, DateOnly to)
    {
        var days = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
            if (IsTradingDay(d)) days.Add(d);
        return days.ToArray();
    }

    /// <summary>
    /// The synthetic markets' fixed holidays, every year: 1 Jan, 1–3 May and 1–7 Oct
    /// (the fixed-date part of an exchange calendar; lunar holidays are left out on purpose).
    /// </summary>
    public static TradingCalendar WithFixedHolidays(int fromYear, int toYear)
    {
        var holidays = new List<DateOnly>();
        for (int y = fromYear; y <= toYear; y++)
        {
            holidays.Add(new DateOnly(y, 1, 1));
            for (int d = 1; d <= 3; d++) holidays.Add(new DateOnly(y, 5, d));
            for (int d = 1; d <= 7; d++) holidays.Add(new DateOnly(y, 10, d));
        }
        return new TradingCalendar(holidays);
    }

    /// <summary>Dates are stored as yyyymmdd integers: sortable, compact, and what tushare uses.</summary>
    public static int ToKey(DateOnly d) => d.Year * 10000 + d.Month * 100 + d.Day;

    public static DateOnly FromKey(int key) => new(key / 10000, key / 100 % 100, key % 100);
}
