using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AlphaHost.Host.Trading;

namespace AlphaHost.Host.Tests.Run;

/// <summary>End-to-end tests of `alphahost run` start real processes and CPU-heavy runs: one at a time.</summary>
[CollectionDefinition("alphahost run", DisableParallelization = true)]
public sealed class RunCollection;

/// <summary>Drives the built `bin/alphahost` as a child process with tiny configs.</summary>
public static class RunKit
{
    public const int Days = 120;

    /// <summary>The repository root: the first folder above the test binaries that holds AlphaHost.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Executable
    {
        get
        {
            var path = Path.Combine(RepoRoot, "bin", "alphahost");
            Assert.True(File.Exists(path), $"{path} is missing: run `make build` (or build host/AlphaHost.Host.csproj) first");
            return path;
        }
    }

    /// <summary>
    /// Writes a run config small enough for a test (20 stocks, a few retrains of the MLP, one epoch each)
    /// into <paramref name="dir"/>; endpoints default to ephemeral ports so runs never collide.
    /// </summary>
    public static string TinyConfig(string dir, int days = Days, string busPub = "tcp://127.0.0.1:0", params string[] challengers)
    {
        var config = new JsonObject
        {
            ["stocks"] = 20, ["days"] = days, ["epochs"] = 1, ["model"] = "mlp",
            ["sampler"] = new JsonObject { ["name"] = "rolling", ["config"] = new JsonObject { ["trainDays"] = 40, ["testDays"] = 20 } },
            ["busPub"] = busPub, ["busControl"] = "tcp://127.0.0.1:0",
        };
        if (challengers.Length > 0) config["challengers"] = new JsonArray(challengers.Select(c => (JsonNode)c).ToArray());
        var path = Path.Combine(dir, "tiny.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }


    /// <summary>A copy of the built-in plugins folder (plugins/bin) at <paramref name="target"/>, for a run to load and watch.</summary>
    public static string CopyBuiltInPlugins(string target)
    {
        var source = Path.Combine(RepoRoot, "plugins", "bin");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    /// <summary>The paper-trading ledger of a run folder (after its process ended).</summary>
    public static Ledger OpenLedger(string runDir)
    {
        var path = Path.Combine(runDir, "paper", Ledger.FileName);
        return Ledger.OpenExisting(path) ?? throw new Xunit.Sdk.XunitException($"no ledger at {path}");
    }

    /// <summary>A loopback TCP port nobody listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>`alphahost run ARGS` to the end; fails the test if it does not exit within <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output) Run(TimeSpan timeout, params string[] args)
    {
        using var host = HostProcess.Start(["run", .. args]);
        int code = host.WaitForExit(timeout);
        return (code, host.Output);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AlphaHost.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no AlphaHost.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>A test's own temporary folder, deleted with everything in it when the test ends (run folders are megabytes each).</summary>
public sealed class ScratchDir : IDisposable
{
    public string Path { get; } = Trading.Scenario.TempDir();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>A running `bin/alphahost` with its output captured line by line; killed on dispose if still running.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private HostProcess(Process process) => _process = process;

    public static HostProcess Start(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(RunKit.Executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RunKit.RepoRoot,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var host = new HostProcess(new Process { StartInfo = psi });
        host._process.OutputDataReceived += (_, e) => host.Add(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Add(e.Data is null ? null : "stderr: " + e.Data);
        host._process.Start();
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return host;
    }

    public string Output => string.Join("\n", _lines);

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for a line containing <paramref name="fragment"/>; fails the test if the process ends or time runs out first.</summary>
    public void WaitForLine(string fragment, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_lines.Any(l => l.Contains(fragment, StringComparison.Ordinal)))
        {
            if (_process.HasExited && !_lineArrived.Wait(200))
                Assert.Fail($"alphahost exited ({_process.ExitCode}) before printing \"{fragment}\":\n{Output}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"no line \"{fragment}\" within {timeout}:\n{Output}");
            _lineArrived.Wait(100);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            Assert.Fail($"alphahost still running after {timeout}:\n{Output}");
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    private void Add(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        _lineArrived.Release();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        _lineArrived.Dispose();
    }
}
