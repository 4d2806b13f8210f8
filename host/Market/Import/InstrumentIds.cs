using AlphaHost.Host.Market.Store;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Market.Import;

/// <summary>
/// Resolves codes to instrument ids (new codes get the next id) and industry names to ids
/// (a numeric industry is used as is; a name gets an id in <c>industries</c>). Tracks each
/// code's earliest date seen so the list date can be set.
/// </summary>
internal sealed class InstrumentIds
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _earliest = new();
    private readonly Dictionary<string, int> _industries = new(StringComparer.Ordinal);
    private readonly BarStoreStatements _store;
    private int _nextId, _nextIndustry;

    /// <summary>New instruments and industries are written at once, in the import's open transaction.</summary>
    public InstrumentIds(MarketDatabase db, BarStoreStatements store)
    {
        _store = store;
        using (var cmd = db.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT id, code FROM instruments";
            using var r = cmd.ExecuteReader();
            while (r.Read()) _ids[r.GetString(1)] = r.GetInt32(0);
        }
        _nextId = _ids.Count == 0 ? 1 : _ids.Values.Max() + 1;
        using (var cmd = db.Connection.CreateCommand())
        {
            cmd.CommandText = "SELECT id, name FROM industries";
            using var r = cmd.ExecuteReader();
            while (r.Read()) _industries[r.GetString(1)] = r.GetInt32(0);
        }
        _nextIndustry = _industries.Count == 0 ? 1000 : _industries.Values.Max() + 1; // above numeric industry codes
    }

    public int IdFor(ReadOnlySpan<char> code, int date)
    {
        var ids = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!ids.TryGetValue(code, out int id))
        {
            id = _nextId++;
            var text = code.ToString();
            _ids[text] = id;
            _store.AddInstrument(id, text, date);
        }
        if (!_earliest.TryGetValue(id, out int first) || date < first) _earliest[id] = date;
        return id;
    }

    public int IndustryId(ReadOnlySpan<char> industry)
    {
        if (int.TryParse(industry, out int numeric)) return numeric;
        var names = _industries.GetAlternateLookup<ReadOnlySpan<char>>();
        if (names.TryGetValue(industry, out int id)) return id;
        id = _nextIndustry++;
        var name = industry.ToString();
        _industries[name] = id;
        _store.AddIndustry(id, name);
        return id;
    }

    /// <summary>Moves list dates earlier where the import saw older rows.</summary>
    public void SaveListDates()
    {
        foreach (var (id, date) in _earliest) _store.SetListDate(id, date);
    }
}
