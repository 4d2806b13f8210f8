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
    public static GenerationReport Generate(IMarketGenerator generator, MarketDatabase db)
    {
        using var writer = new MarketWriter(db);
        db.SetMeta("schema_version", MarketSchema.Version.ToString(CultureInfo.InvariantCulture));
        var report = generator.Generate(writer);
        writer.Complete(); // a generator that returned has written everything; what it left pending is kept
        return report;
    }

    /// <summary>
    /// Generates the market <paramref name="choice"/> names into a new file at <paramref name="path"/>;
    /// an unknown name or a bad config key fails before the file is created.
    /// </summary>
    public static GenerationReport Generate(PluginRegistry plugins, PluginChoice choice, string path)
    {
        var generator = plugins.Create<IMarketGenerator>(choice);
        try
        {
            using var db = MarketDatabase.Create(path);
            return Generate(generator, db);
        }
        finally
        {
            (generator as IDisposable)?.Dispose();
        }
    }
}
