using ConfLint.Rules.Support;
using ConfLint.Tests.Support;
using ConfLint.Validation;
using ConfLint.Workspace;

namespace ConfLint.Tests.Workspace;

/// <summary>Files read through their handle at offsets (no stream), and the helpers that read arguments in place.</summary>
public class FileReadingTests
{
    /// <summary>Larger than the 16 KiB pieces FileContains reads in, with the needle across the first boundary.</summary>
    private static byte[] LongFile(string needle, int needleAt)
    {
        var bytes = new byte[40_000];
        Array.Fill(bytes, (byte)'x');
        for (var i = 0; i < bytes.Length; i += 80)
        {
            bytes[i] = (byte)'\n';
        }

        System.Text.Encoding.ASCII.GetBytes(needle).CopyTo(bytes, needleAt);
        return bytes;
    }

    [Theory]
    [InlineData(16 * 1024 - 3)] // across the end of the first piece
    [InlineData(39_990)] // in the last piece
    [InlineData(5)]
    public void A_needle_is_found_wherever_it_stands_in_a_long_file(int at)
    {
        using var tree = new TempTree().WriteBytes("etc/systemd/system/app.service", LongFile("haproxy", at));
        var fs = new RootedFileSystem(tree.Root);
        Assert.Equal(2, fs.FileContains("/etc/systemd/system/app.service", "php-fpm"u8, "haproxy"u8));
        Assert.Equal(0, fs.FileContains("/etc/systemd/system/app.service", "php-fpm"u8, default));
    }

    [Fact]
    public void Whole_files_and_heads_are_read_byte_for_byte()
    {
        var bytes = LongFile("server {}", 20_000);
        using var tree = new TempTree().WriteBytes("etc/nginx/conf.d/long.conf", bytes).Write("etc/nginx/conf.d/empty.conf", string.Empty);
        var fs = new RootedFileSystem(tree.Root);
        Assert.Equal(bytes, fs.ReadAllBytes("/etc/nginx/conf.d/long.conf"));
        Assert.Empty(fs.ReadAllBytes("/etc/nginx/conf.d/empty.conf"));
        Assert.Equal(System.Text.Encoding.ASCII.GetString(bytes, 0, 100), fs.ReadHead("/etc/nginx/conf.d/long.conf", 100));
        Assert.Equal(System.Text.Encoding.ASCII.GetString(bytes), fs.ReadSourceText("/etc/nginx/conf.d/long.conf", "long.conf", forParse: true).ToString());
        Assert.Equal(string.Empty, fs.ReadSourceText("/etc/nginx/conf.d/empty.conf", "empty.conf").ToString());
    }

    [Fact]
    public void A_file_read_through_its_handle_is_still_refused_when_it_is_not_regular()
    {
        using var tree = new TempTree().Write("etc/nginx/conf.d/site.conf/inner", "x");
        var fs = new RootedFileSystem(tree.Root);
        Assert.ThrowsAny<IOException>(() => fs.ReadAllBytes("/etc/nginx/conf.d/site.conf"));
        Assert.False(fs.FileContains("/etc/nginx/conf.d/site.conf", "x"u8));
    }

    [Theory]
    [InlineData("8.2", 802)]
    [InlineData("7.4.33", 704)]
    [InlineData("8", 800)]
    [InlineData("10.1", 1001)]
    [InlineData("x.1", null)]
    [InlineData("", null)]
    [InlineData(".2", null)]
    [InlineData("8.123", null)]
    [InlineData("12345.1", null)]
    public void Php_versions_are_read_in_place(string text, int? expected) => Assert.Equal(expected, PhpVersions.Parse(text));

    [Theory]
    [InlineData("($a)", "$a")]
    [InlineData("( $a )", "$a")]
    [InlineData("($a = b)", "$a|=|b")]
    [InlineData("(-f $path)", "-f|$path")]
    [InlineData("()", "")]
    public void If_conditions_lose_their_parentheses(string condition, string words) =>
        Assert.Equal(words, string.Join("|", NginxArgumentCheck.ConditionWords(condition.Split(' '))!));

    [Theory]
    [InlineData("$a")]
    [InlineData("($a")]
    [InlineData("$a)")]
    public void A_condition_not_in_parentheses_has_no_words(string condition) =>
        Assert.Null(NginxArgumentCheck.ConditionWords(condition.Split(' ')));

    [Theory]
    [InlineData("80", "0.0.0.0:80")]
    [InlineData("*:8080", "0.0.0.0:8080")]
    [InlineData("10.0.0.1:443", "10.0.0.1:443")]
    [InlineData("10.0.0.1", "10.0.0.1:80")]
    [InlineData("[::]:443", "[::]:443")]
    [InlineData("unix:/run/a.sock", "unix:/run/a.sock")]
    [InlineData("10.0.1:80", null)]
    [InlineData("10..0.1:80", null)]
    [InlineData("10.0.0.1.5:80", null)]
    [InlineData("example.com:80", null)]
    public void Listen_addresses_as_nginx_joins_them(string text, string? expected) => Assert.Equal(expected, NginxListenCheck.Address(text));
}
