using System.Diagnostics;

namespace AlphaHost.Host.Tests.Run;

/// <summary>
/// `alphahost run` with its control panel (the cockpit) in a real terminal (a detached tmux session):
/// it draws once (no header left behind), space pauses it, q ends the run cleanly with its reports
/// written and the summary lines on the restored screen.
/// </summary>
[Collection("alphahost run")]
public class PanelInTmuxTests : IDisposable
{
    private readonly ScratchDir scratch = new();

    public void Dispose() => scratch.Dispose();

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public void PanelDrawsPausesAndQuitsOnQ()
    {
        var dir = scratch.Path;
        // Long enough that the run is still ticking when the panel first shows.
        var config = RunKit.TinyConfig(dir, days: 250);
        var runDir = Path.Combine(dir, "run");
        var exitFile = Path.Combine(dir, "exit-code");
        using var tmux = new Tmux();
        tmux.NewSession(120, 40, $"'{RunKit.Executable}' run --config '{config}' --out '{runDir}' --seed 3; echo $? > '{exitFile}'; sleep 30");

        tmux.WaitForScreen(s => s.Contains("AlphaHost  tick ") && s.Contains("NAV ") && s.Contains("q:quit"), "the cockpit (engine line, NAV, key footer)", Bound);
        Assert.Equal(1, CountOf(tmux.Capture(), "AlphaHost  tick "));
        tmux.SendKeys("Space");
        tmux.WaitForScreen(s => s.Contains("PAUSED") && s.Contains("pause: ok"), "the paused engine line", Bound);
        tmux.SendKeys("q");

        var deadline = DateTime.UtcNow + Bound;
        while (!File.Exists(exitFile) || File.ReadAllText(exitFile).Trim().Length == 0)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"alphahost did not exit within {Bound} of q:\n{tmux.Capture()}");
            Thread.Sleep(100);
        }
        Assert.Equal("0", File.ReadAllText(exitFile).Trim());
        var after = tmux.Capture();
        Assert.Contains("paper vs benchmark: ", after); // the summary headline is printed once the cockpit has closed
        Assert.DoesNotContain("RUNNING", after);
        Assert.True(File.Exists(Path.Combine(runDir, "metrics.json")), "no metrics.json after q");
        // It stopped on q, not at the end of the market: the ledger is open for a resume.
        using var ledger = RunKit.OpenLedger(runDir);
        Assert.False(ledger.IsFinished, "the run reached the end of its market before q");
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    /// <summary>A tmux server of its own (private socket), killed on dispose.</summary>
    private sealed class Tmux : IDisposable
    {
        private readonly string _socket = $"alphahost-test-{Guid.NewGuid():N}";
        private const string Session = "run";

        public void NewSession(int width, int height, string shellCommand) =>
            Exec("new-session", "-d", "-s", Session, "-x", width.ToString(), "-y", height.ToString(), shellCommand);

        public void SendKeys(string key) => Exec("send-keys", "-t", Session, key);

        public string Capture() => Exec("capture-pane", "-p", "-t", Session);

        public void WaitForScreen(Func<string, bool> shows, string what, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            string screen = "";
            while (DateTime.UtcNow < deadline)
            {
                screen = TryCapture() ?? screen;
                if (shows(screen)) return;
                Thread.Sleep(100);
            }
            Assert.Fail($"tmux never showed {what} within {timeout}; last screen:\n{screen}");
        }

        private string? TryCapture()
        {
            var (code, output) = Run("capture-pane", "-p", "-t", Session);
            return code == 0 ? output : null; // the session is gone once the process exits
        }

        private string Exec(params string[] args)
        {
            var (code, output) = Run(args);
            Assert.True(code == 0, $"tmux {string.Join(' ', args)} exited {code}: {output}");
            return output;
        }

        private (int Code, string Output) Run(params string[] args)
        {
            var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-L");
            psi.ArgumentList.Add(_socket);
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["TERM"] = "xterm-256color";
            Process p;
            try
            {
                p = Process.Start(psi)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new Xunit.Sdk.XunitException($"tmux is not installed ({e.Message}); `make test` installs it (APT_PACKAGES in the Makefile)");
            }
            using (p)
            {
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                p.WaitForExit();
                return (p.ExitCode, stdout.Result + stderr.Result);
            }
        }

        public void Dispose() => Run("kill-server");
    }
}
