using System.Diagnostics;
using System.Text.Json;
using AlphaHost.Host.Trading;
using AlphaHost.PaperReplay;

namespace AlphaHost.Host.Tests.Trading;

/// <summary>
/// kill -9 at random ticks, restart the same command, and the final ledger must equal an
/// uninterrupted run's, row for row.
/// </summary>
public class CrashResumeTests
{
    private const int Ticks = 60;

    [Fact]
    public void KilledAtRandomTicksAndRestartedEndsWithTheSameLedger()
    {
        var scenario = new ReplayScenario(
            new TradingConfig { InitialCash = 5_000_000m, Unfilled = UnfilledPolicy.Carry },
            TopN: 8, RebalanceEvery: 2,
            RandomMarket.Build(seed: 2024, stocks: 40, ticks: Ticks).Select(m => new ReplayTick(m.Bar, m.Scores)).ToList());
        var file = Path.Combine(Scenario.TempDir(), "scenario.json");
        File.WriteAllText(file, JsonSerializer.Serialize(scenario));

        var whole = Scenario.TempDir();
        var (lines, _) = RunDriver(file, whole, chooseKill: _ => null, delayMs: 0);
        Assert.StartsWith("finished", lines[^1]);

        var crashed = Scenario.TempDir();
        var rng = new Random(99);
        int kills = 0;
        var resumedAt = new List<int>();
        while (true)
        {
            // The kill tick is drawn after the driver says where it resumed (a kill may land after a further commit).
            var (output, killed) = RunDriver(file, crashed,
                chooseKill: resumed => kills < 4 ? rng.Next(resumed, Math.Min(Ticks - 1, resumed + 12)) : null,
                delayMs: rng.Next(0, 4));
            resumedAt.Add(int.Parse(output[0].Split(' ')[1]));
            if (!killed)
            {
                Assert.StartsWith("finished", output[^1]);
                break;
            }
            kills++;
        }

        Assert.Equal(5, resumedAt.Count);
        Assert.Equal(0, resumedAt[0]);
        Assert.True(resumedAt.Skip(1).All(t => t > 0), $"each restart resumes from committed ticks: {string.Join(",", resumedAt)}");
        Assert.Equal(LedgerDump.Of(whole), LedgerDump.Of(crashed));
    }

    /// <summary>Runs the driver; with killAfterTick, SIGKILLs it once that tick is reported committed (plus a small delay, to land mid-tick).</summary>
    private static (List<string> Lines, bool Killed) RunDriver(string scenario, string outDir, Func<int, int?> chooseKill, int delayMs)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AlphaHost.PaperReplay.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add(scenario);
        psi.ArgumentList.Add(outDir);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        bool killed = false;
        int? killAfterTick = null;
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            lines.Add(line);
            if (line.StartsWith("resumed ")) killAfterTick = chooseKill(int.Parse(line.Split(' ')[1]));
            if (killAfterTick is { } k && line == $"committed {k}")
            {
                if (delayMs > 0) Thread.Sleep(delayMs);
                p.Kill(); // SIGKILL on Linux
                killed = true;
                break;
            }
        }
        p.WaitForExit();
        if (!killed)
            Assert.True(p.ExitCode == 0, $"driver exited {p.ExitCode}: {stderr.Result}");
        return (lines, killed);
    }
}
