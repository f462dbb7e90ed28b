namespace ConfLint.Io;

/// <summary>Points where a test can step into a write (to make a rename fail, or to stop as a crash would).</summary>
public sealed record WriteHooks
{
    /// <summary>Called with a file's display path once its temporary file and backup are on disk.</summary>
    public Action<string>? AfterTemporary { get; init; }

    /// <summary>Called with a file's display path before it is renamed into place.</summary>
    public Action<string>? BeforeRename { get; init; }

    /// <summary>Called with the number of files renamed so far, after each rename.</summary>
    public Action<int>? AfterRename { get; init; }
}
