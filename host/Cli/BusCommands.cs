using System.CommandLine;
using AlphaHost.Host.Bus;
using AlphaHost.Sdk.Zmq;

namespace AlphaHost.Host.Cli;

/// <summary>`alphahost listen` (a bus subscriber) and `alphahost keys new` (CURVE keys for the control socket).</summary>
public static class BusCommands
{
    public static Command BuildListen()
    {
        var topic = new Option<string>("--topic") { Description = "topic prefix to subscribe to (\"\" for all)", DefaultValueFactory = _ => "signal." };
        var endpoint = new Option<string>("--endpoint") { Description = "the host's signal bus", DefaultValueFactory = _ => BusEndpoints.DefaultPublish };
        var count = new Option<long>("--count") { Description = "exit after this many messages (0: run until Ctrl+C)", DefaultValueFactory = _ => 0 };
        var top = new Option<int>("--top") { Description = "codes to print per signal, highest score first", DefaultValueFactory = _ => 10 };
        var command = new Command("listen", "subscribe to the signal bus and print each message (top codes of each signal)");
        command.Options.Add(topic);
        command.Options.Add(endpoint);
        command.Options.Add(count);
        command.Options.Add(top);
        command.SetAction(parse =>
        {
            var n = parse.GetValue(count);
            var shown = parse.GetValue(top);
            if (n < 0) return Fail("listen: --count must be 0 or more");
            if (shown < 1) return Fail("listen: --top must be at least 1");
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
            try
            {
                using var context = new ZmqContext();
                new BusListener(Console.Out, shown).Run(context, parse.GetValue(endpoint)!, parse.GetValue(topic) ?? "", n, stop.Token);
                return 0;
            }
            catch (ZmqException e)
            {
                return Fail($"listen: {e.Message}");
            }
        });
        return command;
    }

    public static Command BuildKeys()
    {
        var output = new Option<string>("--out") { Description = "directory for NAME.key (secret) and NAME.pub", Required = true };
        var name = new Option<string>("--name") { Description = "file name stem", DefaultValueFactory = _ => "alphahost" };
        var create = new Command("new", "create a CURVE key pair for the control socket (server or client)");
        create.Options.Add(output);
        create.Options.Add(name);
        create.SetAction(parse =>
        {
            var stem = parse.GetValue(name)!;
            if (stem.Length == 0 || stem.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || stem.Contains('/'))
                return Fail($"keys new: --name '{stem}' is not a plain file name");
            try
            {
                var keys = CurveKeyPair.Generate();
                var (secretPath, publicPath) = CurveKeyFiles.Write(parse.GetValue(output)!, stem, keys);
                Console.WriteLine($"secret key: {secretPath} (keep private)");
                Console.WriteLine($"public key: {publicPath}");
                Console.WriteLine(keys.PublicKey);
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ZmqException)
            {
                return Fail($"keys new: {e.Message}");
            }
        });
        var keysCommand = new Command("keys", "CURVE keys for the control socket");
        keysCommand.Subcommands.Add(create);
        return keysCommand;
    }

    private static int Fail(string reason)
    {
        Console.Error.WriteLine(reason);
        return 1;
    }
}
