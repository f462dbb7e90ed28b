using System.Diagnostics;
using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Benchmarks;

/// <summary>
/// <c>--quick</c>: no BenchmarkDotNet, just timed passes printing MB/s, for fast local checks and for
/// whole-process measurements (tools/bench-tree.sh runs it under hyperfine with one pass and no warm-up).
/// Tiered compilation with PGO needs a few passes before the parser runs fully optimized: five warm-up
/// passes reach the BenchmarkDotNet figure, two did not. <c>--pin</c> keeps the process on the first CPU,
/// as the BenchmarkDotNet job does.
/// </summary>
public static class QuickRun
{
    public const string Usage =
        "usage: ConfLint.Benchmarks --quick [--tree DIR] [--kind nginx|php-fpm|systemd|apache] [--iterations 10] [--warmup 5] [--pin] [--verify]\n" +
        "       ConfLint.Benchmarks --quick --load --tree DIR [--iterations 10] [--warmup 5]   (the whole tree as lint loads it: discovery, includes, every file parsed on all cores)";

    public static int Run(IReadOnlyList<string> args)
    {
        string? tree = Environment.GetEnvironmentVariable(Corpus.TreeVariable), kindName = null;
        int iterations = 10, warmup = 5;
        bool verify = false, pin = false, load = false;
        for (var i = 0; i < args.Count; i++)
        {
            var known = args[i] switch
            {
                "--verify" => verify = true,
                "--pin" => pin = true,
                "--load" => load = true,
                "--tree" when i + 1 < args.Count => (tree = args[++i]) is not null,
                "--kind" when i + 1 < args.Count => (kindName = args[++i]) is not null,
                "--iterations" when i + 1 < args.Count => int.TryParse(args[++i], out iterations) && iterations > 0,
                "--warmup" when i + 1 < args.Count => int.TryParse(args[++i], out warmup) && warmup >= 0,
                _ => false,
            };
            if (!known)
            {
                Console.Error.WriteLine($"bad argument '{args[i]}'\n{Usage}");
                return 2;
            }
        }

        ConfigKind? only = null;
        if (kindName is not null)
        {
            if (!ConfigKinds.TryParse(kindName, out var parsed))
            {
                Console.Error.WriteLine($"unknown kind '{kindName}'\n{Usage}");
                return 2;
            }

            only = parsed;
        }

        if (pin && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            Process.GetCurrentProcess().ProcessorAffinity = new IntPtr(1);
        }

        if (load)
        {
            if (tree is null)
            {
                Console.Error.WriteLine($"--load needs --tree\n{Usage}");
                return 2;
            }

            MeasureLoad(tree, iterations, warmup);
            return 0;
        }

        var clock = Stopwatch.StartNew();
        var corpus = Corpus.Load(tree, only);
        Console.WriteLine($"corpus: {corpus.Origin}: {corpus.Files.Count} files loaded in {clock.ElapsedMilliseconds} ms");
        var failed = false;
        foreach (var kind in ParseCases.All.Where(kind => only is null || kind == only))
        {
            if (ParseCases.SkipReason(corpus, kind) is { } reason)
            {
                Console.WriteLine($"{kind.Name()}: skipped: {reason}");
                continue;
            }

            failed |= !Measure(corpus, kind, iterations, warmup, verify);
        }

        return failed ? 1 : 0;
    }

    /// <summary>What <c>conflint lint --root</c> does before it builds the host model, timed as a whole.</summary>
    private static void MeasureLoad(string tree, int iterations, int warmup)
    {
        var times = new List<double>();
        for (var i = 0; i < warmup + iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            var workspace = ConfLint.Workspace.WorkspaceLoader.Load(new ConfLint.Workspace.LoadOptions { Root = tree });
            var seconds = clock.Elapsed.TotalSeconds;
            var megabytes = workspace.Files.Sum(f => (long)(f.Source?.Length ?? 0)) / 1e6;
            var label = i < warmup ? $"warm-up {i + 1}" : $"pass {i - warmup + 1}";
            Console.WriteLine($"  {label,-10} {seconds * 1000,8:F1} ms  {workspace.Files.Count} files  {megabytes:F2} M chars  {megabytes / seconds,7:F1} MB/s  {workspace.Diagnostics.Count} CL000");
            if (i >= warmup)
            {
                times.Add(seconds * 1000);
            }
        }

        if (times.Count > 0)
        {
            times.Sort();
            Console.WriteLine($"load: median {times[times.Count / 2]:F1} ms, best {times[0]:F1} ms over {times.Count} passes");
        }
    }

    private static bool Measure(Corpus corpus, ConfigKind kind, int iterations, int warmup, bool verify)
    {
        var sources = corpus.OfKind(kind).Select(file => file.Source).ToArray();
        var megabytes = corpus.Bytes(kind) / 1e6;
        Console.WriteLine($"{kind.Name()}: {sources.Length} files, {megabytes:F2} MB");
        if (verify && ParsePass.RoundTripFailures(sources, kind) is { Count: > 0 } failures)
        {
            Console.WriteLine($"  {failures.Count} files do not parse or round-trip, first: {failures[0]}");
            return false;
        }

        var rates = new List<double>();
        long allocated = 0;
        for (var i = 0; i < warmup + iterations; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            long tokens;
            try
            {
                tokens = ParsePass.Run(sources, kind);
            }
            catch (InvalidOperationException e)
            {
                Console.WriteLine($"  {e.Message}");
                return false;
            }

            var seconds = clock.Elapsed.TotalSeconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var label = i < warmup ? $"warm-up {i + 1}" : $"pass {i - warmup + 1}";
            Console.WriteLine($"  {label,-10} {seconds * 1000,8:F1} ms {megabytes / seconds,7:F1} MB/s  {tokens} tokens  {allocated / 1e6:F1} MB allocated");
            if (i >= warmup)
            {
                rates.Add(megabytes / seconds);
            }
        }

        rates.Sort();
        Console.WriteLine($"{kind.Name()}: median {rates[rates.Count / 2]:F1} MB/s, best {rates[^1]:F1} MB/s over {rates.Count} passes; "
            + $"{allocated / 1e6:F1} MB allocated a pass ({allocated / (megabytes * 1e6):F1} bytes per input byte)");
        return true;
    }
}
