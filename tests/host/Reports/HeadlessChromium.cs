using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AlphaHost.Host.Tests.Reports;

/// <summary>Opens a page in headless Debian chromium and returns the DOM after scripts ran; checks the report's charts in it.</summary>
public static class HeadlessChromium
{
    public static string Executable()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin"))
        {
            var path = Path.Combine(dir, "chromium");
            if (File.Exists(path)) return path;
        }
        Assert.Fail("chromium not found on PATH: report.html is checked in headless chromium; `make test` installs it (Debian package chromium)");
        return "";
    }

    public static string DumpDom(string htmlPath)
    {
        var profile = Directory.CreateTempSubdirectory("alphahost-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile.FullName}", "--virtual-time-budget=5000", "--dump-dom",
                         new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
                     })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var dom = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"chromium did not finish within 120 s on {htmlPath}");
            }
            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {stderr.Result}");
            return dom.Result;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    /// <summary>One line per chart that did not render: container missing, marked chart-error, not marked rendered, or without an svg/canvas.</summary>
    public static IReadOnlyList<string> ChartFailures(string dom, IEnumerable<string> chartIds)
    {
        var failures = new List<string>();
        foreach (var id in chartIds)
        {
            var tag = Regex.Match(dom, $"<div[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>");
            if (!tag.Success)
            {
                failures.Add($"{id}: container missing");
                continue;
            }
            int end = tag.Index + tag.Length;
            int next = dom.IndexOf("data-chart=", end, StringComparison.Ordinal);
            var body = dom[end..(next < 0 ? dom.Length : next)];
            if (tag.Value.Contains("chart-error"))
                failures.Add($"{id}: {body[..Math.Min(200, body.IndexOf('<') < 0 ? body.Length : body.IndexOf('<'))]}");
            else if (!tag.Value.Contains("data-rendered=\"true\""))
                failures.Add($"{id}: not rendered");
            else if (!body.Contains("<svg") && !body.Contains("<canvas"))
                failures.Add($"{id}: no svg or canvas");
        }
        return failures;
    }
}
