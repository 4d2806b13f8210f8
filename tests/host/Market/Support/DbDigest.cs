using System.Security.Cryptography;
using System.Text;
using AlphaHost.Host.Market.Store;

namespace AlphaHost.Host.Tests.Market.Support;

/// <summary>A hash over every row of every market table, in key order: equal digests mean equal content.</summary>
public static class DbDigest
{
    private static readonly (string Table, string Order)[] Tables =
    [
        ("meta", "key"), ("calendar", "date"), ("instruments", "id"), ("industries", "id"), ("bars", "date, instrument"),
        ("intraday_bars", "date, bar, instrument"), ("planted_alpha", "date, instrument"), ("index_bars", "name, date"),
    ];

    public static string Of(MarketDatabase db)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (table, order) in Tables)
        {
            using var cmd = db.Connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {table} ORDER BY {order}";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var sb = new StringBuilder(table);
                for (int i = 0; i < r.FieldCount; i++)
                {
                    sb.Append('|');
                    var v = r.GetValue(i);
                    sb.Append(v is double d ? BitConverter.DoubleToInt64Bits(d).ToString("x") : v.ToString());
                }
                sha.AppendData(Encoding.UTF8.GetBytes(sb.ToString()));
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}
