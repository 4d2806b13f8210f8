namespace AlphaHost.Host.Reports;

/// <summary>
/// The chart libraries report.html inlines (UMD bundles of npm vega, vega-lite, vega-embed; versions
/// pinned in package.json). Looked for, in order: $ALPHAHOST_CHARTS_DIR (a folder holding the three
/// files); vega/ next to the running assembly (the host build copies them to bin/vega/); a
/// node_modules/ (as `npm ci` leaves it) in the assembly's folder, the current folder, or one above.
/// </summary>
public sealed record ChartScripts(string Vega, string VegaLite, string VegaEmbed)
{
    public const string DirectoryVariable = "ALPHAHOST_CHARTS_DIR";

    private static readonly string[] Bundled = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];
    private static readonly string[] InNodeModules =
        ["node_modules/vega/build/vega.min.js", "node_modules/vega-lite/build/vega-lite.min.js", "node_modules/vega-embed/build/vega-embed.min.js"];

    public static ChartScripts Load()
    {
        var paths = Locate();
        return new ChartScripts(File.ReadAllText(paths[0]), File.ReadAllText(paths[1]), File.ReadAllText(paths[2]));
    }

    /// <summary>Paths of vega, vega-lite and vega-embed; throws naming every place looked at when none holds all three.</summary>
    public static string[] Locate()
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates())
        {
            tried.Add(Path.GetDirectoryName(candidate[0])!);
            if (candidate.All(File.Exists)) return candidate;
        }
        throw new FileNotFoundException(
            $"report.html needs the chart libraries vega, vega-lite and vega-embed: run `make build` (npm ci) or set {DirectoryVariable}; looked in {string.Join(", ", tried.Distinct())}");
    }

    private static IEnumerable<string[]> Candidates()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir)
            yield return Bundled.Select(f => Path.Combine(dir, f)).ToArray();
        yield return Bundled.Select(f => Path.Combine(AppContext.BaseDirectory, "vega", f)).ToArray();
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
                yield return InNodeModules.Select(f => Path.Combine(folder.FullName, f)).ToArray();
    }
}
