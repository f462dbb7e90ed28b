using ConfLint.Cli.Commands;
using McMaster.Extensions.CommandLineUtils;

namespace ConfLint.Cli;

/// <summary>The <c>conflint</c> command line: builds the commands and maps every failure to an exit code.</summary>
public static class ConfLintCli
{
    public static int Run(string[] args, CliIO io)
    {
        var app = new CommandLineApplication
        {
            Name = "conflint",
            Description = "Finds the configuration mistakes behind 502 Bad Gateway across nginx, Apache, PHP-FPM and systemd, and fixes them.",
            Out = io.Out,
            Error = io.Err,
        };
        app.HelpOption(inherited: true);
        app.VersionOption("--version", () => Version.Text);
        app.Command("lint", command => LintCommand.Configure(Prepare(command, io), io));
        app.Command("fix", command => FixCommand.Configure(Prepare(command, io), io));
        app.Command("rules", command => RulesCommand.Configure(Prepare(command, io), io));
        app.Command("parse", command => ParseCommand.Configure(Prepare(command, io), io));
        app.OnExecute(() =>
        {
            app.ShowHelp();
            return ExitCodes.Error;
        });

        try
        {
            return Execute(app, args);
        }
        catch (CommandParsingException e)
        {
            io.Err.WriteLine($"conflint: {e.Message}");
            return ExitCodes.Error;
        }
        catch (UsageException e)
        {
            io.Err.WriteLine($"conflint: {e.Message}");
            return ExitCodes.Error;
        }
        catch (Exception e)
        {
            io.Err.WriteLine($"conflint: internal error: {e}");
            return ExitCodes.Error;
        }
        finally
        {
            io.Flush();
        }
    }

    /// <summary>
    /// Parses the arguments and runs the command they select. The library's <c>Execute</c> would also run its
    /// attribute validators, which build a <c>ValidationContext</c> by reflection (a trimming hazard in the native
    /// build); conflint declares no validators, so it parses and invokes the command itself.
    /// </summary>
    private static int Execute(CommandLineApplication app, string[] args)
    {
        var command = app.Parse(args).SelectedCommand;
        return command.IsShowingInformation ? ExitCodes.Clean : command.Invoke();
    }

    private static CommandLineApplication Prepare(CommandLineApplication command, CliIO io)
    {
        command.Out = io.Out;
        command.Error = io.Err;
        return command;
    }
}
