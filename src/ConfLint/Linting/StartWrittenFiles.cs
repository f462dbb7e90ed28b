using ConfLint.Diagnostics;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Linting;

/// <summary>
/// What the guards of files a container's start writes again have in common (<see cref="RenderedFiles"/>: the nginx
/// image's templates rendered; <see cref="VolumeFiles"/>: a named volume's files): which files of the workspaces are
/// such files, and a fix with an edit in one of them made advice only, retitled to say why.
/// </summary>
internal static class StartWrittenFiles
{
    /// <summary>The files of <paramref name="workspaces"/> that <paramref name="describe"/> says something of, by id, with
    /// what it says; null where it says nothing of any.</summary>
    public static Dictionary<FileId, T>? Collect<T>(IReadOnlyList<ConfigWorkspace> workspaces, Func<ConfigFile, T?> describe)
        where T : class
    {
        Dictionary<FileId, T>? found = null;
        foreach (var workspace in workspaces)
        {
            foreach (var file in workspace.Files)
            {
                if (describe(file) is { } said)
                {
                    (found ??= [])[file.Id] = said;
                }
            }
        }

        return found;
    }

    /// <summary>The finding with its fix made display-only and retitled (<paramref name="title"/>) where one of its edits
    /// lies in <paramref name="files"/> and <paramref name="done"/> does not say the guard has already been there.</summary>
    public static Diagnostic AdviceOnly<T>(Diagnostic diagnostic, Dictionary<FileId, T> files, Func<Fix, bool> done, Func<Fix, T, string> title)
        where T : class
    {
        if (diagnostic.Fix is not { Edits.Count: > 0 } fix || done(fix))
        {
            return diagnostic;
        }

        foreach (var edit in fix.Edits)
        {
            if (files.TryGetValue(edit.File, out var said))
            {
                return diagnostic with { Fix = fix with { Applicability = Applicability.DisplayOnly, Title = title(fix, said) } };
            }
        }

        return diagnostic;
    }
}
