using System.Drawing;
using Terminal.Gui.Views;

namespace AlphaHost.Host.Panel;

/// <summary>A read-only table of text rows whose cursor row survives each refresh.</summary>
public sealed class RowTable : TableView
{
    private readonly Rows _rows;

    public RowTable(string[] columns)
    {
        _rows = new Rows(columns);
        Table = _rows;
        FullRowSelect = true;
        MultiSelect = false;
    }

    /// <summary>The cursor's row, or null for an empty table.</summary>
    public int? SelectedRow => _rows.Count == 0 ? null : Math.Clamp(Value?.SelectedCell.Y ?? 0, 0, _rows.Count - 1);

    public void SetRows(IReadOnlyList<string[]> rows)
    {
        var keep = SelectedRow ?? 0;
        _rows.Set(rows);
        Table = _rows;
        if (rows.Count > 0) Value = new TableSelection(new Point(0, Math.Min(keep, rows.Count - 1)));
        SetNeedsDraw();
    }

    private sealed class Rows(string[] columns) : ITableSource
    {
        private IReadOnlyList<string[]> _rows = [];
        public int Count => _rows.Count;
        public void Set(IReadOnlyList<string[]> rows) => _rows = rows;
        public object this[int row, int col] => _rows[row][col];
        public string[] ColumnNames => columns;
        public int Columns => columns.Length;
        int ITableSource.Rows => _rows.Count;
    }
}
