using MessagePack;

namespace AlphaHost.Host.Bus;

// The wire messages of the signal bus and the control socket: MessagePack maps keyed by field
// name, so any msgpack client reads them as plain maps. host/Bus/README.md lists every field
// (a test holds the table and these types together). Evolution: add fields, never rename or
// retype one; readers ignore keys they do not know and treat a missing key as "not set".

/// <summary>Bus topic names (the first frame of every bus message).</summary>
public static class Topics
{
    public const string SignalPrefix = "signal.";
    public const string Portfolio = "portfolio";
    public const string Status = "status";

    public static string SignalFor(string model) => SignalPrefix + model;
}

/// <summary>Stamped by the publisher on every bus message.</summary>
[MessagePackObject]
public abstract class BusMessage
{
    /// <summary>1, 2, 3, … per topic since the publisher started; see README for gaps and replays.</summary>
    [Key("sequence")] public ulong Sequence { get; set; }

    /// <summary>Wall-clock time the host handed the message to the bus, µs since the Unix epoch (UTC).</summary>
    [Key("sent_unix_micros")] public long SentUnixMicros { get; set; }
}

/// <summary>One model's scores for the tradable universe at one tick. Topic: signal.&lt;model&gt;.</summary>
[MessagePackObject]
public sealed class Signal : BusMessage
{
    [Key("model")] public string Model { get; set; } = "";
    [Key("plugin_version")] public string PluginVersion { get; set; } = "";
    /// <summary>ISO 8601 "YYYY-MM-DD".</summary>
    [Key("trading_date")] public string TradingDate { get; set; } = "";
    /// <summary>The engine's tick, 1-based: the run's first tick is 1 (0 is before the first tick), +1 per tick.</summary>
    [Key("tick")] public long Tick { get; set; }
    /// <summary>codes[i] has score scores[i]; unscored stocks are left out, so no NaN.</summary>
    [Key("codes")][MessagePackFormatter(typeof(CodeListFormatter))] public List<string> Codes { get; set; } = [];
    [Key("scores")][MessagePackFormatter(typeof(ScoreListFormatter))] public List<float> Scores { get; set; } = [];
}

/// <summary>Target portfolio and the fills of one tick. Topic: portfolio.</summary>
[MessagePackObject]
public sealed class Portfolio : BusMessage
{
    [Key("trading_date")] public string TradingDate { get; set; } = "";
    /// <summary>The engine's tick, 1-based, as in <see cref="Signal.Tick"/> (not the ledger's 0-based tick index).</summary>
    [Key("tick")] public long Tick { get; set; }
    /// <summary>Targets set this tick (empty when the builder kept the previous ones): codes[i] has weight weights[i], a fraction of NAV.</summary>
    [Key("codes")] public List<string> Codes { get; set; } = [];
    [Key("weights")] public List<double> Weights { get; set; } = [];
    /// <summary>Exact decimal strings, e.g. "150000000.00": parse as decimals, not floats.</summary>
    [Key("nav")] public string Nav { get; set; } = "";
    [Key("benchmark_nav")] public string BenchmarkNav { get; set; } = "";
    [Key("fills")] public List<FillMessage> Fills { get; set; } = [];
}

/// <summary>One execution of the paper broker.</summary>
[MessagePackObject]
public sealed class FillMessage
{
    [Key("code")] public string Code { get; set; } = "";
    /// <summary>Signed: bought &gt; 0.</summary>
    [Key("quantity")] public long Quantity { get; set; }
    /// <summary>Decimal string, slippage included.</summary>
    [Key("price")] public string Price { get; set; } = "";
    /// <summary>"trade" or "delisting".</summary>
    [Key("kind")] public string Kind { get; set; } = "";
}

/// <summary>What the host is doing. Topic: status (at least once a second); also a control reply's state.</summary>
[MessagePackObject]
public sealed class Status : BusMessage
{
    /// <summary>One of <see cref="RunStates"/>.</summary>
    [Key("mode")] public string Mode { get; set; } = "";
    [Key("trading_date")] public string TradingDate { get; set; } = "";
    [Key("bar")] public int Bar { get; set; }
    /// <summary>Ticks completed, as in <see cref="Signal.Tick"/>: 0 before the first tick, then 1, 2, …</summary>
    [Key("tick")] public long Tick { get; set; }
    /// <summary>Ticks per second the clock aims for; 0 = as fast as possible.</summary>
    [Key("speed")] public double Speed { get; set; }
    [Key("universe_size")] public int UniverseSize { get; set; }
    [Key("active_model")] public string ActiveModel { get; set; } = "";
    [Key("models")] public List<ModelState> Models { get; set; } = [];
    [Key("plugins")] public List<PluginState> Plugins { get; set; } = [];
    /// <summary>Absent (nil) when no training runs.</summary>
    [Key("training")] public TrainingProgress? Training { get; set; }
    [Key("bus")] public BusCounters Bus { get; set; } = new();
    /// <summary>Newest last, one line each.</summary>
    [Key("recent_errors")] public List<string> RecentErrors { get; set; } = [];
}

/// <summary>Status modes: ticking, paused, stopping after a shutdown, or done (the last status of a run).</summary>
public static class RunStates
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Stopping = "stopping";
    public const string Finished = "finished";

    public static readonly IReadOnlyList<string> All = [Running, Paused, Stopping, Finished];
}

