using AlphaHost.Sdk.Protocol;
using Google.Protobuf;

namespace AlphaHost.Sdk.Tests.Protocol;

public class MessageRoundTripTests
{
    private static T RoundTrip<T>(T message, MessageParser<T> parser) where T : IMessage<T>
    {
        var copy = parser.ParseFrom(message.ToByteArray());
        Assert.Equal(message, copy);
        return copy;
    }

    [Fact]
    public void HeaderUsesProtobufWireFormat()
    {
        // Field 1, varint (tag 0x08), value 300 = 0xAC 0x02 (protobuf encoding guide's own example).
        Assert.Equal(new byte[] { 0x08, 0xAC, 0x02 }, new BusHeader { Sequence = 300 }.ToByteArray());
    }

    [Fact]
    public void SignalRoundTrips()
    {
        var signal = new Signal
        {
            Header = new BusHeader { Sequence = 7, SentUnixMicros = 1_700_000_000_000_000 },
            Model = "alphanet_v3",
            PluginVersion = "1.2.0",
            TradingDate = "2024-01-31",
            Tick = 42,
            Codes = { "600000.SH", "000001.SZ" },
            Scores = { 0.5f, -1.25f },
        };
        var copy = RoundTrip(signal, Signal.Parser);
        Assert.Equal(-1.25f, copy.Scores[1]);
        Assert.Equal("signal.alphanet_v3", Signal.TopicFor(copy.Model));
    }

    [Fact]
    public void PortfolioRoundTripsWithExactDecimalNav()
    {
        var portfolio = new Portfolio
        {
            Header = new BusHeader { Sequence = 1 },
            TradingDate = "2024-01-31",
            Tick = 3,
            Codes = { "600000.SH" },
            Weights = { 0.02 },
            Nav = 150_000_000.01m.ToString(System.Globalization.CultureInfo.InvariantCulture),
            BenchmarkNav = "149999999.99",
        };
        var copy = RoundTrip(portfolio, Portfolio.Parser);
        Assert.Equal(150_000_000.01m, decimal.Parse(copy.Nav, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void StatusRoundTripsWithNestedParts()
    {
        var status = new Status
        {
            Header = new BusHeader { Sequence = 9 },
            State = Status.Types.RunState.Paused,
            TradingDate = "2024-02-01",
            Bar = 2,
            Tick = 100,
            Speed = 4,
            UniverseSize = 5000,
            ActiveModel = "gru",
            Plugins = { new PluginState { Name = "gru", Version = "0.3.1", Family = "Model", State = PluginState.Types.LoadState.Failed, Error = "boom" } },
            Training = new TrainingProgress { Model = "gru", Epoch = 3, Epochs = 10, Loss = 0.25, ValidationMetric = "rank_icir", Validation = { 0.1, 0.2 } },
            BusSubscriptions = 2,
            BusSubscriberOverflows = 5,
            BusQueueDrops = 1,
            RecentErrors = { "plugin gru: boom" },
        };
        var copy = RoundTrip(status, Status.Parser);
        Assert.Equal(PluginState.Types.LoadState.Failed, copy.Plugins[0].State);
        Assert.Equal(new[] { 0.1, 0.2 }, copy.Training.Validation);
    }

    private static readonly Command[] Commands =
    [
        new Command { RequestId = 1, Status = new StatusRequest() },
        new Command { RequestId = 2, Pause = new Pause() },
        new Command { RequestId = 3, Resume = new Resume() },
        new Command { RequestId = 4, Step = new Step { Ticks = 5 } },
        new Command { RequestId = 5, SetSpeed = new SetSpeed { TicksPerSecond = 2.5 } },
        new Command { RequestId = 6, ListPlugins = new ListPlugins() },
        new Command { RequestId = 7, ReloadPlugin = new ReloadPlugin { Name = "ts_corr" } },
        new Command { RequestId = 8, ActivateModel = new ActivateModel { Model = "master" } },
        new Command { RequestId = 9, StartTraining = new StartTraining { Model = "gru" } },
        new Command { RequestId = 10, Shutdown = new Shutdown() },
    ];

    public static TheoryData<Command> EveryCommandKind() => new(Commands);

    [Theory]
    [MemberData(nameof(EveryCommandKind))]
    public void EveryCommandKindRoundTrips(Command command)
    {
        var copy = RoundTrip(command, Command.Parser);
        Assert.NotEqual(Command.KindOneofCase.None, copy.KindCase);
        Assert.Equal(command.KindCase, copy.KindCase);
    }

    [Fact]
    public void EveryCommandKindIsCovered()
    {
        var covered = Commands.Select(c => c.KindCase).ToHashSet();
        var all = Enum.GetValues<Command.KindOneofCase>().Where(k => k != Command.KindOneofCase.None);
        Assert.All(all, kind => Assert.Contains(kind, covered));
    }

    [Fact]
    public void ReplyRoundTrips()
    {
        var reply = new Reply
        {
            RequestId = 4,
            Ok = false,
            Error = "unknown model 'x'",
            Status = new Status { State = Status.Types.RunState.Running },
            Plugins = { new PluginState { Name = "mse", Family = "Loss", State = PluginState.Types.LoadState.Loaded } },
        };
        RoundTrip(reply, Reply.Parser);
    }
}
