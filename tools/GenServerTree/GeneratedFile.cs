namespace ConfLint.Tools.GenServerTree;

/// <summary>One generated file: its path relative to the server root (forward slashes) and its text (LF).</summary>
public sealed record GeneratedFile(string Path, string Text);
