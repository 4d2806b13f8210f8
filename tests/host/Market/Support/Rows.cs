using Microsoft.Data.Sqlite;
using AlphaHost.Host.Market.Store;

namespace AlphaHost.Host.Tests.Market.Support;

/// <summary>Reads query rows as dictionaries of column → value, for assertions.</summary>
public static class Rows
{
    public static List<Dictionary<string, object?>> Query(MarketDatabase db, string sql)
    {
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = sql;
        using SqliteDataReader r = cmd.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (r.Read())
        {
            var row = new Dictionary<string, object?>();
            for (int i = 0; i < r.FieldCount; i++) row[r.GetName(i)] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static double D(this Dictionary<string, object?> row, string column) => Convert.ToDouble(row[column]);
    public static long L(this Dictionary<string, object?> row, string column) => Convert.ToInt64(row[column]);
}
