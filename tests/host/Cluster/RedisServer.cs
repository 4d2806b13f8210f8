using System.Diagnostics;
using AlphaHost.Host.Cluster;
using AlphaHost.Host.Tests.Run;

namespace AlphaHost.Host.Tests.Cluster;

/// <summary>A private redis-server on a free loopback port with a temporary folder, stopped and removed on dispose.</summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process process;
    private readonly string dir = Directory.CreateTempSubdirectory("alphahost-redis-").FullName;

    public RedisServer()
    {
        Port = RunKit.FreePort();
        var exe = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
                  ?? throw new InvalidOperationException("redis-server is not installed: `make test` installs it (Makefile APT_PACKAGES)");
        var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no" }) psi.ArgumentList.Add(a);
        process = Process.Start(psi)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = ClusterAddress.Parse(Url);
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; Thread.Sleep(100))
        {
            try { address.RequireReachable(); break; }
            catch (ClusterException) when (DateTime.UtcNow < deadline && !process.HasExited) { }
        }
    }

    public int Port { get; }
    public string Url => $"redis://127.0.0.1:{Port}";

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.WaitForExit();
        process.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
