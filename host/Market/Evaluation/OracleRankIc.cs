using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Statistics;

namespace AlphaHost.Host.Market.Evaluation;

/// <summary>
/// The planted alpha's own RankIC measured on a stored market: mean over days t of the Spearman
/// correlation (average ranks for ties) between planted_alpha.score on t and the H-day forward
/// close-to-close return, adjusted close[t+H] / adjusted close[t] − 1 (t+H in trading days of the
/// calendar table). It is the ceiling any model of the market could reach.
/// </summary>
public static class OracleRankIc
{
    public static ForwardRankIc Measure(MarketDatabase db, int horizon)
    {
        var result = new ForwardRankIc(horizon);
        int slots = Convert.ToInt32(db.Scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM instruments"));
        using var calendar = new RawStatement(db.Connection, "SELECT date FROM calendar ORDER BY date");
        using var bars = new RawStatement(db.Connection, "SELECT date, instrument, close * COALESCE(adj_factor, 1) FROM bars ORDER BY date, instrument");
        using var alpha = new RawStatement(db.Connection, "SELECT date, instrument, score FROM planted_alpha ORDER BY date, instrument");
        var barCursor = new Cursor(bars);
        var alphaCursor = new Cursor(alpha);
        while (calendar.Read())
        {
            long date = calendar.ColumnLong(0);
            result.AddDay(alphaCursor.Day(date, slots), barCursor.Day(date, slots));
        }
        return result;
    }

    /// <summary>Walks a (date, instrument, value) query in date order, one date at a time.</summary>
    private sealed class Cursor(RawStatement statement)
    {
        private bool _hasRow = statement.Read();

        public double[] Day(long date, int slots)
        {
            var values = new double[slots];
            Array.Fill(values, double.NaN);
            while (_hasRow && statement.ColumnLong(0) < date) _hasRow = statement.Read();
            while (_hasRow && statement.ColumnLong(0) == date)
            {
                long id = statement.ColumnLong(1);
                if (id >= 0 && id < slots) values[id] = statement.ColumnDouble(2);
                _hasRow = statement.Read();
            }
            return values;
        }
    }
}
