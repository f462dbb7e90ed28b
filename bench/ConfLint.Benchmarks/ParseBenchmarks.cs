using BenchmarkDotNet.Attributes;
using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Benchmarks;

/// <summary>Single-core parse throughput: every file of one kind in the corpus, parsed in turn.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private SourceText[] _sources = [];

    [ParamsSource(nameof(Kinds))]
    public ConfigKind Kind { get; set; }

    public static IEnumerable<ConfigKind> Kinds => ParseCases.Runnable(Corpus.Shared);

    [GlobalSetup]
    public void Setup() => _sources = Corpus.Shared.OfKind(Kind).Select(file => file.Source).ToArray();

    [Benchmark]
    public long Parse() => ParsePass.Run(_sources, Kind);
}
