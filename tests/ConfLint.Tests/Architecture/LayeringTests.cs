using System.Reflection;
using System.Runtime.CompilerServices;

namespace ConfLint.Tests.Architecture;

/// <summary>
/// The library's namespaces are layers: each may use only the layers before it, so data flows one way (read,
/// parse, model, judge, fix, report) and no two namespaces depend on each other. Read from the compiled
/// assembly (<see cref="TypeDependencies"/>), so no alias or fully qualified name slips past.
/// </summary>
public class LayeringTests
{
    /// <summary>Lowest first. Names in one row are siblings: neither may use the other. Knowledge (directive
    /// tables) and Validation (parsed files against those tables) are listed before they exist.</summary>
    public static readonly IReadOnlyList<string[]> Layers =
    [
        ["Text", "Units"],
        ["Diagnostics"],
        ["Catalog"],
        ["Syntax"],
        ["Knowledge"],
        ["Workspace"],
        ["Configuration"],
        ["Host"],
        ["Validation"],
        ["Rules"],
        ["Linting"],
        ["Fixing"],
        ["Io"],
        ["Reporting"],
    ];

    private static Assembly Library => typeof(ConfLint.Linting.Linter).Assembly;

    [Fact]
    public void Every_namespace_of_the_library_is_a_layer()
    {
        var known = Layers.SelectMany(row => row).ToHashSet(StringComparer.Ordinal);
        var unknown = Library.GetTypes()
            .Select(t => LayerOf(t, "ConfLint"))
            .OfType<string>()
            .Where(layer => !known.Contains(layer))
            .Distinct()
            .ToList();
        Assert.True(unknown.Count == 0, $"namespaces that are no layer (add them to {nameof(Layers)} where they belong): {string.Join(", ", unknown)}");
    }

    [Fact]
    public void No_layer_uses_a_layer_above_it_or_a_sibling()
    {
        var violations = Violations(Library, "ConfLint", Layers);
        Assert.True(violations.Count == 0, "dependencies pointing back:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_command_line_is_its_own_top_layer()
    {
        var cli = typeof(ConfLint.Cli.ConfLintCli).Assembly;
        Assert.DoesNotContain(Library.GetReferencedAssemblies(), a => a.Name == cli.GetName().Name);
        Assert.All(cli.GetTypes().Where(t => t.Namespace is not null && !IsCompilerGenerated(t)), t => Assert.StartsWith("ConfLint.Cli", t.Namespace, StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_sees_a_dependency_pointing_back_through_an_alias()
    {
        var layers = new[] { new[] { "Low" }, new[] { "High" } };
        var violations = Violations(typeof(LayeringTests).Assembly, "ConfLint.Tests.Architecture.Samples", layers);
        var violation = Assert.Single(violations);
        Assert.Equal("ConfLint.Tests.Architecture.Samples.Low.Reader uses ConfLint.Tests.Architecture.Samples.High.Report (Low may not use High)", violation);
    }

    [Fact]
    public void No_process_wide_mutable_static()
    {
        var mutable = Library.GetTypes()
            .Where(t => !IsCompilerGenerated(t) && t.Namespace?.StartsWith("ConfLint", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            // A [ThreadStatic] field is each thread's own (the parse's intern tables), not process-wide.
            .Where(f => !f.IsInitOnly && !f.IsLiteral && !f.Name.StartsWith('<') && !f.IsDefined(typeof(ThreadStaticAttribute)))
            .Select(f => $"{f.DeclaringType!.FullName}.{f.Name}")
            .ToList();
        Assert.True(mutable.Count == 0, "static fields that any run can change (pass such state in instead): " + string.Join(", ", mutable));
    }

    /// <summary>Every use of a type in a later layer, or in a sibling, among the namespaces below <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Violations(Assembly assembly, string root, IReadOnlyList<string[]> layers)
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < layers.Count; i++)
        {
            foreach (var name in layers[i])
            {
                rank[name] = i;
            }
        }

        var violations = new List<string>();
        foreach (var (type, uses) in TypeDependencies.Of(assembly))
        {
            if (LayerOf(type, root) is not { } from || !rank.TryGetValue(from, out var fromRank))
            {
                continue;
            }

            foreach (var used in uses)
            {
                if (LayerOf(used, root) is { } to && to != from && rank.TryGetValue(to, out var toRank) && toRank >= fromRank)
                {
                    violations.Add($"{Outermost(type).FullName} uses {Outermost(used).FullName} ({from} may not use {to})");
                }
            }
        }

        return violations.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The namespace segment after <paramref name="root"/>: <c>ConfLint.Host.Nginx.NginxScope</c> is in Host.</summary>
    private static string? LayerOf(Type type, string root)
    {
        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith(root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(root.Length + 1)..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>A closure or state machine is reported as the type that declares it.</summary>
    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer && IsCompilerGenerated(type))
        {
            type = outer;
        }

        return type;
    }

    private static bool IsCompilerGenerated(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || type.Name.Contains('<', StringComparison.Ordinal);
}
