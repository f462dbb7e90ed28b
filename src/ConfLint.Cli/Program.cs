using ConfLint.Cli;

return ConfLintCli.Run(args, CliIO.FromConsole());
