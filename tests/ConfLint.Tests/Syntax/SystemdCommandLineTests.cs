using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;
using static ConfLint.Tests.Support.Parsing;

namespace ConfLint.Tests.Syntax;

public class SystemdCommandLineTests
{
    private static SystemdCommand Single(string value)
    {
        var lines = SystemdCommandLine.Parse(value);
        Assert.True(lines.IsValid, lines.Error);
        return Assert.Single(lines.Commands);
    }

    [Fact]
    public void Words_are_split_at_blanks_and_quotes_group_and_disappear()
    {
        var words = SystemdText.SplitWords("\"A=1\"  'B=two words'\tC=3");
        Assert.Equal(["A=1", "B=two words", "C=3"], words.Select(w => w.Value));
        Assert.Equal([(0, 5), (7, 20), (21, 24)], words.Select(w => (w.Start, w.End)));
    }

    [Fact]
    public void Quotes_may_open_inside_a_word_and_the_other_quote_is_literal_inside()
    {
        Assert.Equal(["ab cd", "it's", "say \"hi\""], SystemdText.SplitWords("a\"b c\"d \"it's\" 'say \"hi\"'").Select(w => w.Value));
    }

    [Theory]
    [InlineData(@"\x41\s\101", "A A")]
    [InlineData(@"""\t\n""", "\t\n")]
    [InlineData(@"\u00e9\U0001F600", "\u00e9\U0001F600")]
    [InlineData(@"a\;b\\c\""d\'e", "a\\;b\\c\"d'e")]
    [InlineData(@"\d\x00\777\xZZ", @"\d\x00\777\xZZ")]
    [InlineData(@"trailing\", @"trailing\")]
    public void C_escapes_are_decoded_and_unknown_ones_keep_their_backslash(string value, string expected)
    {
        Assert.Equal(expected, Assert.Single(SystemdText.SplitWords(value)).Value);
    }

    [Theory]
    [InlineData("a \"b c")]
    [InlineData("a 'b\\")]
    public void An_unbalanced_quote_stops_the_split(string value)
    {
        var words = SystemdText.SplitWords(value, out var balanced);
        Assert.False(balanced);
        Assert.Equal(["a"], words.Select(w => w.Value));
    }

    [Fact]
    public void A_command_is_its_executable_and_its_arguments()
    {
        var command = Single("/srv/venv/bin/gunicorn --workers 3 --bind unix:/run/g.sock 'app:create_app()'");
        Assert.Equal(SystemdExecPrefixes.None, command.Prefixes);
        Assert.Equal("/srv/venv/bin/gunicorn", command.Executable.Value);
        Assert.Equal("gunicorn", command.ProgramName);
        Assert.Equal(["--workers", "3", "--bind", "unix:/run/g.sock", "app:create_app()"], command.Arguments.Select(a => a.Value));
        Assert.Equal(["/srv/venv/bin/gunicorn", "--workers", "3", "--bind", "unix:/run/g.sock", "app:create_app()"], command.Argv);
    }

    [Theory]
    [InlineData("-/usr/bin/x", SystemdExecPrefixes.IgnoreFailure, "/usr/bin/x")]
    [InlineData("+-:/usr/bin/x", SystemdExecPrefixes.FullyPrivileged | SystemdExecPrefixes.IgnoreFailure | SystemdExecPrefixes.NoEnvironmentExpansion, "/usr/bin/x")]
    [InlineData("!/usr/bin/x", SystemdExecPrefixes.NoSetuid, "/usr/bin/x")]
    [InlineData("!!/usr/bin/x", SystemdExecPrefixes.AmbientMagic, "/usr/bin/x")]
    [InlineData("+!/usr/bin/x", SystemdExecPrefixes.FullyPrivileged, "!/usr/bin/x")]
    [InlineData("--/usr/bin/x", SystemdExecPrefixes.IgnoreFailure, "-/usr/bin/x")]
    [InlineData("\"-/usr/bin/my prog\"", SystemdExecPrefixes.IgnoreFailure, "/usr/bin/my prog")]
    [InlineData("%h/bin/run", SystemdExecPrefixes.None, "%h/bin/run")]
    public void Prefixes_are_read_off_the_first_word_after_unquoting(string value, SystemdExecPrefixes prefixes, string path)
    {
        var command = Single(value);
        Assert.Equal(prefixes, command.Prefixes);
        Assert.Equal(path, command.Executable.Value);
        Assert.Equal((0, value.Length), (command.Executable.Start, command.Executable.End));
    }

    [Fact]
    public void The_at_prefix_takes_argv0_from_the_second_word()
    {
        var command = Single("@/bin/sh  my-shell -c 'exec web'");
        Assert.Equal(SystemdExecPrefixes.SeparateArgv0, command.Prefixes);
        Assert.Equal(["my-shell", "-c", "exec web"], command.Argv);
    }

    [Fact]
    public void A_lone_semicolon_separates_commands_and_an_escaped_one_is_an_argument()
    {
        var lines = SystemdCommandLine.Parse("echo one ; echo \"two two\" ;");
        Assert.True(lines.IsValid);
        Assert.Equal(["echo one", "echo two two"], lines.Commands.Select(c => c.ToString()));

        var echo = Single("echo / >/dev/null & \\;   ls");
        Assert.Equal(["/", ">/dev/null", "&", ";", "ls"], echo.Arguments.Select(a => a.Value));
        Assert.Equal(["a;", "b"], Single("x a; b").Arguments.Select(a => a.Value));
    }

    [Theory]
    [InlineData("-", "empty executable after the prefix '-'")]
    [InlineData("/bin/sh -c \"echo", "unbalanced quoting")]
    [InlineData("@/bin/sh", "'@' needs the argv[0] word after '/bin/sh'")]
    public void What_systemd_refuses_is_an_error(string value, string error)
    {
        var lines = SystemdCommandLine.Parse(value);
        Assert.False(lines.IsValid);
        Assert.Equal(error, lines.Error);
    }

    [Fact]
    public void Commands_before_an_error_are_kept()
    {
        var lines = SystemdCommandLine.Parse("/bin/a ; /bin/b 'x");
        Assert.Equal(["/bin/a"], lines.Commands.Select(c => c.Executable.Value));
        Assert.False(lines.IsValid);
    }

    [Fact]
    public void Option_values_are_found_in_every_common_spelling_with_their_spans()
    {
        const string value = "/bin/g --bind=unix:/run/a.sock -b 0.0.0.0:80 -b0.0.0.0:81 --bind '127.0.0.1:8000' --workers 2 -- --bind x";
        var binds = Single(value).OptionValues("--bind", "-b").ToList();
        Assert.Equal(["unix:/run/a.sock", "0.0.0.0:80", "0.0.0.0:81", "127.0.0.1:8000"], binds.Select(b => b.Value));
        Assert.Equal(["unix:/run/a.sock", "0.0.0.0:80", "0.0.0.0:81", "'127.0.0.1:8000'"], binds.Select(b => value[b.Start..b.End]));
        Assert.Empty(Single("/bin/g --bindx=1 -bind 2").OptionValues("--bind"));
    }

    [Fact]
    public void A_word_of_a_continued_exec_start_maps_back_to_its_line_and_column()
    {
        var tree = Parse(ConfigKind.Systemd, "[Service]\nExecStart=/srv/venv/bin/gunicorn \\\n    --workers 3 \\\n    --bind 127.0.0.1:8001 app:wsgi\n");
        var entry = ((SystemdUnitFile)tree.Root).Sections[0].Entries[0];
        var bind = Assert.Single(Single(entry.Value).OptionValues("--bind", "-b"));
        var span = entry.ValueSpan(bind.Start, bind.End);
        Assert.Equal("127.0.0.1:8001", tree.Source.ToString(span));
        Assert.Equal(new LinePosition(4, 12), tree.Source.GetLinePosition(span.Start));
    }
}
