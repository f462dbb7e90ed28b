using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Cli;

/// <summary>The command-line habits of ruff and hadolint the contract adopts: output, exit, statistics, quiet, standard
/// input, did-you-mean, colour, and the CI formats naming files of the repository.</summary>
public class HabitsTests
{
    private const string Demo = "fixtures/demo";

    [Fact]
    public void Version_is_the_version_the_tool_is_built_as()
    {
        // The build writes the number as a constant; it must stay the project's version, which .NET also stamps on the assembly.
        var stamped = typeof(ConfLint.Cli.ConfLintCli).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion.Split('+')[0];
        var output = CliRunner.Run("--version");
        Assert.Equal(0, output.ExitCode);
        Assert.Equal(stamped, output.Stdout.Trim());
    }

    [Fact]
    public void A_standard_output_that_refuses_writes_is_an_error_said_plainly()
    {
        // In process: the stream's failure reaches the command line's own handling.
        var stderr = new StringWriter { NewLine = "\n" };
        var io = new ConfLint.Cli.CliIO(new RefusingStream(), stderr, isTerminal: false, Repository.Root);
        Assert.Equal(2, ConfLint.Cli.ConfLintCli.Run(["lint", "--root", Demo], io));
        Assert.Equal("conflint: cannot write to standard output: No space left on device\n", stderr.ToString());

        // As a process, through the executable's own standard output (the native one where CI names it): /dev/full
        // answers every write with ENOSPC. A crash would exit 134 with a stack trace.
        var executable = CliRunner.Binary ?? "dotnet";
        var start = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardError = true, WorkingDirectory = Repository.Root };
        foreach (var argument in new[] { "-c", "exec \"$@\" > /dev/full", "sh", executable })
        {
            start.ArgumentList.Add(argument);
        }

