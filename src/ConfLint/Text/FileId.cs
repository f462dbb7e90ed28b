namespace ConfLint.Text;

/// <summary>
/// Which file: the server path of the file itself (links followed: the file an edit writes) and the path reports
/// name it by. One value carried from the loader through diagnostics, edits, the fix engine and suppressions, so
/// that nothing looks a file up again by a path string.
/// </summary>
/// <param name="Path">The server path with links followed (<c>/etc/nginx/sites-available/shop</c>); without a root, a host path.</param>
/// <param name="Display">As reports name it: relative to <c>--root</c>, or as named (<c>etc/nginx/sites-enabled/shop</c>).</param>
public sealed record FileId(string Path, string Display)
{
    /// <summary>A file known by one name only: a text in a test, a file given to <c>parse</c>.</summary>
    public static FileId Named(string path) => new(path, path);

    public override string ToString() => Display;
}
