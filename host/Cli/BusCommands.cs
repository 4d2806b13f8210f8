using System.CommandLine;
using System.Globalization;
using AlphaHost.Host.Bus;
using NetMQ;
using Command = System.CommandLine.Command;

namespace AlphaHost.Host.Cli;

/// <summary>`alphahost listen` (a bus subscriber), `alphahost control` (one command to a running host) and `alphahost keys new`.</summary>
public static class BusCommands
{
    public static Command BuildListen()
    {
        var topic = new Option<string>("--topic") { Description = "topic prefix to subscribe to (\"\" for all)", DefaultValueFactory = _ => "signal." };
        var endpoint = new Option<string>("--endpoint") { Description = "the host's signal bus", DefaultValueFactory = _ => BusEndpoints.DefaultPublish };
        var count = new Option<long>("--count") { Description = "exit after this many messages (0: run until Ctrl+C)", DefaultValueFactory = _ => 0 };
        var top = new Option<int>("--top") { Description = "codes to print per signal, highest score first", DefaultValueFactory = _ => 10 };
        var serverKey = new Option<string?>("--server-key") { Description = "the host's NAME.pub: speak CURVE to a bus bound off loopback" };
        var command = new Command("listen", "subscribe to the signal bus and print each message (top codes of each signal)");
        command.Options.Add(topic);
        command.Options.Add(endpoint);
        command.Options.Add(count);
        command.Options.Add(top);
        command.Options.Add(serverKey);
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
                var key = parse.GetValue(serverKey) is { } file ? CurveKeyFiles.ReadPublic(file) : null;
                new BusListener(Console.Out, shown).Run(parse.GetValue(endpoint)!, parse.GetValue(topic) ?? "", n, stop.Token, key);
                return 0;
            }
            catch (Exception e) when (e is NetMQException or ArgumentException or IOException or FormatException)
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
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail($"keys new: {e.Message}");
            }
        });
        var keysCommand = new Command("keys", "CURVE keys for the control socket");
        keysCommand.Subcommands.Add(create);
        return keysCommand;
    }

    public static Command BuildControl()
    {
        var kind = new Argument<string>("command") { Description = string.Join("|", CommandKinds.All) };
        var value = new Argument<string?>("value") { Description = "step: ticks (1); speed: ticks per second (0 = fastest); reload: plugin; activate-model, promote, retire, start-training: model", Arity = ArgumentArity.ZeroOrOne };
        var endpoint = new Option<string>("--endpoint") { Description = "the host's control socket", DefaultValueFactory = _ => BusEndpoints.DefaultControl };
        var key = new Option<string?>("--key") { Description = "this client's NAME.key, on the host's allow-list (a secured control socket)" };
        var serverKey = new Option<string?>("--server-key") { Description = "the host's NAME.pub (a secured control socket)" };
        var timeout = new Option<double>("--timeout") { Description = "seconds to wait for the reply", DefaultValueFactory = _ => 5 };
        var command = new Command("control", "send one command to a running host and print its reply");
        command.Arguments.Add(kind);
        command.Arguments.Add(value);
        command.Options.Add(endpoint);
        command.Options.Add(key);
        command.Options.Add(serverKey);
        command.Options.Add(timeout);
        command.SetAction(parse =>
        {
            var verb = parse.GetValue(kind)!;
            var (request, bad) = ToCommand(verb, parse.GetValue(value));
            if (request is null) return Fail($"control {verb}: {bad}");
            request.RequestId = 1;
            var (problem, error) = CommandRules.Check(request);
            if (problem != CommandProblem.None) return Fail($"control: {error}");
            if ((parse.GetValue(key) is null) != (parse.GetValue(serverKey) is null))
                return Fail("control: --key and --server-key go together (a secured control socket needs both)");
            var seconds = parse.GetValue(timeout);
            if (!(seconds > 0)) return Fail("control: --timeout must be above 0");
            try
            {
                var keys = parse.GetValue(key) is { } keyFile
                    ? new ControlClientKeys(CurveKeyFiles.ReadSecret(keyFile), CurveKeyFiles.ReadPublic(parse.GetValue(serverKey)!))
                    : null;
                using var client = new ControlClient(parse.GetValue(endpoint)!, keys);
                var reply = client.Ask(request, TimeSpan.FromSeconds(seconds));
                if (reply is null) return Fail($"control: no reply from {parse.GetValue(endpoint)} within {seconds} s");
                (reply.Ok ? Console.Out : Console.Error).WriteLine(BusMessageFormatter.FormatReply(verb, reply));
                return reply.Ok ? 0 : 1;
            }
            catch (Exception e) when (e is NetMQException or ArgumentException or IOException or FormatException)
            {
                return Fail($"control: {e.Message}");
            }
        });
        return command;
    }

    /// <summary>The command for `control VERB [VALUE]`, or why VALUE does not fit VERB.</summary>
    private static (Bus.Command? Command, string Error) ToCommand(string verb, string? value)
    {
        var command = new Bus.Command { Kind = verb };
        if (value is null) return (command, "");
        if (verb == CommandKinds.Step)
        {
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)) return (null, $"'{value}' is not a whole number of ticks");
            command.Ticks = ticks;
        }
        else if (verb == CommandKinds.Speed)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var speed)) return (null, $"'{value}' is not a number of ticks per second");
            command.TicksPerSecond = speed;
        }
        else if (verb == CommandKinds.Reload) command.Name = value;
        else if (CommandKinds.OnModel.Contains(verb)) command.Model = value;
        else if (CommandKinds.All.Contains(verb)) return (null, $"takes no value; got '{value}'");
        return (command, "");
    }

    private static int Fail(string reason)
    {
        Console.Error.WriteLine(reason);
        return 1;
    }
}