        if (CliRunner.Binary is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "conflint.dll"));
        }

        start.ArgumentList.Add("--version");
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("conflint: cannot write to standard output: No space left on device\n", error);
    }

    [Fact]
    public void The_summary_counts_a_named_file_whose_kind_it_could_not_tell_among_the_files_looked_at()
    {
        // The file is named and judged (CL000), so it is one of the files looked at: never "in 1 of 0 files".
        using var tree = new TempTree().Write("notes.conf", "").Write("site/nginx/conf.d/a.conf", "server { listen 80; }\n");
        var alone = CliRunner.RunIn(tree.Root, "lint", "notes.conf");
        Assert.Equal(1, alone.ExitCode);
        Assert.EndsWith("Found 1 problem (1 error) in 1 of 1 file.\n", alone.Stdout, StringComparison.Ordinal);

        var beside = CliRunner.RunIn(tree.Root, "lint", "notes.conf", "site/nginx/conf.d/a.conf");
        Assert.EndsWith("Found 1 problem (1 error) in 1 of 2 files.\n", beside.Stdout, StringComparison.Ordinal);
    }

    private sealed class RefusingStream : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw new ConfLint.Cli.OutputFailedException("cannot write to standard output: No space left on device");

        public override void Write(ReadOnlySpan<byte> buffer) => throw new ConfLint.Cli.OutputFailedException("cannot write to standard output: No space left on device");
    }

    [Fact]
    public void Output_writes_the_report_to_a_file_and_nothing_to_standard_output()
    {
        using var tree = new TempTree();
        var file = tree.Path("report.json");
        var output = CliRunner.Run("lint", "--root", Demo, "--format", "json", "--output", file);
        Assert.Equal(1, output.ExitCode);
        Assert.Equal(string.Empty, output.Stdout);
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(9, json.RootElement.GetProperty("diagnostics").GetArrayLength());
        Assert.Equal(CliRunner.Run("lint", "--root", Demo, "--format", "json").Stdout, File.ReadAllText(file));
    }

    [Fact]
    public void Exit_zero_turns_findings_into_success_but_not_usage_errors()
    {
        var output = CliRunner.Run("lint", "--root", Demo, "--exit-zero");
        Assert.Equal(0, output.ExitCode);
        Assert.Contains("Found 9 problems", output.Stdout);
        Assert.Equal(2, CliRunner.Run("lint", "--root", "fixtures/nope", "--exit-zero").ExitCode);
    }

    [Fact]
    public void Statistics_count_each_code()
    {
        var output = CliRunner.Run("lint", "--root", Demo, "--statistics");
        Assert.Equal(1, output.ExitCode);
        var lines = output.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("2\tCL005\t[*] small-proxy-buffer", lines[0]);
        Assert.Equal("1\tCL004\t    proxy-hostname-without-resolver", lines.Single(l => l.Contains("CL004")));
        Assert.Equal(9, lines.Where(l => l.Contains('\t')).Sum(l => int.Parse(l.Split('\t')[0])));
        Assert.StartsWith("Found 9 problems", lines[^1]);
        Assert.DoesNotContain("^^^", output.Stdout);

        // With a machine format the report stays whole; the statistics go to standard error.
        var json = CliRunner.Run("lint", "--root", Demo, "--statistics", "--format", "json");
        JsonDocument.Parse(json.Stdout).Dispose();
        Assert.Contains("\tCL005\t", json.Stderr);
    }

    [Fact]
    public void Quiet_prints_the_findings_without_the_summary()
    {
        var loud = CliRunner.Run("lint", "--root", Demo);
        var quiet = CliRunner.Run("lint", "--root", Demo, "--quiet");
        Assert.Equal(1, quiet.ExitCode);
        Assert.Contains("Found 9 problems", loud.Stdout);
        Assert.DoesNotContain("Found", quiet.Stdout);
        Assert.Equal(loud.Stdout[..loud.Stdout.IndexOf("Found", StringComparison.Ordinal)], quiet.Stdout);
        Assert.Equal(string.Empty, CliRunner.Run("lint", "--root", Repository.Fixture("CL001", "good-matching-socket"), "--select", "CL001", "-q").Stdout);
    }

    [Fact]
    public void Standard_input_is_linted_as_the_file_it_names_within_its_host()
    {
        using var repo = new TempTree();
        Directory.CreateDirectory(repo.Path(".git"));
        repo.CopyFrom(Repository.Fixture("demo"));
        var name = "etc/nginx/sites-enabled/shop.conf";
        var edited = File.ReadAllText(repo.Path(name)).Replace("php8.1-fpm.sock", "php8.2-fpm.sock");

        // The disk's shop.conf has CL001; the text on standard input, in its place, has not.
        var onDisk = CliRunner.RunIn(repo.Root, "lint", name, "--select", "CL001");
        Assert.Equal(1, onDisk.ExitCode);
        Assert.Contains($"{name}:16:22: error CL001", onDisk.Stdout);
        var piped = CliRunner.RunWith(repo.Root, Encoding.UTF8.GetBytes(edited), null, ["lint", "-", "--stdin-filename", name, "--select", "CL001"]);
        Assert.Equal(0, piped.ExitCode);
        Assert.Contains("No problems found", piped.Stdout);

        // A broken text on standard input is CL000 at its own line, named as --stdin-filename says.
        var broken = CliRunner.RunWith(repo.Root, Encoding.UTF8.GetBytes("server {\n    listen 80\n}\n"), null, ["lint", "-", "--stdin-filename", name]);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains($"{name}:3:1: error CL000", broken.Stdout);

        // Without a name, the content says the kind.
        var anonymous = CliRunner.RunWith(repo.Root, Encoding.UTF8.GetBytes("[www]\nuser = www-data\nlisten = /run/php/x.sock\npm = dynamic\n#x\n"), null, ["lint", "-"]);
        Assert.Contains("-:5:1: error CL000", anonymous.Stdout);
        Assert.Equal(2, CliRunner.Run("lint", "--stdin-filename", name).ExitCode);
        Assert.Equal(2, CliRunner.Run("lint", "-", Demo).ExitCode);
    }

    [Theory]
    [InlineData(new[] { "lnt" }, "conflint: unknown command 'lnt'; did you mean 'lint'?\n")]
    [InlineData(new[] { "rule" }, "conflint: unknown command 'rule'; did you mean 'rules'?\n")]
    [InlineData(new[] { "lint", "--formt", "json" }, "conflint: unknown option '--formt' for lint; did you mean '--format'?\n")]
    [InlineData(new[] { "fix", "--dryrun" }, "conflint: unknown option '--dryrun' for fix; did you mean '--dry-run'?\n")]
    [InlineData(new[] { "frobnicate" }, "conflint: unknown command 'frobnicate'; the commands are lint, fix, rules, parse\n")]
    public void Unknown_commands_and_options_get_the_nearest_name(string[] args, string message)
    {
        var output = CliRunner.Run(args);
        Assert.Equal(2, output.ExitCode);
        Assert.Equal(message, output.Stderr);
        Assert.Equal(string.Empty, output.Stdout);
    }

    [Fact]
    public void Colour_follows_color_NO_COLOR_and_TERM()
    {
        const string Escape = "\u001b[";
        string[] lint = ["lint", "--root", Demo];
        Assert.Contains(Escape, CliRunner.RunWith(Repository.Root, null, null, lint, terminal: true).Stdout);
        Assert.DoesNotContain(Escape, CliRunner.RunWith(Repository.Root, null, new Dictionary<string, string> { ["NO_COLOR"] = "1" }, lint, terminal: true).Stdout);
        Assert.DoesNotContain(Escape, CliRunner.RunWith(Repository.Root, null, new Dictionary<string, string> { ["TERM"] = "dumb" }, lint, terminal: true).Stdout);
        Assert.DoesNotContain(Escape, CliRunner.RunWith(Repository.Root, null, null, [.. lint, "--color", "never"], terminal: true).Stdout);
        Assert.DoesNotContain(Escape, CliRunner.Run(lint).Stdout);
        Assert.Contains(Escape, CliRunner.Run([.. lint, "--color", "always"]).Stdout);
        Assert.Equal(2, CliRunner.Run([.. lint, "--color", "sometimes"]).ExitCode);
    }

    [Fact]
    public void Ci_formats_name_files_of_the_repository_and_json_names_the_root()
    {
        var text = CliRunner.Run("lint", "--root", Demo);
        Assert.Contains("fixtures/demo/etc/nginx/sites-enabled/shop.conf:16:22: error CL001", text.Stdout);
        Assert.Contains("= note: fixtures/demo/etc/php/8.2/fpm/pool.d/www.conf:6:10:", text.Stdout);

        var github = CliRunner.Run("lint", "--root", Demo, "--format", "github").Stdout.Split('\n').Where(l => l.StartsWith("::", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, github.Count);
        foreach (var line in github)
        {
            var file = line[(line.IndexOf("file=", StringComparison.Ordinal) + 5)..line.IndexOf(",line=", StringComparison.Ordinal)];
            Assert.True(File.Exists(Path.Combine(Repository.Root, file)), line);
        }

        using var gitlab = JsonDocument.Parse(CliRunner.Run("lint", "--root", Demo, "--format", "gitlab").Stdout);
        var issues = gitlab.RootElement.EnumerateArray().ToList();
        Assert.Equal(9, issues.Count);
        var cl001 = issues.Single(i => i.GetProperty("check_name").GetString() == "CL001 backend-endpoint-mismatch");
        Assert.Equal("fixtures/demo/etc/nginx/sites-enabled/shop.conf", cl001.GetProperty("location").GetProperty("path").GetString());
        Assert.Equal(16, cl001.GetProperty("location").GetProperty("lines").GetProperty("begin").GetInt32());
        Assert.Equal("major", cl001.GetProperty("severity").GetString());
        Assert.Equal(9, issues.Select(i => i.GetProperty("fingerprint").GetString()).Distinct().Count());
        Assert.All(issues, i => Assert.True(File.Exists(Path.Combine(Repository.Root, i.GetProperty("location").GetProperty("path").GetString()!))));

        var junit = XDocument.Parse(CliRunner.Run("lint", "--root", Demo, "--format", "junit").Stdout);
        Assert.Equal("9", junit.Root!.Attribute("failures")!.Value);
        var failures = junit.Descendants("testcase").Where(t => t.Element("failure") is not null).ToList();
        Assert.Equal(9, failures.Count);
        Assert.All(failures, t => Assert.True(File.Exists(Path.Combine(Repository.Root, t.Attribute("file")!.Value))));
        Assert.Contains(junit.Descendants("testcase"), t => t.Element("failure") is null && t.Attribute("file")!.Value == "fixtures/demo/etc/nginx/nginx.conf");

        // JSON keeps paths below the root and says which root.
        using var json = JsonDocument.Parse(CliRunner.Run("lint", "--root", Demo, "--format", "json").Stdout);
        Assert.Equal(Demo, json.RootElement.GetProperty("root").GetString());
        Assert.Contains(json.RootElement.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("path").GetString() == "etc/nginx/sites-enabled/shop.conf");
        Assert.False(JsonDocument.Parse(CliRunner.Run("lint", Demo, "--format", "json").Stdout).RootElement.TryGetProperty("root", out _));

        // A root outside the current folder: paths stay relative to it.
        using var elsewhere = new TempTree().CopyFrom(Repository.Fixture("demo"));
        Assert.Contains("\netc/nginx/sites-enabled/shop.conf:16:22: error CL001", "\n" + CliRunner.Run("lint", "--root", elsewhere.Root).Stdout);
    }

    [Fact]
    public void Rules_prints_each_rule_page()
    {
        var list = CliRunner.Run("rules").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in list)
        {
            var code = line.Split(' ')[0];
            Assert.EndsWith($"/blob/main/docs/rules/{code}.md", line);
            Assert.True(File.Exists(Path.Combine(Repository.Root, "docs", "rules", code + ".md")), code);
        }

        Assert.Contains("Documentation: https://", CliRunner.Run("rules", "CL003").Stdout);
    }
}
