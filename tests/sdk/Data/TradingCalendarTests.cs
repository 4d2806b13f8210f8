using AlphaHost.Sdk.Data;

namespace AlphaHost.Sdk.Tests.Data;

public class TradingCalendarTests
{
    [Fact]
    public void SkipsWeekendsAndHolidays()
    {
        // 2018-01-01 is a Monday and a holiday; 6–7 Jan is a weekend.
        var days = TradingCalendar.WithFixedHolidays(2018, 2018).Days(new DateOnly(2018, 1, 1), 5);
        Assert.Equal(new[] { new DateOnly(2018, 1, 2), new(2018, 1, 3), new(2018, 1, 4), new(2018, 1, 5), new(2018, 1, 8) }, days);
    }

    [Fact]
    public void OctoberGoldenWeekIsClosed()
    {
        // 2018-10-01 (Mon) .. 10-07 (Sun) are holidays; 09-28 is a Friday.
        var days = TradingCalendar.WithFixedHolidays(2018, 2018).Between(new DateOnly(2018, 9, 27), new DateOnly(2018, 10, 9));
        Assert.Equal(new[] { new DateOnly(2018, 9, 27), new(2018, 9, 28), new(2018, 10, 8), new(2018, 10, 9) }, days);
    }

    [Fact]
    public void ConfigurableHolidayList()
    {
        var calendar = new TradingCalendar([new DateOnly(2024, 3, 13)]); // a Wednesday
        Assert.False(calendar.IsTradingDay(new DateOnly(2024, 3, 13)));
        Assert.True(calendar.IsTradingDay(new DateOnly(2024, 3, 14)));
        Assert.False(calendar.IsTradingDay(new DateOnly(2024, 3, 16))); // Saturday
        Assert.Equal(261, new TradingCalendar([]).Between(new DateOnly(2019, 1, 1), new DateOnly(2019, 12, 31)).Length); // 2019 has 261 weekdays
    }

    [Fact]
    public void DateKeysRoundTrip()
    {
        var d = new DateOnly(2021, 7, 9);
        Assert.Equal(20210709, TradingCalendar.ToKey(d));
        Assert.Equal(d, TradingCalendar.FromKey(20210709));
    }
}
