using System.Reflection;
using AlphaHost.Host.Bus;
using AlphaHost.Host.Tests.Run;
using MessagePack;

namespace AlphaHost.Host.Tests.Bus;

/// <summary>The schema table of host/Bus/README.md is the wire types, field for field and type for type.</summary>
public class BusSchemaTests
{
    private const string EveryBusMessage = "every bus message";

    [Fact]
    public void ReadmeTableMatchesTheMessageTypes()
    {
        var documented = File.ReadLines(Path.Combine(RunKit.RepoRoot, "host", "Bus", "README.md"))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 6 && cells[2].StartsWith('`'))
            .Select(cells => $"{cells[1]}.{cells[2].Trim('`')}: {cells[3]}")
            .ToList();

        var wire = typeof(BusMessage).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<MessagePackObjectAttribute>() is not null)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.GetCustomAttribute<KeyAttribute>() is not null)
                .Select(p => $"{(t == typeof(BusMessage) ? EveryBusMessage : t.Name)}.{p.GetCustomAttribute<KeyAttribute>()!.StringKey}: {WireType(p)}"))
            .ToList();

        Assert.Equal(wire.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [Fact]
    public void ReadmeNamesEveryRunStateAndCommandKind()
    {
        var rows = File.ReadLines(Path.Combine(RunKit.RepoRoot, "host", "Bus", "README.md")).ToList();
        var mode = Assert.Single(rows, r => r.StartsWith("| Status | `mode` |", StringComparison.Ordinal));
        var kind = Assert.Single(rows, r => r.StartsWith("| Command | `kind` |", StringComparison.Ordinal));
        Assert.All(RunStates.All, state => Assert.Contains($"`{state}`", mode));
        Assert.All(CommandKinds.All, k => Assert.Contains($"`{k}`", kind));
    }

    private static string WireType(PropertyInfo property)
    {
        var nullable = new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return Name(type) + (nullable ? " or nil" : "");
    }

    private static string Name(Type type) => type switch
    {
        _ when type == typeof(string) => "str",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(float) => "float32",
        _ when type == typeof(double) => "float64",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(ulong) => "int",
        { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(List<>) => $"[{Name(type.GetGenericArguments()[0])}]",
        _ when type.GetCustomAttribute<MessagePackObjectAttribute>() is not null => type.Name,
        _ => throw new Xunit.Sdk.XunitException($"no wire name for {type}"),
    };
}
