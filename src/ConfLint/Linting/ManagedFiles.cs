using ConfLint.Diagnostics;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Linting;

/// <summary>
/// The one place where a fix's applicability meets the files it edits: a fix with an edit in a file another tool
/// rewrites (<see cref="ManagedHeader"/>) is unsafe whatever its rule said, since the tool's next run undoes it, and its
/// title says which tool owns the file and where the lasting change belongs. A header that only says where the file came
/// from, once (<see cref="ManagedHeader.OneTime"/>), leaves the fix as it was (a note says so). A fix with an edit in a
/// package's tree (<see cref="PackageTree"/>: <c>/usr</c> less <c>/usr/local</c>, <c>/lib</c>) is unsafe the same way, since
/// the package's next upgrade puts the file back, and its title says where the lasting change goes (a copy under the
/// daemon's configuration folder, a drop-in for a unit). Every rule's fixes pass through here (<see cref="Linter"/>), so
/// that no rule has to know.
/// </summary>
public static class ManagedFiles
{
    /// <summary>The findings with the fixes into managed files made unsafe and retitled; a note for each (shown with --verbose).</summary>
    public static List<Diagnostic> Guard(IReadOnlyList<ConfigWorkspace> workspaces, List<Diagnostic> diagnostics, List<string> notes)
    {
        var headers = new Dictionary<FileId, ManagedHeader?>();
        for (var i = 0; i < diagnostics.Count; i++)
        {
            var diagnostic = diagnostics[i];
            if (diagnostic.Fix is not { Edits.Count: > 0 } fix)
            {
                continue;
            }

            // A loop over the edits, not a chain of Select on LINQ iterators (generic virtual calls, see UnitResolver.Units).
            FileId? file = null;
            ManagedHeader? header = null;
            FileId? notedFile = null;
            ManagedHeader? noted = null;
            FileEdit? packaged = null;
            foreach (var edit in fix.Edits)
            {
                if (packaged is null && PackageTree.Holds(edit.File.Path))
                {
                    packaged = edit;
                }

                if (!edit.CreatesFile && HeaderOf(workspaces, edit.File, headers) is { } fileHeader)
                {
                    // A note of where the file came from, once (generated from a template by hand, written by the
                    // installer): no tool reruns it, so the edit lasts; said with --verbose.
                    if (fileHeader.OneTime)
                    {
                        if (noted is null)
                        {
                            (notedFile, noted) = (edit.File, fileHeader);
                        }

                        continue;
                    }

                    (file, header) = (edit.File, fileHeader);
                    break;
                }
            }

            if ((file is null || header is null) && packaged is not null)
            {
                diagnostics[i] = InPackageTree(workspaces, diagnostic, fix, packaged, notes);
                continue;
            }

            if (file is null || header is null)
            {
                if (notedFile is not null && noted is not null)
                {
                    notes.Add($"{diagnostic.Location}: {notedFile.Display} says \"{noted.Phrase}\" (line {noted.Line}): where it came from, once; nothing it names rewrites it, so the fix for {diagnostic.Code} stays {(fix.Applicability == Applicability.Safe ? "safe" : "as it was")}");
                }

                continue;
            }

            var why = $"{file.Display} says \"{header.Phrase}\" (line {header.Line}), so {header.OwnerName} rewrites it";
            var applicability = fix.Applicability == Applicability.Safe ? Applicability.Unsafe : fix.Applicability;
            diagnostics[i] = diagnostic with
            {
                Fix = fix with { Title = $"{fix.Title} (unsafe: {why}: make the lasting change in {header.Where})", Applicability = applicability },
            };
            notes.Add(fix.Applicability == Applicability.Safe
                ? $"{diagnostic.Location}: the fix for {diagnostic.Code} is unsafe, not safe: {why}"
                : $"{diagnostic.Location}: the fix for {diagnostic.Code} edits a file another tool rewrites: {why}");
        }

        return diagnostics;
    }

    /// <summary>The finding with its fix made unsafe (or left as it was, if not safe) and retitled: the edit lands in a
    /// package's file, which the package's next upgrade puts back.</summary>
    private static Diagnostic InPackageTree(IReadOnlyList<ConfigWorkspace> workspaces, Diagnostic diagnostic, Fix fix, FileEdit edit, List<string> notes)
    {
        ConfigFile? file = null;
        foreach (var workspace in workspaces)
        {
            if (workspace.FileOf(edit.File) is { } found)
            {
                file = found;
                break;
            }
        }

        var kind = file?.Kind ?? KindDetector.Detect(edit.File.Path);
        var why = PackageTree.Why(edit.File.Path, edit.File.Display);
        var where = PackageTree.Where(kind, edit.File.Path, file?.Prefix);
        notes.Add(fix.Applicability == Applicability.Safe
            ? $"{diagnostic.Location}: the fix for {diagnostic.Code} is unsafe, not safe: {why}"
            : $"{diagnostic.Location}: the fix for {diagnostic.Code} edits a package's file: {why}");
        return diagnostic with
        {
            Fix = fix with
            {
                Title = $"{fix.Title} (unsafe: {why}; {where})",
                Applicability = fix.Applicability == Applicability.Safe ? Applicability.Unsafe : fix.Applicability,
            },
        };
    }

    private static ManagedHeader? HeaderOf(IReadOnlyList<ConfigWorkspace> workspaces, FileId file, Dictionary<FileId, ManagedHeader?> headers)
    {
        if (!headers.TryGetValue(file, out var header))
        {
            // Only the head of the file: the whole text of each file a fix edits, made as a string (and kept by the source
            // beside its bytes), was 80 MB more on a tree of 2,000 sites with a fix each.
            var source = workspaces.Select(w => w.FileOf(file)?.Source).FirstOrDefault(t => t is not null);
            header = headers[file] = ManagedHeader.Detect(source is null ? null : Head(source));
        }

        return header;
    }

    /// <summary>The file's leading lines up to and including the first that is neither blank nor a comment (at most
    /// <see cref="ManagedHeader.MaxLines"/>), each at most <see cref="ManagedHeader.MaxHeadLength"/> characters: what
    /// <see cref="ManagedHeader.Detect"/> reads, without making the whole file a string.</summary>
    private static string Head(SourceText source)
    {
        var lines = new List<string>();
        for (var i = 1; i <= Math.Min(source.LineCount, ManagedHeader.MaxLines); i++)
        {
            var span = source.GetLineSpan(i); // 1-based
            var line = source.ToString(new TextSpan(span.Start, Math.Min(span.Length, ManagedHeader.MaxHeadLength)));
            lines.Add(line);
            var trimmed = line.TrimStart();
            if (trimmed.Length > 0 && !(i == 1 && trimmed.StartsWith("<?", StringComparison.Ordinal)) && !ManagedHeader.IsCommentLine(trimmed))
            {
                break;
            }
        }

        return string.Join('\n', lines);
    }
}
