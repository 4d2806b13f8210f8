using System.Globalization;
using AlphaHost.Host.Market.Store;
using AlphaHost.Host.Plugins;
using AlphaHost.Sdk.Plugins;

namespace AlphaHost.Host.Market;

/// <summary>
/// Runs a market generator plugin into a market file: the host owns the file and its schema, the
/// plugin (resolved by name, e.g. "synthetic_equities") writes its rows through a <see cref="MarketWriter"/>.
/// </summary>
public static class MarketGeneration
{
    /// <summary>The generator `market generate` and a run use when none is named.</summary>
    public const string Equities = "synthetic_equities";
    public const string Futures = "synthetic_futures";

    /// <summary>Writes <paramref name="generator"/>'s market into the empty market file <paramref name="db"/>.</summary>
    public static GenerationReport Generate(IMarketGenerator generator, MarketDatabase db) => Write(db, generator.Generate);

    /// <summary>Stamps the schema, lets <paramref name="write"/> fill <paramref name="db"/> through a recorder, and commits what it wrote.</summary>
    private static GenerationReport Write(MarketDatabase db, Func<IMarketRecorder, GenerationReport> write)
    {
        using var writer = new MarketWriter(db);
        db.SetMeta("schema_version", MarketSchema.Version.ToString(CultureInfo.InvariantCulture));
        var report = write(writer);
        writer.Complete(); // a writer that returned has written everything; what it left pending is kept
        return report;
    }

    /// <summary>Whether <paramref name="name"/> is a bar source (recorded) rather than a generator.</summary>
    public static bool IsBarSource(PluginRegistry plugins, string name) => plugins.Get<IMarketSource>(name) is not null;

    /// <summary>
    /// Generates the market <paramref name="choice"/> names into a new file at <paramref name="path"/>;
    /// an unknown name or a bad config key fails before the file is created.
    /// </summary>
    public static GenerationReport Generate(PluginRegistry plugins, PluginChoice choice, string path)
    {
        Check(plugins, choice);
        using var db = MarketDatabase.Create(path);
        return Generate(plugins, choice, db);
    }

    /// <summary>
    /// Writes the market plugin <paramref name="choice"/> names into the empty market file <paramref name="db"/>:
    /// a generator (<see cref="IMarketGenerator"/>) writes its whole history; a bar source
    /// (<see cref="IMarketSource"/>) is recorded tick by tick until it ends (<see cref="MarketRecording"/>).
    /// </summary>
    public static GenerationReport Generate(PluginRegistry plugins, PluginChoice choice, MarketDatabase db)
    {
        if (!IsBarSource(plugins, choice.Name))
        {
            var generator = plugins.Create<IMarketGenerator>(choice);
            try { return Generate(generator, db); }
            finally { (generator as IDisposable)?.Dispose(); }
        }
        var source = plugins.Create<IMarketSource>(choice);
        try { return Write(db, recorder => MarketRecording.Record(source, choice.Name, recorder)); }
        finally { (source as IDisposable)?.Dispose(); }
    }

    /// <summary>Builds and disposes the market plugin <paramref name="choice"/> names: a bad name or key fails here, before any work.</summary>
    public static void Check(PluginRegistry plugins, PluginChoice choice)
    {
        if (IsBarSource(plugins, choice.Name)) plugins.Check<IMarketSource>(choice);
        else plugins.Check<IMarketGenerator>(choice);
    }
}
