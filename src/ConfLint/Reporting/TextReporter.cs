using System.Globalization;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Text;

namespace ConfLint.Reporting;

/// <summary>
/// Findings as a compiler prints them: <c>path:line:col: warning CL005 [*] message</c> (<c>[*]</c>: a fix
/// <c>conflint fix</c> can apply exists), the source line with a caret underline, the related places in other files, the fix's title, and
/// a summary line (not with <c>--quiet</c>). Colour only when asked (<c>--color</c>, or a terminal without NO_COLOR).
/// What a tree wrote (paths, quoted values, source lines) is printed through <see cref="TerminalText"/>: the only
/// escape sequences in the report are the colours.
/// </summary>
public sealed class TextReporter(ReportSettings settings) : IReporter
{
    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Cyan = "\u001b[36m";
    private const string Blue = "\u001b[34m";
    private const string Dim = "\u001b[2m";
    private const int MaxSnippet = 400;
    private const int MaxMessage = 2000;

    /// <summary>Plain text, no colour, paths as they are: what <c>fix</c> prints on standard error.</summary>
    public TextReporter(bool color)
        : this(new ReportSettings { Color = color })
    {
    }

    public void Write(TextWriter writer, LintResult result) => Write(writer, result, unsafeFixes: false);

    /// <param name="unsafeFixes">Whether unsafe fixes count as fixable in the summary (<c>fix --unsafe-fixes</c>).</param>
    public void Write(TextWriter writer, LintResult result, bool unsafeFixes)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            WriteDiagnostic(writer, diagnostic);
        }

        if (!settings.Quiet)
        {
            foreach (var remark in result.Remarks)
            {
                writer.WriteLine($"{Paint(Cyan, "note:")} {TerminalText.Escape(remark)}");
            }

            writer.WriteLine(Summary(result, unsafeFixes));
        }
    }

    public void WriteDiagnostic(TextWriter writer, Diagnostic diagnostic)
    {
        var location = diagnostic.Location;
        var start = location.Start;
        var fixable = diagnostic.Fix is null or { Applicability: Applicability.DisplayOnly } ? string.Empty : " [*]";
        writer.WriteLine(
            $"{Paint(Bold, $"{Shown(settings.Display(location.Path))}:{start.Line}:{start.Column}:")} {Paint(SeverityColor(diagnostic.Severity), diagnostic.Severity.Name())} " +
            $"{Paint(Bold, diagnostic.Code)}{fixable} {Shown(diagnostic.Message)}");

        if (location.Source is { } source && start.Line <= source.LineCount)
        {
            WriteSnippet(writer, source, location.Span, start);
        }

        foreach (var related in diagnostic.Related)
        {
            var at = related.Location.Start;
            writer.WriteLine($"  {Paint(Cyan, "= note:")} {Shown(settings.Display(related.Location.Path))}:{at.Line}:{at.Column}: {Shown(related.Message)}");
        }

        if (diagnostic.Fix is { } fix)
        {
            var safety = fix.Applicability switch
            {
                Applicability.Unsafe => " (unsafe fix)",
                Applicability.DisplayOnly => " (advice: never applied automatically)",
                _ => string.Empty,
            };
            writer.WriteLine($"  {Paint(Cyan, "= help:")} {Shown(fix.Title)}{safety}");
        }

        writer.WriteLine();
    }

    private void WriteSnippet(TextWriter writer, SourceText source, TextSpan span, LinePosition start)
    {
        var line = source.GetLineText(start.Line);
        var number = start.Line.ToString(CultureInfo.InvariantCulture);
        var gutter = new string(' ', number.Length);
        var lineSpan = source.GetLineSpan(start.Line);
        var underlineStart = Math.Max(0, start.Column - 1);
        var underlineEnd = Math.Min(span.End, lineSpan.End) - lineSpan.Start;
        var width = Math.Max(1, underlineEnd - underlineStart);

        // A line longer than a screen is shown around the span, the underline at most a screen wide: a tree's one-line
        // file of 64 MiB makes a report of a few lines, not of 64 MiB twice.
        var prefix = string.Empty;
        var suffix = string.Empty;
        if (line.Length > MaxSnippet)
        {
            width = Math.Min(width, MaxSnippet / 2);
            var from = Math.Max(0, Math.Min(underlineStart, line.Length) - (MaxSnippet / 4));
            var to = Math.Min(line.Length, underlineStart + width + (MaxSnippet / 4));
            prefix = from > 0 ? "\u2026" : string.Empty;
            suffix = to < line.Length ? "\u2026" : string.Empty;
            line = line[from..to];
            underlineStart = underlineStart - from + prefix.Length;
        }

        // One character for one: the caret still points under the span.
        var lineText = prefix + TerminalText.Escape(line.Replace('\t', ' ')) + suffix;
        writer.WriteLine($"{Paint(Blue, gutter + " |")}");
        writer.WriteLine($"{Paint(Blue, number + " |")} {lineText}");
        writer.WriteLine($"{Paint(Blue, gutter + " |")} {new string(' ', underlineStart)}{Paint(Red, new string('^', width))}");
    }

    /// <summary>A message or path as shown: its control characters visible, and at most <see cref="MaxMessage"/>
    /// characters of it (a value a tree made huge is quoted in part).</summary>
    private static string Shown(string text)
    {
        var clipped = text.Length > MaxMessage ? $"{text[..MaxMessage]}\u2026 ({text.Length - MaxMessage} more characters)" : text;
        return TerminalText.Escape(clipped);
    }

    public static string Summary(LintResult result, bool unsafeFixes = false)
    {
        var files = result.Files.Count();
        var diagnostics = result.Diagnostics;
        if (diagnostics.Count == 0)
        {
            return $"No problems found in {files} {Plural(files, "file")}.";
        }

        // Plain loops: a LINQ chain here (Select over Where, Distinct) is a generic virtual call, which costs the native
        // executable its type loader's start on first use, a fifth of a millisecond.
        var counts = new List<string>(3);
        foreach (var severity in (ReadOnlySpan<Severity>)[Severity.Error, Severity.Warning, Severity.Info])
        {
            var count = 0;
            foreach (var diagnostic in diagnostics)
            {
                count += diagnostic.Severity == severity ? 1 : 0;
            }

            if (count > 0)
            {
                counts.Add($"{count} {Plural(count, severity.Name())}");
            }
        }

        int safe = 0, unsafeCount = 0;
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            safe += diagnostic.Fix is { Applicability: Applicability.Safe } ? 1 : 0;
            unsafeCount += diagnostic.Fix is { Applicability: Applicability.Unsafe } ? 1 : 0;
            paths.Add(diagnostic.Location.Path);
        }

        var fixable = unsafeFixes ? safe + unsafeCount : safe;
        var unsafeOnly = unsafeFixes ? 0 : unsafeCount;
        var fixText = fixable > 0 ? $"; {fixable} fixable with `conflint fix`" : string.Empty;
        var unsafeText = unsafeOnly > 0 ? $" ({unsafeOnly} more with `--unsafe-fixes`)" : string.Empty;
        var affected = paths.Count;

        // A file the findings name but no workspace read (one whose kind could not be told, a missing include) is one
        // of the files looked at all the same: never "in 1 of 0 files".
        foreach (var file in result.Files)
        {
            paths.Remove(file.DisplayPath);
        }

        files += paths.Count;
        return $"Found {diagnostics.Count} {Plural(diagnostics.Count, "problem")} ({string.Join(", ", counts)}) in {affected} of {files} {Plural(files, "file")}{fixText}{unsafeText}.";
    }

    private static string Plural(int count, string word) => count == 1 ? word : word + "s";

    private static string SeverityColor(Severity severity) => severity switch
    {
        Severity.Error => Red,
        Severity.Warning => Yellow,
        _ => Dim,
    };

    private string Paint(string code, string text) => settings.Color ? code + text + Reset : text;
}
