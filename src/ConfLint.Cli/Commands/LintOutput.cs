using System.Text;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Reporting;

namespace ConfLint.Cli.Commands;

/// <summary>
/// One <c>conflint lint</c>: reads standard input for <c>-</c>, plans and runs the lint, writes the report in its
/// format to standard output or <c>--output</c>, the statistics, the notes, and chooses the exit code.
/// </summary>
internal sealed class LintOutput(CliIO io, LintRequest request)
{
    public int Execute()
    {
        var (paths, stdin) = ReadStandardInput();
        var plan = LintRun.Plan(io, paths, request.Target, stdin, stdinNamed: request.StdinFilename is not null);
        var settings = new ReportSettings
        {
            Version = Version.Text,
            Color = UseColor(),
            PathPrefix = plan.PathPrefix,
            Root = request.Target.Root,
            BaseFolder = plan.BaseFolder,
            Quiet = request.Quiet,
        };
        var formats = Formats.Lint(settings);
        if (!formats.TryGet(request.Format, out var reporter))
        {
            throw new UsageException(formats.Unknown(request.Format));
        }

        var result = LintRun.Execute(io, plan);
        var beforeReport = GC.GetTotalAllocatedBytes();
        var text = request.Format == "text";
        if (request.Output is { } file)
        {
            var full = Path.GetFullPath(file, io.WorkingDirectory);
            var tree = RefuseLinkInTree(file, full);
            try
            {
                // Written as it is made, in UTF-8 straight to the file: a report of thousands of findings held whole
                // as text, then as bytes, was the largest allocation of a large tree's run, at its peak of memory.
                using var stream = ConfLint.Io.ReportFile.Open(full, tree);
                using var report = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
                Report(report, reporter, result, settings, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--output {file}: cannot write: {e.Message}");
            }
        }
        else
        {
            Report(io.Out, reporter, result, settings, text);
        }

        if (Environment.GetEnvironmentVariable("CONFLINT_TIMINGS") is "1" or "gc")
        {
            io.Err.WriteLine($"report: allocated {(GC.GetTotalAllocatedBytes() - beforeReport) / 1_000_000} MB");
        }

        if (request.Statistics && !text)
        {
            Statistics(io.Err, result);
        }

        if (request.Verbose)
        {
            foreach (var note in result.Notes.Distinct())
            {
                io.Err.WriteLine("note: " + note);
            }
        }

        var failed = result.Diagnostics.Any(d => d.Severity >= request.FailOn);
        return failed && !request.ExitZero ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private void Report(TextWriter writer, IReporter reporter, LintResult result, ReportSettings settings, bool text)
    {
        if (request.Statistics && text)
        {
            Statistics(writer, result);
            if (!settings.Quiet)
            {
                writer.WriteLine(TextReporter.Summary(result));
            }

            return;
        }

        reporter.Write(writer, result);
    }

    /// <summary>
    /// A report named inside the current folder or the root (a CI job's checkout: <c>--output conflint.sarif</c>) is
    /// not written through a symbolic link there, in its name or a folder of its path: a pull request could bring
    /// <c>conflint.sarif</c> as a link to the runner's <c>~/.bashrc</c>, and the report quotes the tree. Outside both
    /// (<c>/dev/stdout</c>, <c>/tmp/report.json</c>) the path is taken as named. Returns the folder it lies in, or null.
    /// </summary>
    private string? RefuseLinkInTree(string file, string full)
    {
        string? inTree = null;
        var boundaries = new List<string> { io.WorkingDirectory };
        if (request.Target.Root is { } root)
        {
            boundaries.Add(Path.GetFullPath(root, io.WorkingDirectory));
        }

        foreach (var boundary in boundaries.Where(b => Path.GetFullPath(b) != "/"))
        {
            var relative = Path.GetRelativePath(boundary, full);
            if (relative == "." || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            {
                continue;
            }

            inTree ??= boundary;
            var current = boundary;
            foreach (var part in relative.Split('/'))
            {
                current = Path.Combine(current, part);
                if (new FileInfo(current).LinkTarget is not null)
                {
                    throw new UsageException($"--output {file}: {Path.GetRelativePath(boundary, current)} is a symbolic link in the linted tree; the report is not written through it");
                }
            }
        }

        return inTree;
    }

    /// <summary>One line per code, most frequent first: count, code, <c>[*]</c> when a fix applies, slug.</summary>
    private static void Statistics(TextWriter writer, LintResult result)
    {
        var rows = result.Diagnostics
            .GroupBy(d => d.Code)
            .Select(g => (Code: g.Key, g.First().Rule, Count: g.Count(), Fixable: g.Any(d => d.Fix is { Applicability: Applicability.Safe })))
            .OrderByDescending(r => r.Count)
            .ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
        var width = rows.Count == 0 ? 1 : rows.Max(r => r.Count).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        foreach (var row in rows)
        {
            writer.WriteLine($"{row.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width)}\t{row.Code}\t{(row.Fixable ? "[*]" : "   ")} {row.Rule}");
        }
    }

    private bool UseColor() => request.Color switch
    {
        "always" => true,
        "never" => false,
        "auto" => request.Output is null && io.UseColor,
        _ => throw new UsageException($"--color: '{request.Color}' is not auto, always or never"),
    };

    /// <summary>For <c>-</c>: the bytes of standard input and the path they stand for.</summary>
    private (IReadOnlyList<string> Paths, byte[]? Stdin) ReadStandardInput()
    {
        if (!request.Paths.Contains("-"))
        {
            if (request.StdinFilename is not null)
            {
                throw new UsageException("--stdin-filename goes with - (standard input)");
            }

            return (request.Paths, null);
        }

        if (request.Paths.Count > 1)
        {
            throw new UsageException("- (standard input) is the only PATH when it is given");
        }

        // Read no further than the limit: `conflint lint - < /dev/zero` ends with this error, not out of memory.
        var bytes = Workspace.RootedFileSystem.ReadBounded(io.Stdin, Workspace.RootedFileSystem.MaxFileSize)
            ?? throw new UsageException($"standard input is larger than {Workspace.RootedFileSystem.MaxFileSize / (1024 * 1024)} MiB");
        return ([request.StdinFilename ?? "-"], bytes);
    }
}
