using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Syntax;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Fixing;

/// <summary>
/// Applies fixes in rounds, in memory: lint, take every applicable fix whose edits do not overlap an edit
/// already taken (the later one waits for the next round), check that each file still parses and that the
/// directive tables accept the result (<see cref="TableCheck"/>: a fix after which CL000 refuses something it did
/// not refuse before is rejected like one that breaks the syntax), apply, and lint again, until nothing changes or
/// <see cref="MaxRounds"/> rounds pass. Nothing is written here.
/// </summary>
public static class FixEngine
{
    public const int MaxRounds = 10;

    public static FixOutcome Run(IReadOnlyList<LoadOptions> loads, ConfLintConfig config, RuleSelection selection, bool unsafeFixes)
    {
        var changes = new List<FileChange>();
        var rejected = new List<string>();
        var notConverged = new HashSet<string>(StringComparer.Ordinal);
        var fixedCount = 0;
        LintResult? before = null;
        LintResult? after = null;
        foreach (var load in loads)
        {
            var overlay = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var byFile = new Dictionary<FileId, FileChange>();
            ConfigWorkspace workspace = WorkspaceLoader.Load(load);
            for (var round = 1; ; round++)
            {
                var result = Linter.Run(workspace, config, selection);
                if (round == 1)
                {
                    before = before is null ? result : Merge(before, result);
                }

                // The last lint of a load is what remains after its fixes: no need to lint it again.
                var taken = Plan(workspace, result, unsafeFixes, rejected);
                var checkedResult = taken.Count > 0 && round <= MaxRounds
                    ? TableCheck.Filter(workspace, load, overlay, config, taken, rejected)
                    : ((List<(Diagnostic Diagnostic, Fix Fix)> Accepted, ConfigWorkspace? Loaded)?)null;
                if (checkedResult is not null)
                {
                    taken = checkedResult.Value.Accepted;
                }

                if (taken.Count == 0 || round > MaxRounds)
                {
                    notConverged.UnionWith(taken.Select(t => t.Diagnostic.Code));
                    after = after is null ? result : Merge(after, result);
                    break;
                }

                fixedCount += taken.Count;
                Apply(workspace, taken, overlay, byFile, load.DisplayPrefix);

                // The table check loaded the tree with exactly these fixes applied: the next round starts from it.
                workspace = checkedResult?.Loaded ?? WorkspaceLoader.Load(load with { Overlay = overlay });
            }

            changes.AddRange(byFile.Values.Where(c => c.Original != c.Updated).OrderBy(c => c.DisplayPath, StringComparer.Ordinal));
        }

        after ??= new LintResult([], [], [], []);
        return new FixOutcome
        {
            Before = before ?? after,
            After = after,
            Changes = changes,
            Fixed = fixedCount,
            NotConverged = notConverged.Order(StringComparer.Ordinal).ToList(),
            Rejected = rejected,
        };
    }

    private static LintResult Merge(LintResult a, LintResult b) =>
        new([.. a.Workspaces, .. b.Workspaces], [.. a.Hosts, .. b.Hosts], [.. a.Diagnostics, .. b.Diagnostics], [.. a.Notes, .. b.Notes]);

    /// <summary>The fixes of this round: applicable, not overlapping one another, each leaving its files parseable.</summary>
    private static List<(Diagnostic Diagnostic, Fix Fix)> Plan(ConfigWorkspace workspace, LintResult result, bool unsafeFixes, List<string> rejected)
    {
        var taken = new List<(Diagnostic, Fix)>();
        var claimed = new Dictionary<FileId, List<FileEdit>>();
        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Fix is not { } fix || fix.Applicability == Applicability.DisplayOnly || (fix.Applicability == Applicability.Unsafe && !unsafeFixes) || fix.Edits.Count == 0)
            {
                continue;
            }

            if (fix.Edits.Any(e => claimed.TryGetValue(e.File, out var edits) && edits.Any(e.ConflictsWith)))
            {
                continue;
            }

            if (BreaksSyntax(workspace, fix) is { } problem)
            {
                rejected.Add($"{diagnostic.Location}: the fix for {diagnostic.Code} ({fix.Title}) was not applied: it would leave {problem}");
                continue;
            }

