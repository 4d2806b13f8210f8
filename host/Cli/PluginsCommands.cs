using System.CommandLine;
using AlphaHost.Host.Plugins;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlphaHost.Host.Cli;

/// <summary><c>alphahost plugins list [--dir DIR]</c>: every plugin found, its family, version, origin and load state.</summary>
public static class PluginsCommands
{
    /// <summary>
    /// The built-in plugins' folder: plugins/bin of the checkout the CLI runs from (bin/alphahost
    /// sits beside it; a test binary deeper down finds the same one).
    /// </summary>
    public static string DefaultDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "plugins", "bin"))) return Path.Combine(dir.FullName, "plugins", "bin");
            return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "plugins", "bin"));
        }
    }

    public static Command Build()
    {
        var dir = new Option<string>("--dir") { Description = "plugins directory (default: plugins/bin of this checkout)" };
        var list = new Command("list", "list every plugin found, its family, version, origin and load state");
        list.Options.Add(dir);
        list.SetAction(parse => List(parse.GetValue(dir) ?? DefaultDirectory, Console.Out, Console.Error));
        var plugins = new Command("plugins", "inspect the plugins the host loads");
        plugins.Subcommands.Add(list);
        return plugins;
    }

    /// <summary>Loads every plugin under <paramref name="directory"/> and prints a table; exit 0 when the directory could be scanned.</summary>
    public static int List(string directory, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(directory))
        {
            error.WriteLine($"plugins directory '{directory}' does not exist (build plugins with `make build`, or pass --dir)");
            return 1;
        }
        using var host = new PluginHost(directory, NullLogger.Instance);
        host.LoadAllAsync().GetAwaiter().GetResult();
        var rows = host.Registry.Statuses();
        output.WriteLine($"{rows.Count} plugin(s) in {host.Directory}");
        if (rows.Count == 0) return 0;
        var table = rows.Select(r => new[]
        {
            r.Name, r.Family?.ToString() ?? "-", r.Version, r.State.ToString().ToLowerInvariant(),
            $"{r.Origin.ToString().ToLowerInvariant()} {Path.GetRelativePath(host.Directory, r.Path)}",
        }).Prepend(["NAME", "FAMILY", "VERSION", "STATE", "ORIGIN"]).ToArray();
        var widths = Enumerable.Range(0, 5).Select(c => table.Max(row => row[c].Length)).ToArray();
        for (var i = 0; i < table.Length; i++)
        {
            output.WriteLine(string.Join("  ", table[i].Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (i > 0 && rows[i - 1].Message is { } message)
                foreach (var line in message.Split('\n'))
                    output.WriteLine("    " + line.Trim());
        }
        return 0;
    }
}
