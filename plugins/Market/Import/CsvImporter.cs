using System.Diagnostics;
using System.Globalization;
using AlphaHost.Plugins.Market.Store;

namespace AlphaHost.Plugins.Market.Import;

/// <summary>
/// Imports daily bars from a CSV into a market file. Every good row is imported; a bad row is
/// rejected with its file, line and reason and the import goes on. A row whose (date, code) is
/// already stored with identical values changes nothing (so re-importing a file is a no-op);
/// with different values it is rejected — history is never rewritten.
/// </summary>
public sealed class CsvImporter
{
    private readonly MarketDatabase _db;
    private readonly CsvFormat _format;

    public CsvImporter(MarketDatabase db, CsvFormat format)
    {
        _db = db;
        _format = format;
    }

    /// <summary>Imports <paramref name="csvPath"/>; writes the rejects (file,line,reason,row) to <paramref name="rejectsPath"/>.</summary>
    public ImportResult Import(string csvPath, string rejectsPath)
    {
        var clock = Stopwatch.StartNew();
        using var reader = new StreamReader(csvPath, detectEncodingFromByteOrderMarks: true);
        using var rejects = new StreamWriter(rejectsPath);
        rejects.WriteLine("file,line,reason,row");
        var fileName = csvPath;
        long read = 0, imported = 0, rejected = 0, inserted = 0;

        void Reject(long line, string reason, string row)
        {
            rejected++;
            rejects.WriteLine($"{CsvFields.Escape(fileName)},{line},{CsvFields.Escape(reason)},{CsvFields.Escape(row)}");
        }

        var headerLine = reader.ReadLine() ?? throw new InvalidDataException($"{csvPath}:1: empty file, expected a header line");
        var fields = new List<string>();
        if (CsvFields.Split(headerLine, fields) is { } headerError) throw new InvalidDataException($"{csvPath}:1: {headerError}");
        var parser = new BarRowParser(_format, fields, csvPath);

        using var store = new BarStoreStatements(_db);
        store.Begin();
        var instruments = new InstrumentIds(_db, store);
        var firstLineOfKey = new Dictionary<(int, int), long>();
        var dates = new HashSet<int>();
        long line = 1, pendingRows = 0;
        for (string? text; (text = reader.ReadLine()) is not null;)
        {
            line++;
            if (text.Length == 0) continue; // blank lines are not rows
            read++;
            if (CsvFields.Split(text, fields) is { } splitError)
            {
                Reject(line, splitError, text);
                continue;
            }
            var row = parser.Parse(fields, out var error);
            if (row is null)
            {
                Reject(line, error!, text);
                continue;
            }
            var bar = row.Bar;
            bar.Date = row.Date;
            bar.Instrument = instruments.IdFor(row.Code, row.Date);
            bar.Industry = row.Industry is null ? null : instruments.IndustryId(row.Industry);
            if (store.Insert(bar))
            {
                inserted++;
                imported++;
                firstLineOfKey[(bar.Date, bar.Instrument)] = line;
                if (dates.Add(bar.Date)) store.AddDate(bar.Date);
            }
            else if (store.SameAsStored(bar))
            {
                imported++;
            }
            else
            {
                var key = $"({row.Date}, {row.Code})";
                Reject(line, firstLineOfKey.TryGetValue((bar.Date, bar.Instrument), out var first)
                    ? $"duplicate key {key} of line {first} with different values"
                    : $"duplicate key {key}: differs from the row already stored", text);
            }
            if (++pendingRows >= MarketWriter.BatchRows)
            {
                store.Commit();
                store.Begin();
                pendingRows = 0;
            }
        }
        instruments.SaveListDates();
        store.Commit();
        if (_db.GetMeta("kind") is null) _db.SetMeta("kind", "imported");
        return new ImportResult(read, imported, rejected, inserted, clock.Elapsed);
    }
}