            taken.Add((diagnostic, fix));
            foreach (var edit in fix.Edits)
            {
                (claimed.TryGetValue(edit.File, out var edits) ? edits : claimed[edit.File] = []).Add(edit);
            }
        }

        return taken;
    }

    /// <summary>Why a fix's edits would leave a file that does not parse, or null.</summary>
    private static string? BreaksSyntax(ConfigWorkspace workspace, Fix fix)
    {
        foreach (var group in fix.Edits.GroupBy(e => e.File))
        {
            var (source, kind) = SourceOf(workspace, group.First());
            if (kind is null)
            {
                continue;
            }

            string text;
            try
            {
                text = TextEdit.Apply(source?.Text ?? string.Empty, group.Select(e => e.Edit));
            }
            catch (InvalidOperationException e)
            {
                return $"{group.Key} with edits that collide ({e.Message})";
            }

            var parsed = ConfigParser.Parse(new SourceText(group.Key, text, source?.Encoding), kind.Value);
            if (parsed.Error is { } error)
            {
                return $"a syntax error: {error}";
            }
        }

        return null;
    }

    private static (SourceText? Source, ConfigKind? Kind) SourceOf(ConfigWorkspace workspace, FileEdit edit)
    {
        if (edit.CreatesFile)
        {
            return (null, KindDetector.Detect(edit.File.Path));
        }

        var file = workspace.FileOf(edit.File);
        return (file?.Source, file?.Kind);
    }

    private static void Apply(ConfigWorkspace workspace, List<(Diagnostic Diagnostic, Fix Fix)> taken, Dictionary<string, byte[]> overlay, Dictionary<FileId, FileChange> byFile, string displayPrefix)
    {
        var edits = taken.SelectMany(t => t.Fix.Edits.Select(e => (t.Diagnostic.Code, Edit: e))).GroupBy(x => x.Edit.File);
        foreach (var group in edits)
        {
            var id = group.Key;
            if (!byFile.TryGetValue(id, out var change))
            {
                var fs = workspace.FileSystem;
                SourceText? source = null;
                if (!group.First().Edit.CreatesFile && !TryRead(workspace, id, out source))
                {
                    continue;
                }

                // The diff names the file written (a link's target), relative to the root.
                var display = fs.Root is not null ? displayPrefix + fs.DisplayPath(id.Path) : id.Display;
                change = new FileChange(id, fs.ToHostPath(id.Path), display, source?.Text, source?.Text ?? string.Empty, source?.Encoding ?? new System.Text.UTF8Encoding(false));
                byFile[id] = change;
            }

            var ordered = group.OrderBy(x => x.Edit.Edit.Span.Start).ToList();
            change.Updated = TextEdit.Apply(change.Updated, ordered.Select(x => x.Edit.Edit));
            Track(change, ordered);
            overlay[id.Path] = change.UpdatedBytes;
        }
    }

    /// <summary>The text a fix edits: the loaded configuration file's, or, for a back end's own file that is no configuration
    /// of a kind ConfLint parses (<c>/etc/default/pveproxy</c>, read through <c>HostFiles</c>), the file as it is under the
    /// root; null for a file that is not there (the edits make it). False where the file is there and cannot be read: then
    /// nothing is written to it.</summary>
    internal static bool TryRead(ConfigWorkspace workspace, FileId id, out SourceText? source)
    {
        source = workspace.FileOf(id)?.Source;
        if (source is not null || !workspace.FileSystem.FileExists(id.Path))
        {
            return true;
        }

        try
        {
            source = workspace.FileSystem.ReadSourceText(id.Path, id.Display);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Moves the recorded regions past this round's edits and records the new ones.</summary>
    private static void Track(FileChange change, List<(string Code, FileEdit Edit)> edits)
    {
        var shift = 0;
        var regions = change.Regions;
        foreach (var (code, fileEdit) in edits)
        {
            var edit = fileEdit.Edit;
            var start = edit.Span.Start + shift;
            var delta = edit.NewText.Length - edit.Span.Length;
            for (var i = 0; i < regions.Count; i++)
            {
                var (s, e, c) = regions[i];
                if (s >= start + edit.Span.Length)
                {
                    regions[i] = (s + delta, e + delta, c);
                }
                else if (e > start)
                {
                    regions[i] = (s, Math.Max(e + delta, start + edit.NewText.Length), c);
                }
            }

            regions.Add((start, start + edit.NewText.Length, code));
            shift += delta;
        }
    }
}
