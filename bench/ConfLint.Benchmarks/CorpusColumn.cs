using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ConfLint.Syntax;

namespace ConfLint.Benchmarks;

/// <summary>
/// The input size of a case and the throughput it reached: input bytes over the mean time of one pass.
/// MB is 1,000,000 bytes of the files as stored (UTF-8).
/// </summary>
public sealed class CorpusColumn : IColumn
{
    public static readonly CorpusColumn InputMegabytes = new("Input MB", "Bytes parsed per pass, in MB (1 MB = 10^6 bytes)", throughput: false);

    public static readonly CorpusColumn Throughput = new("MB/s", "Input MB over the mean time of a pass", throughput: true);

    private readonly bool _throughput;

    private CorpusColumn(string name, string legend, bool throughput)
    {
        ColumnName = name;
        Legend = legend;
        _throughput = throughput;
    }

    public string Id => nameof(CorpusColumn) + "." + ColumnName;

    public string ColumnName { get; }

    public string Legend { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _throughput ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Parameters["Kind"] is not ConfigKind kind)
        {
            return "-";
        }

        var megabytes = Corpus.Shared.Bytes(kind) / 1e6;
        if (!_throughput)
        {
            return megabytes.ToString("F2");
        }

        var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNanoseconds is > 0 ? (megabytes / (meanNanoseconds.Value / 1e9)).ToString("F1") : "-";
    }
}
