using ConfLint.Reporting;
using ConfLint.Syntax;
using ConfLint.Text;
using ConfLint.Workspace;
using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli.Commands;

/// <summary><c>conflint parse FILE [--kind KIND] [--format json|source]</c>: the syntax tree of one file.</summary>
internal static class ParseCommand
{
    public static void Configure(CommandLineApplication command, CliIO io)
    {
        command.Description = "Print the syntax tree of one file (json), or the file re-emitted from its tree (source).";
        var file = command.Argument("FILE", "the file to parse");
        var kindOption = command.Option("--kind <KIND>", "nginx, apache, php-fpm, systemd, haproxy or tomcat (default: from the path and content)", CommandOptionType.SingleValue);
        var formatOption = command.Option("--format <FORMAT>", "json (default) or source", CommandOptionType.SingleValue);
        command.OnExecute(() => Run(io, file.Value, kindOption.Value(), formatOption.Value() ?? "json"));
    }

    private static int Run(CliIO io, string? path, string? kindName, string format)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new UsageException("parse needs a FILE");
        }

        if (!Formats.Parse.TryGet(format, out var output))
        {
            throw new UsageException(Formats.Parse.Unknown(format));
        }

        var fullPath = Path.GetFullPath(path, io.WorkingDirectory);
        if (Directory.Exists(fullPath))
        {
            throw new UsageException($"cannot parse '{path}': it is a folder (parse reads one file; use lint for folders)");
        }

        byte[] bytes;
        try
        {
            bytes = RootedFileSystem.ReadNamedFile(fullPath, RootedFileSystem.MaxFileSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{path}': {Describe(e)}");
        }

        ConfigKind kind;
        if (kindName is not null)
        {
            if (!ConfigKinds.TryParse(kindName, out kind))
            {
                throw new UsageException($"unknown kind '{kindName}': expected nginx, apache, php-fpm, systemd, haproxy or tomcat");
            }
        }
        else
        {
            kind = KindDetector.Detect(fullPath, () => HeadOf(bytes))
                ?? throw new UsageException($"cannot tell what kind of file '{path}' is: pass --kind nginx|apache|php-fpm|systemd|haproxy|tomcat");
        }

        var source = SourceText.FromBytes(path, bytes);
        var result = ConfigParser.Parse(source, kind);
        if (result.Error is { } error)
        {
            io.Err.WriteLine(error.ToString());
            return ExitCodes.Findings;
        }

        io.Out.Flush();
        output.Write(io.Stdout, result.Tree!);

        return ExitCodes.Clean;
    }

    private static string HeadOf(byte[] bytes) =>
        System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 4096));

    internal static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };
}
