using ConfLint.Text;

namespace ConfLint.Fixing;

/// <summary>One file a fix run changes: its text before (null for a new file) and after, and which codes changed which part.</summary>
public sealed class FileChange
{
    internal FileChange(FileId file, string hostPath, string displayPath, string? original, string updated, System.Text.Encoding encoding)
    {
        File = file;
        HostPath = hostPath;
        DisplayPath = displayPath;
        Original = original;
        Updated = updated;
        Encoding = encoding;
    }

    internal FileChange(string serverPath, string hostPath, string displayPath, string? original, string updated, System.Text.Encoding encoding)
        : this(new FileId(serverPath, displayPath), hostPath, displayPath, original, updated, encoding)
    {
    }

    /// <summary>The file the fixes' edits address.</summary>
    public FileId File { get; }

    /// <summary>The server path the change writes (links followed): <c>/etc/nginx/sites-available/shop</c>.</summary>
    public string ServerPath => File.Path;

    /// <summary>Where it is on this machine (below the root).</summary>
    public string HostPath { get; }

    /// <summary>As the diff names it: the written file, relative to the root.</summary>
    public string DisplayPath { get; }

    /// <summary>The text before, or null when the fix creates the file.</summary>
    public string? Original { get; }

    public string Updated { get; internal set; }

    public System.Text.Encoding Encoding { get; }

    public bool IsNew => Original is null;

    /// <summary>The regions of <see cref="Updated"/> that fixes wrote, with the code of each.</summary>
    public List<(int Start, int End, string Code)> Regions { get; } = [];

    public byte[] UpdatedBytes => Encoding.GetBytes(Updated);
}