/// <summary>One model of the run: its role, its fitted version and its live grade.</summary>
[MessagePackObject]
public sealed class ModelState
{
    [Key("name")] public string Name { get; set; } = "";
    /// <summary>champion, challenger, retired, or available (a loaded model plugin not live).</summary>
    [Key("role")] public string Role { get; set; } = "";
    /// <summary>waiting for history, fitting, scoring, "scoring, refitting", faulted or retired.</summary>
    [Key("state")] public string State { get; set; } = "";
    /// <summary>Fits adopted so far (the signal's plugin_version is "v" + this).</summary>
    [Key("version")] public int Version { get; set; }
    /// <summary>The day whose close the scoring fit used data up to; "" before the first fit.</summary>
    [Key("fitted_on")] public string FittedOn { get; set; } = "";
    /// <summary>Mean daily RankIC of the last 20 graded days; nil before the first.</summary>
    [Key("rank_ic_recent")] public double? RankIcRecent { get; set; }
    /// <summary>Mean daily RankIC since activation; nil before the first graded day.</summary>
    [Key("rank_ic_to_date")] public double? RankIcToDate { get; set; }
    [Key("graded_days")] public int GradedDays { get; set; }
    /// <summary>Why the model faulted or its last fit failed; "" when healthy.</summary>
    [Key("fault")] public string Fault { get; set; } = "";
}

[MessagePackObject]
public sealed class PluginState
{
    [Key("name")] public string Name { get; set; } = "";
    [Key("version")] public string Version { get; set; } = "";
    /// <summary>AlphaHost.Sdk.Plugins.PluginFamily, e.g. "Model".</summary>
    [Key("family")] public string Family { get; set; } = "";
    /// <summary>A <see cref="LoadState"/> in lower case.</summary>
    [Key("state")] public string State { get; set; } = "";
    [Key("error")] public string Error { get; set; } = "";
    /// <summary>Calls of this plugin that threw or overran their budget.</summary>
    [Key("faults")] public int Faults { get; set; }
    /// <summary>Versions swapped in while the host ran.</summary>
    [Key("swaps")] public int Swaps { get; set; }
}

public enum LoadState { Loaded, Loading, Failed, Unloaded }

[MessagePackObject]
public sealed class TrainingProgress
{
    [Key("model")] public string Model { get; set; } = "";
    [Key("epoch")] public int Epoch { get; set; }
    [Key("epochs")] public int Epochs { get; set; }
    [Key("loss")] public double Loss { get; set; }
    [Key("validation_metric")] public string ValidationMetric { get; set; } = "";
    /// <summary>The metric after each finished epoch, oldest first.</summary>
    [Key("validation")] public List<double> Validation { get; set; } = [];
}

/// <summary>Counters of the signal bus and the control socket (see <see cref="BusStats"/>, <see cref="ControlStats"/>).</summary>
[MessagePackObject]
public sealed class BusCounters
{
    [Key("published")] public long Published { get; set; }
    [Key("queue_drops")] public long QueueDrops { get; set; }
    [Key("subscriptions")] public int Subscriptions { get; set; }
    [Key("bad_subscriber_frames")] public long BadSubscriberFrames { get; set; }
}

/// <summary>A request on the control socket; <see cref="Kind"/> names it and the fields it needs are set.</summary>
[MessagePackObject]
public sealed class Command
{
    /// <summary>Chosen by the client, echoed in the reply.</summary>
    [Key("request_id")] public ulong? RequestId { get; set; }
    /// <summary>One of <see cref="CommandKinds.All"/>.</summary>
    [Key("kind")] public string? Kind { get; set; }
    /// <summary>step: ticks to run while paused (default 1).</summary>
    [Key("ticks")] public int? Ticks { get; set; }
    /// <summary>speed: ticks per second, 0 = as fast as possible.</summary>
    [Key("ticks_per_second")] public double? TicksPerSecond { get; set; }
    /// <summary>reload: the plugin; empty or absent reloads every plugin whose files changed.</summary>
    [Key("name")] public string? Name { get; set; }
    /// <summary>activate-model, promote, retire, start-training: the model.</summary>
    [Key("model")] public string? Model { get; set; }
}

/// <summary>The command kinds: the same words as `alphahost control`.</summary>
public static class CommandKinds
{
    public const string Status = "status";
    public const string Plugins = "plugins";
    public const string Reload = "reload";
    public const string ActivateModel = "activate-model";
    public const string Promote = "promote";
    public const string Retire = "retire";
    public const string StartTraining = "start-training";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Step = "step";
    public const string Speed = "speed";
    public const string Shutdown = "shutdown";

    public static readonly IReadOnlyList<string> All =
        [Status, Plugins, Reload, ActivateModel, Promote, Retire, StartTraining, Pause, Resume, Step, Speed, Shutdown];

    /// <summary>Kinds that name a model.</summary>
    public static readonly IReadOnlyList<string> OnModel = [ActivateModel, Promote, Retire, StartTraining];
}

/// <summary>The answer to one command.</summary>
[MessagePackObject]
public sealed class Reply
{
    /// <summary>The command's request_id; 0 when the command could not be read.</summary>
    [Key("request_id")] public ulong RequestId { get; set; }
    [Key("ok")] public bool Ok { get; set; }
    /// <summary>Why the command was refused or failed, one line; "" when ok.</summary>
    [Key("error")] public string Error { get; set; } = "";
    /// <summary>The host's state after the command (nil when the command was not run).</summary>
    [Key("status")] public Status? Status { get; set; }
    /// <summary>For plugins.</summary>
    [Key("plugins")] public List<PluginState>? Plugins { get; set; }

    public static Reply Refused(ulong requestId, string error) => new() { RequestId = requestId, Ok = false, Error = error };
}
