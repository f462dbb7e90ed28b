using ConfLint.Syntax;
using ConfLint.Syntax.Systemd;
using ConfLint.Text;

namespace ConfLint.Tests.Syntax;

/// <summary>The short texts a host's units repeat (keys, section names, values, a program's words) are read to one
/// string each; what is read stays each unit's own text. Each test runs on a thread of its own: the tables are kept per
/// thread and stop growing when full, and other tests' random units fill those of the test runner's threads.</summary>
public sealed class SystemdSharedValuesTests
{
    private static void OnFreshThread(Action test)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                test();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static SystemdUnitFile Unit(string name, string text)
    {
        var result = ConfigParser.Parse(new SourceText(name, text), ConfigKind.Systemd);
        Assert.Null(result.Error);
        return (SystemdUnitFile)result.Tree!.Root;
    }

    private static SystemdEntry Entry(SystemdUnitFile unit, string key) =>
        unit.Sections.SelectMany(s => s.Entries).Single(e => e.Key == key);

    [Fact]
    public void Keys_section_names_and_short_values_of_two_units_are_one_string_each() => OnFreshThread(() =>
    {
        var a = Unit("a.service", "[Service]\nRestart=always\nUser=www-data\nExecStart=/srv/a/bin/app --port 8001\n");
        var b = Unit("b.service", "[Service]\nUser=www-data\nRestart=always\nExecStart=/srv/b/bin/app --port 8002\n");

        Assert.Same(a.Sections[0].Name, b.Sections[0].Name);
        Assert.Same(Entry(a, "Restart").Key, Entry(b, "Restart").Key);
        Assert.Same(Entry(a, "Restart").Value, Entry(b, "Restart").Value);
        Assert.Same(Entry(a, "User").Value, Entry(b, "User").Value);
        Assert.Equal("always", Entry(b, "Restart").Value);
        Assert.Equal("/srv/b/bin/app --port 8002", Entry(b, "ExecStart").Value);
        Assert.NotEqual(Entry(a, "ExecStart").Value, Entry(b, "ExecStart").Value);
    });

    [Fact]
    public void A_continued_value_and_a_long_value_read_as_before()
    {
        var longValue = "/srv/app/bin/" + new string('x', 100);
        var unit = Unit("c.service", $"[Service]\nExecStart=/usr/bin/app \\\n  --flag\nWorkingDirectory={longValue}\n");

        Assert.Equal("/usr/bin/app    --flag", Entry(unit, "ExecStart").Value);
        Assert.Equal(longValue, Entry(unit, "WorkingDirectory").Value);
    }

    [Fact]
    public void The_words_of_two_commands_are_one_string_each_and_decoded_words_keep_their_text() => OnFreshThread(() =>
    {
        var first = SystemdText.SplitWords("gunicorn -b 127.0.0.1:8000 'app.wsgi:application'");
        var second = SystemdText.SplitWords("gunicorn -b \"127.0.0.1:8000\" app.wsgi:application");

        Assert.Equal(["gunicorn", "-b", "127.0.0.1:8000", "app.wsgi:application"], second.Select(w => w.Value));
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Same(first[i].Value, second[i].Value);
        }

        Assert.Equal("A A", Assert.Single(SystemdText.SplitWords(@"\x41\s\101")).Value);
    });
}
