namespace ConfLint.Cli;

/// <summary>The tool's version: the project's <c>Version</c>, written into <c>Version.g.cs</c> by the build.</summary>
internal static partial class Version
{
    public static string Text => Number;
}
