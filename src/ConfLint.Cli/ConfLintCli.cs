using ConfLint.Cli.Commands;
using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli;

/// <summary>The <c>conflint</c> command line: builds the commands and maps every failure to an exit code.</summary>
public static class ConfLintCli
{
    private static readonly (string Name, Action<CommandLineApplication, CliIO> Configure)[] Commands =
    [
        ("lint", LintCommand.Configure),
        ("fix", FixCommand.Configure),
        ("rules", RulesCommand.Configure),
        ("parse", ParseCommand.Configure),
    ];

    public static int Run(string[] args, CliIO io)
    {
        try
        {
            var code = RunCommand(args, io);
            io.Flush();
            return code;
        }
        catch (IOException e)
        {
            // Standard output full (ENOSPC) or failing, while the command wrote or at the end: said plainly, not as a crash.
            try
            {
                io.Err.WriteLine($"conflint: {e.Message}");
            }
            catch (IOException)
            {
                // Standard error is gone too: the exit code is all that is left to say it.
            }

            return ExitCodes.Error;
        }
    }

    private static int RunCommand(string[] args, CliIO io)
    {
        if (args is ["--version"])
        {
            // Answered before the parser and its commands are built (a third of what the native executable does for it).
            io.Out.WriteLine(Version.Text);
            return ExitCodes.Clean;
        }

        // The parser writes help and version here; on a parse error it also writes a hint of its own, which is
        // dropped: conflint's message says what was wrong and what was meant.
        var parserOut = new StringWriter { NewLine = "\n" };
        var app = new CommandLineApplication(new ParserConsole(parserOut, io.Err, io.IsTerminal))
        {
            Name = "conflint",
            Description = "Finds the configuration mistakes behind 502 Bad Gateway across nginx, Apache, PHP-FPM and systemd, and fixes them.",
            Out = parserOut,
            Error = io.Err,
        };
        app.HelpOption(inherited: true);
        app.VersionOption("--version", () => Version.Text);
        // A run that names its command gets only that command built: each one's parser and options cost a native
        // one-file lint half a millisecond. Anything else (help, a misspelt command) gets them all, to list or suggest.
        var named = args.Length > 0 && Array.Exists(Commands, c => c.Name == args[0]) ? args[0] : null;
        foreach (var (name, configure) in Commands)
        {
            if (named is null || named == name)
            {
                app.Command(name, command => configure(Prepare(command, parserOut, io), io));
            }
        }

        app.OnExecute(() =>
        {
            app.ShowHelp();
            return ExitCodes.Error;
        });

        try
        {
            return Execute(app, args, parserOut, io);
        }
        catch (CommandParsingException e)
        {
            io.Err.WriteLine($"conflint: {Unrecognized(e)}");
            return ExitCodes.Error;
        }
        catch (UsageException e)
        {
            io.Err.WriteLine($"conflint: {e.Message}");
            return ExitCodes.Error;
        }
        catch (Exception e) when (e is not OutputFailedException)
        {
            io.Err.WriteLine($"conflint: internal error: {e}");
            return ExitCodes.Error;
        }
    }

    /// <summary>
    /// Parses the arguments and runs the command they select. The library's <c>Execute</c> would also run its
    /// attribute validators, which build a <c>ValidationContext</c> by reflection (a trimming hazard in the native
    /// build); conflint declares no validators, so it parses and invokes the command itself.
    /// </summary>
    private static int Execute(CommandLineApplication app, string[] args, StringWriter parserOut, CliIO io)
    {
        var command = app.Parse(args).SelectedCommand;
        io.Out.Write(parserOut.ToString());
        parserOut.GetStringBuilder().Clear();
        if (command.IsShowingInformation)
        {
            return ExitCodes.Clean;
        }

        var code = command.Invoke();
        io.Out.Write(parserOut.ToString());
        return code;
    }

    /// <summary>The parser's complaint in conflint's words, with the nearest command or option: <c>unknown command 'lnt' (did you mean 'lint'?)</c>.</summary>
    private static string Unrecognized(CommandParsingException e)
    {
        var quoted = e.Message.IndexOf('\'', StringComparison.Ordinal);
        var token = quoted >= 0 && e.Message.LastIndexOf('\'') > quoted ? e.Message[(quoted + 1)..e.Message.LastIndexOf('\'')] : null;
        var command = e.Command;
        var where = command.Parent is null ? string.Empty : $" for {command.Name}";
        if (token is null)
        {
            return $"{e.Message} (conflint{(command.Parent is null ? string.Empty : " " + command.Name)} --help lists what it takes)";
        }

        if (token.StartsWith('-'))
        {
            var options = command.GetOptions().SelectMany(o => new[] { o.LongName is null ? null : "--" + o.LongName, o.ShortName is null ? null : "-" + o.ShortName }).OfType<string>();
            var hint = Suggestions.Closest(token.Split('=', 2)[0], options) is { } option ? $"; did you mean '{option}'?" : $"; `conflint{(command.Parent is null ? string.Empty : " " + command.Name)} --help` lists the options";
            return $"unknown option '{token}'{where}{hint}";
        }

        var commands = command.Commands.Select(c => c.Name).OfType<string>();
        var suggestion = Suggestions.Closest(token, commands) is { } name ? $"; did you mean '{name}'?" : "; the commands are " + string.Join(", ", commands);
        return $"unknown command '{token}'{suggestion}";
    }

    private static CommandLineApplication Prepare(CommandLineApplication command, TextWriter parserOut, CliIO io)
    {
        command.Out = parserOut;
        command.Error = io.Err;
        return command;
    }
}
