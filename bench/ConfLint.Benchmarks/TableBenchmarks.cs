using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ConfLint.Knowledge;

namespace ConfLint.Benchmarks;

/// <summary>
/// The directive tables' load cost on its own: reading the embedded text and parsing it into the lookup structures,
/// each table from scratch (the process caches one instance; these bypass the cache). <c>--tables</c> runs the same
/// passes with a stopwatch, for a quick figure without BenchmarkDotNet.
/// </summary>
[MemoryDiagnoser]
public class TableBenchmarks
{
    [Benchmark]
    public int Nginx() => NginxDirectiveTable.Load().Count;

    [Benchmark]
    public int Apache() => ApacheDirectiveTable.Load().Count;

    [Benchmark]
    public int PhpFpm() => FpmKeyTable.Load().PoolKeys.Count();

    [Benchmark]
    public int Systemd() => SystemdKeyTable.Load().Sections.Count();

    /// <summary>First (cold: JIT and first read) and warm median times of each table's load, in milliseconds.</summary>
    public static int Quick(int iterations)
    {
        var loads = new (string Name, Func<int> Load)[]
        {
            ("nginx.txt", () => NginxDirectiveTable.Load().Count),
            ("apache.txt", () => ApacheDirectiveTable.Load().Count),
            ("php-fpm.txt", () => FpmKeyTable.Load().PoolKeys.Count()),
            ("systemd.txt", () => SystemdKeyTable.Load().Sections.Count()),
        };
        foreach (var (name, load) in loads)
        {
            var timer = Stopwatch.StartNew();
            var count = load();
            var first = timer.Elapsed.TotalMilliseconds;
            var times = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                timer.Restart();
                load();
                times.Add(timer.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"{name,-12} entries {count,5}  first {first,7:F2} ms  warm median {times[times.Count / 2],6:F3} ms  min {times[0],6:F3} ms");
        }

        return 0;
    }
}
