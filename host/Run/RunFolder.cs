using System.Globalization;
using System.Text.Json.Nodes;

namespace AlphaHost.Host.Run;

/// <summary>
/// A run folder (`alphahost run --out DIR`) carries a marker file, <see cref="MarkerName"/>, written
/// when a run creates the folder or starts in an empty one. `--fresh` deletes only a folder that
/// carries it: `--out ~` or a folder of someone's files is refused, never deleted.
/// </summary>
public static class RunFolder
{
    public const string MarkerName = ".alphahost-run";

    public static bool IsMarked(string dir) => File.Exists(Path.Combine(dir, MarkerName));

    /// <summary>
    /// Readies <paramref name="dir"/> for a run. With <paramref name="fresh"/>, deletes a marked run
    /// folder (everything in it was written by runs); a missing or empty folder is fine. Throws
    /// <see cref="InvalidOperationException"/>, deleting nothing, for a non-empty folder without the marker.
    /// Then creates the folder and marks it if it is new or empty; a non-empty unmarked folder is
    /// used as before but never marked, so a later --fresh still refuses it.
    /// </summary>
    public static void Prepare(string dir, bool fresh)
    {
        var full = Path.GetFullPath(dir);
        if (File.Exists(full)) throw new InvalidOperationException($"--out {dir} is a file, not a run folder");
        if (fresh && Directory.Exists(full))
        {
            if (IsMarked(full)) Directory.Delete(full, recursive: true);
            else if (Directory.EnumerateFileSystemEntries(full).Any())
                throw new InvalidOperationException($"--fresh refuses to delete {full}: it is not empty and has no {MarkerName} marker, so no run made it; choose another --out or empty it yourself");
        }
        bool unused = !Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any();
        Directory.CreateDirectory(full);
        if (unused) Mark(full);
    }

    /// <summary>Writes the marker: one line of JSON saying what made the folder and when.</summary>
    public static void Mark(string dir)
    {
        var marker = new JsonObject
        {
            ["createdBy"] = "alphahost run",
            ["version"] = typeof(RunFolder).Assembly.GetName().Version?.ToString(3) ?? "?",
            ["createdUtc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        File.WriteAllText(Path.Combine(dir, MarkerName), marker.ToJsonString() + "\n");
    }
}
