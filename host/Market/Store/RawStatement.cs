using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AlphaHost.Host.Market.Store;

/// <summary>
/// A prepared SQLite statement driven through SQLitePCLRaw (the engine under Microsoft.Data.Sqlite),
/// binding doubles and longs without boxing: the bulk paths write millions of rows.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt), sql);
    }

    public void Bind(int index, double value)
    {
        if (double.IsNaN(value)) raw.sqlite3_bind_null(_stmt, index);
        else raw.sqlite3_bind_double(_stmt, index, value);
    }

    public void Bind(int index, long value) => raw.sqlite3_bind_int64(_stmt, index, value);

    /// <summary>Binds a double unless it is NaN; use after <see cref="ClearBindings"/>, which leaves every parameter NULL.</summary>
    public void BindIfPresent(int index, double value)
    {
        if (!double.IsNaN(value)) raw.sqlite3_bind_double(_stmt, index, value);
    }

    /// <summary>Sets every parameter to NULL in one call (cheaper than binding NULLs one by one).</summary>
    public void ClearBindings() => raw.sqlite3_clear_bindings(_stmt);

    public void BindNullable(int index, int? value)
    {
        if (value is { } v) raw.sqlite3_bind_int64(_stmt, index, v);
        else raw.sqlite3_bind_null(_stmt, index);
    }

    public void Bind(int index, string? value)
    {
        if (value is null) raw.sqlite3_bind_null(_stmt, index);
        else raw.sqlite3_bind_text(_stmt, index, value);
    }

    /// <summary>Runs a statement that returns no rows; returns the number of rows it changed.</summary>
    public int Execute()
    {
        int rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE) Check(rc, "step");
        return raw.sqlite3_changes(_db);
    }

    /// <summary>Steps a query; true while a row is available (read it with the Column methods).</summary>
    public bool Read()
    {
        int rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW) return true;
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE) Check(rc, "step");
        return false;
    }

    public void Reset() => raw.sqlite3_reset(_stmt);

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;
    public double ColumnDouble(int column) => raw.sqlite3_column_double(_stmt, column);
    public long ColumnLong(int column) => raw.sqlite3_column_int64(_stmt, column);
    public string ColumnText(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string();

    private void Check(int rc, string what)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        throw new SqliteException($"sqlite error {rc} ({raw.sqlite3_errmsg(_db).utf8_to_string()}) in {what}", rc);
    }

    public void Dispose() => _stmt.Dispose();
}
