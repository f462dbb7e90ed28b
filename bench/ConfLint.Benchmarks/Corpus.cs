using System.Text;
using ConfLint.Syntax;
using ConfLint.Text;
using ConfLint.Tools.GenServerTree;
using ConfLint.Workspace;

namespace ConfLint.Benchmarks;

/// <summary>
/// The files the benchmarks parse: a tree on disk (<c>--tree DIR</c>, or <c>CONFLINT_BENCH_TREE</c> for
/// BenchmarkDotNet, whose child processes inherit the environment), or else the default gen-server-tree
/// output made in memory. Each file's kind is found by <see cref="KindDetector"/>, as a lint run finds it.
/// </summary>
public sealed class Corpus
{
    public const string TreeVariable = "CONFLINT_BENCH_TREE";

    private static readonly Lazy<Corpus> SharedCorpus = new(() => Load(Environment.GetEnvironmentVariable(TreeVariable)));

    private Corpus(string origin, IReadOnlyList<CorpusFile> files)
    {
        Origin = origin;
        Files = files;
    }

    /// <summary>The corpus of this process: from <c>CONFLINT_BENCH_TREE</c> or generated.</summary>
    public static Corpus Shared => SharedCorpus.Value;

    /// <summary>Where the files came from, for the report.</summary>
    public string Origin { get; }

    public IReadOnlyList<CorpusFile> Files { get; }

    /// <summary>Reads or generates the files; with <paramref name="only"/>, just the files of that kind
    /// (the kind is told from the path, so the others are never read).</summary>
    public static Corpus Load(string? tree, ConfigKind? only = null) =>
        string.IsNullOrEmpty(tree) ? Generate(new GeneratorOptions(), only) : Read(tree, only);

    public static Corpus Generate(GeneratorOptions options, ConfigKind? only = null)
    {
        var files = new List<CorpusFile>();
        foreach (var file in ServerTreeGenerator.Generate(options))
        {
            Add(files, file.Path, only, _ => Encoding.UTF8.GetBytes(file.Text));
        }

        return new Corpus($"gen-server-tree defaults in memory (seed {options.Seed})", files);
    }

    public static Corpus Read(string tree, ConfigKind? only = null)
    {
        var root = Path.GetFullPath(tree);
        var files = new List<CorpusFile>();
        var paths = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            Add(files, path, only, _ => File.ReadAllBytes(Path.Combine(root, path)));
        }

        return new Corpus(root, files);
    }

    public IEnumerable<CorpusFile> OfKind(ConfigKind kind) => Files.Where(file => file.Kind == kind);

    public long Bytes(ConfigKind kind) => OfKind(kind).Sum(file => (long)file.ByteCount);

    private static void Add(List<CorpusFile> files, string path, ConfigKind? only, Func<string, byte[]> read)
    {
        if (KindDetector.Detect(path) is { } kind && (only is null || kind == only))
        {
            var bytes = read(path);
            files.Add(new CorpusFile(path, kind, SourceText.FromBytes(path, bytes), bytes.Length));
        }
    }
}
