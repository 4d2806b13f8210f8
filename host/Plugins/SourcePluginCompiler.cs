using System.Text;
using AlphaHost.Sdk.Plugins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AlphaHost.Host.Plugins;

/// <summary>The compiled image of a source plugin, or its errors as "file(line,col): error CSxxxx: message".</summary>
public sealed record CompileResult(byte[]? Image, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Image is not null;
}

/// <summary>
/// Compiles a single .cs file with Roslyn against the framework and the SDK, so a researcher can
/// try a new plugin with no project and no build step. Usual global usings are implied (System,
/// System.Linq, System.Collections.Generic, AlphaHost.Sdk.Plugins).
/// </summary>
public static class SourcePluginCompiler
{
    private const string ImpliedUsings =
        "global using System; global using System.Collections.Generic; global using System.Linq; global using AlphaHost.Sdk.Plugins;";

    private static readonly Lazy<MetadataReference[]> StandardReferences = new(() =>
    {
        // The framework's own assemblies (not the host's packages), plus the SDK and the tensor library it exposes.
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted.Where(p => Path.GetDirectoryName(p) == frameworkDir)
            .Append(typeof(IPlugin).Assembly.Location)
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    });

    /// <param name="path">The .cs file; its path is used in error messages.</param>
    /// <param name="assemblyName">Name of the produced assembly.</param>
    /// <param name="symbols">Preprocessor symbols (tests compile one file as two versions with #if).</param>
    /// <param name="extraReferences">Paths of further assemblies to compile against.</param>
    public static CompileResult Compile(string path, string assemblyName, IEnumerable<string>? symbols = null, IEnumerable<string>? extraReferences = null)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: symbols);
        var text = SourceText.From(File.ReadAllText(path), Encoding.UTF8);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(text, parse, path),
            CSharpSyntaxTree.ParseText(ImpliedUsings, parse, "ImpliedUsings.cs"),
        };
        var references = StandardReferences.Value.Concat((extraReferences ?? []).Select(p => MetadataReference.CreateFromFile(p)));
        var compilation = CSharpCompilation.Create(assemblyName, trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (emitted.Success) return new CompileResult(image.ToArray(), []);
        var errors = emitted.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(Format)
            .ToArray();
        return new CompileResult(null, errors);
    }

    /// <summary>
    /// Compiles and emits a tiny plugin-like file once, so Roslyn's first (cold) compile is paid while
    /// the host starts rather than when a researcher drops a .cs file in (seconds vs. a fraction of one).
    /// </summary>
    public static void WarmUp()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText("public sealed class WarmUp { public int Twice(int x) => 2 * x; }", parse);
        var compilation = CSharpCompilation.Create("warmup", [tree, CSharpSyntaxTree.ParseText(ImpliedUsings, parse)], StandardReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var image = new MemoryStream();
        compilation.Emit(image);
    }

    private static string Format(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var where = d.Location.IsInSource ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})" : "(no file)";
        return $"{where}: error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
