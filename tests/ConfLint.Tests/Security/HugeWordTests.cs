using ConfLint.Diagnostics;
using ConfLint.Tests.Support;
using ConfLint.Text;

namespace ConfLint.Tests.Security;

/// <summary>
/// A tree can make one word as long as a file may be (64 MiB): the findings that quote it (CL015 quotes a proxy
/// target three times, CL000 an unknown keyword) carry at most 2,000 characters of it in every report format. Before,
/// each byte of the word made 4 bytes of a JSON report and 8 of a JUnit report.
/// </summary>
public class HugeWordTests
{
    private const int WordLength = 1_000_000;

    public static TheoryData<string> Formats => ["text", "json", "sarif", "github", "gitlab", "junit"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_huge_word_is_quoted_in_part_in_every_format(string format)
    {
        var word = new string('Z', WordLength);
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", $"events {{}}\nhttp {{ server {{ listen 80; location / {{ proxy_pass http://{word}; }} }} }}\n")
            .Write("etc/haproxy/haproxy.cfg", $"global\n {word}\n");
        var result = ConflintProcess.Run(Repository.Root, TimeSpan.FromSeconds(60), "lint", "--root", tree.Root, "--format", format, "--verbose");
        Assert.False(result.TimedOut);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("more characters)", result.Stdout);
        Assert.DoesNotContain(new string('Z', MessageText.MaxLength), result.Stdout);
        // The rules' own descriptions (SARIF) are the rest: well below one copy of the word.
        Assert.True(result.Stdout.Length < WordLength / 2, $"{format}: {result.Stdout.Length} characters");
    }

    [Fact]
    public void Clipping_keeps_surrogate_pairs_whole_the_end_of_the_message_and_says_how_much_was_left_out()
    {
        // A pair across the cut at the start (index 1399) and one across the cut at the end (500 from the end).
        var text = new string('a', 1399) + "\U0001F600" + new string('b', 5000) + "\U0001F601" + new string('c', 482) + ": matches no file";
        var clipped = MessageText.Clip(text);
        Assert.True(clipped.Length <= MessageText.MaxLength);
        Assert.StartsWith(new string('a', 1399) + "\u2026 (", clipped);
        Assert.EndsWith("c: matches no file", clipped);
        Assert.DoesNotContain("\uDE00", clipped);
        Assert.DoesNotContain("\uDE01", clipped);
        Assert.EndsWith($"({text.Length - 1399 - 499} more characters) \u2026" + new string('c', 482) + ": matches no file", clipped);
        Assert.Equal("short", MessageText.Clip("short"));
        Assert.Equal(clipped, new Diagnostic("CL000", "syntax", Severity.Error, Location.FileOnly(FileId.Named("x")), text).Message);
    }
}
