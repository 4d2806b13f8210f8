using AlphaHost.Host.Trading;
using Microsoft.Data.Sqlite;

namespace AlphaHost.Host.Tests.Trading;

/// <summary>Every row of every ledger table as text, in key order: two ledgers are identical iff their dumps are equal.</summary>
public static class LedgerDump
{
    private static readonly string[] Tables =
    [
        "meta ORDER BY key", "ticks ORDER BY tick", "orders ORDER BY id", "fills ORDER BY id",
        "cash_movements ORDER BY id", "rejections ORDER BY id", "positions ORDER BY tick, code",
    ];

    public static string Of(string outDir)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(outDir, Ledger.FileName)};Pooling=False;Mode=ReadOnly");
        db.Open();
        var sb = new System.Text.StringBuilder();
        foreach (var table in Tables)
        {
            sb.AppendLine($"== {table}");
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table}";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                for (int i = 0; i < r.FieldCount; i++)
                    sb.Append(r.IsDBNull(i) ? "NULL" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }
}
