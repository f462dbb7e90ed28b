using BenchmarkDotNet.Running;
using ConfLint.Benchmarks;

if (args.Contains("--tables"))
{
    return TableBenchmarks.Quick(2000);
}

if (args.Contains("--quick"))
{
    return QuickRun.Run(args.Where(arg => arg != "--quick").ToArray());
}

BenchmarkSwitcher.FromAssembly(typeof(ParseBenchmarks).Assembly).Run(args, BenchConfig.Create());
return 0;
