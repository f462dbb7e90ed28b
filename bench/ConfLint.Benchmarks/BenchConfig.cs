using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace ConfLint.Benchmarks;

/// <summary>
/// One job pinned to the first CPU with the CLI's GC settings (workstation, non-concurrent): the parse is
/// single-threaded, and pinning keeps the JIT's and GC's helper threads off a second core. The settings are
/// a mutator, so a job picked on the command line (<c>--job short</c>) gets them too.
/// </summary>
public static class BenchConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default.WithAffinity(new IntPtr(1)).WithGcServer(false).WithGcConcurrent(false).AsMutator())
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumn(CorpusColumn.InputMegabytes, CorpusColumn.Throughput);
}
