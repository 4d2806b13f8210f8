using System.Diagnostics;
using System.Globalization;
using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Market.Import;

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
        var fields = new List<Range>();
        if (CsvFields.Split(headerLine, fields, out var headerText) is { } headerError) throw new InvalidDataException($"{csvPath}:1: {headerError}");
        var parser = new BarRowParser(_format, CsvFields.ToStrings(headerText, fields), csvPath);

        using var store = new BarStoreStatements(_db);
        store.Begin();
        var instruments = new InstrumentIds(_db, store);
        var firstLineOfKey = new Dictionary<(int Date, int Instrument), long>(); // to name the original of a duplicate
        var dates = new HashSet<int>();
        long line = 1, pendingRows = 0;
        for (string? raw; (raw = reader.ReadLine()) is not null;)
        {
            line++;
            if (raw.Length == 0) continue; // blank lines are not rows
            read++;
            if (CsvFields.Split(raw, fields, out var text) is { } splitError)
            {
                Reject(line, splitError, raw);
                continue;
            }
            if (!parser.Parse(text, fields, out var bar, out var code, out var industry, out var error))
            {
                Reject(line, error!, raw);
                continue;
            }
            bar.Instrument = instruments.IdFor(code, bar.Date);
            bar.Industry = industry.IsEmpty ? null : instruments.IndustryId(industry);
            var key = (bar.Date, bar.Instrument); // a tuple hashes well; date<<32|id folded into long.GetHashCode collides
            if (store.Insert(bar))
            {
                inserted++;
                imported++;
                firstLineOfKey[key] = line;
                if (dates.Add(bar.Date)) store.AddDate(bar.Date);
            }
            else if (store.SameAsStored(bar))
            {
                imported++;
            }
            else
            {
                var described = $"({bar.Date}, {code})";
                Reject(line, firstLineOfKey.TryGetValue(key, out var first)
                    ? $"duplicate key {described} of line {first} with different values"
                    : $"duplicate key {described}: differs from the row already stored", raw);
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
