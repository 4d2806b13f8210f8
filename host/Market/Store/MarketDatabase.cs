using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AlphaHost.Host.Market.Store;

/// <summary>One market in one SQLite file (WAL). Owns the connection; the writers and readers borrow it.</summary>
public sealed class MarketDatabase : IDisposable
{
    public SqliteConnection Connection { get; }
    public string Path { get; }

    private MarketDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        Connection = connection;
    }

    /// <summary>Creates a new market file; refuses to overwrite one that exists so no data is lost by accident.</summary>
    public static MarketDatabase Create(string path)
    {
        if (File.Exists(path))
            throw new IOException($"{path}: already exists; delete it or choose another --db");
        return OpenOrCreate(path);
    }

    /// <summary>Opens an existing market file.</summary>
    public static MarketDatabase Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such market database", path);
        return OpenOrCreate(path);
    }

    /// <summary>Opens the file, creating it and its tables when missing (imports add to a market).</summary>
    public static MarketDatabase OpenOrCreate(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var db = new MarketDatabase(path, connection);
        db.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-131072;");
        db.Execute(MarketSchema.Ddl);
        return db;
    }

    public void Execute(string sql)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public object? Scalar(string sql)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public void SetMeta(string key, string value)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "INSERT INTO meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$v", value);
        cmd.ExecuteNonQuery();
    }

    public void SetMeta(string key, double value) => SetMeta(key, value.ToString("R", CultureInfo.InvariantCulture));

    public string? GetMeta(string key)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key = $k";
        cmd.Parameters.AddWithValue("$k", key);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Folds the WAL back into the main file so the .db alone is complete (e.g. to copy it).</summary>
    public void Checkpoint() => Execute("PRAGMA wal_checkpoint(TRUNCATE);");

    public void Dispose()
    {
        Connection.Dispose();
    }
}
