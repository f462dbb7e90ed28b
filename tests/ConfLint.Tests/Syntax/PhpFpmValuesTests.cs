using ConfLint.Syntax;
using ConfLint.Syntax.PhpFpm;
using static ConfLint.Tests.Support.Parsing;

namespace ConfLint.Tests.Syntax;

public class PhpFpmValuesTests
{
    private static readonly Dictionary<string, string> Environment = new() { ["HOME"] = "/home/app", ["RUN"] = "/run" };

    private static PhpFpmEntry Entry(string text) => ((PhpFpmConfigFile)Parse(ConfigKind.PhpFpm, text).Root).AllEntries().Single();

    [Theory]
    [InlineData("listen = /run/php/$pool.sock", "www", "/run/php/www.sock")]
    [InlineData("slowlog = /var/log/$pool-$pool.log", "shop", "/var/log/shop-shop.log")]
    [InlineData("listen = /run/php/$pool.sock", null, "/run/php/$pool.sock")]
    [InlineData("env[A] = ${HOME}/x", null, "/home/app/x")]
    [InlineData("env[A] = \"${ RUN }/$pool\"", "www", "/run/www")]
    [InlineData("env[A] = ${UNSET}x", null, "x")]
    [InlineData("env[A] = '${HOME}'", null, "${HOME}")]
    [InlineData("env[A] = \"\\${HOME}\"", null, "${HOME}")]
    [InlineData("env[A] = $${HOME}", null, "$${HOME}")]
    [InlineData("env[A] =", "www", "")]
    public void Expand_reads_variables_where_php_does_then_the_pool_name(string line, string? pool, string expected)
    {
        Assert.Equal(expected, PhpFpmValues.Expand(Entry(line + "\n"), pool, Environment));
    }

    [Theory]
    [InlineData("/run/$pool/${RUN}", "www", "/run/www//run")]
    [InlineData("${HOME}${UNSET}${", null, "/home/app${")]
    [InlineData("plain", "www", "plain")]
    public void Expand_on_a_read_value_expands_every_variable(string value, string? pool, string expected)
    {
        Assert.Equal(expected, PhpFpmValues.Expand(value, pool, Environment));
    }

    [Theory]
    [InlineData("128M", 134_217_728L)]
    [InlineData("1G", 1_073_741_824L)]
    [InlineData("512K", 524_288L)]
    [InlineData("1g", 1_073_741_824L)]
    [InlineData(" 64 M", 67_108_864L)]
    [InlineData("-1", -1L)]
    [InlineData("", 0L)]
    [InlineData("+5M", 5_242_880L)]
    [InlineData("0x10M", 16_777_216L)]
    [InlineData("010", 8L)]
    [InlineData("0b11", 3L)]
    [InlineData("64MB", null)]
    [InlineData("1.5G", null)]
    [InlineData("abc", null)]
    [InlineData("2T", null)]
    [InlineData("M", null)]
    [InlineData("- 5", null)]
    [InlineData("99999999999999999999G", null)]
    public void Sizes_read_as_php_reads_quantities_and_what_php_warns_about_is_refused(string value, long? expected)
    {
        Assert.Equal(expected.HasValue, PhpFpmValues.TryParseSize(value, out var bytes));
        Assert.Equal(expected ?? 0, bytes);
    }

    [Theory]
    [InlineData("300", 300L)]
    [InlineData("30s", 30L)]
    [InlineData("5m", 300L)]
    [InlineData("1h", 3_600L)]
    [InlineData("2d", 172_800L)]
    [InlineData("1.5m", 60L)]
    [InlineData("m", 0L)]
    [InlineData("-5", -5L)]
    [InlineData("30 s", 30L)]
    [InlineData("", null)]
    [InlineData("5x", null)]
    [InlineData("5M", null)]
    [InlineData("10S", null)]
    public void Times_read_as_fpm_conf_set_time_and_what_it_refuses_is_refused(string value, long? expected)
    {
        Assert.Equal(expected.HasValue, PhpFpmValues.TryParseTime(value, out var seconds));
        Assert.Equal(expected ?? 0, seconds);
    }

    [Theory]
    [InlineData("5", true, 5L)]
    [InlineData("-3", true, -3L)]
    [InlineData("", true, 0L)]
    [InlineData("2x", false, 0L)]
    [InlineData("+3", false, 0L)]
    [InlineData(" 5", false, 0L)]
    [InlineData("5-", false, 0L)]
    public void Integers_read_as_fpm_conf_set_integer(string value, bool valid, long expected)
    {
        Assert.Equal(valid, PhpFpmValues.TryParseInteger(value, out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("On", false, true)]
    [InlineData("YES", false, true)]
    [InlineData("null", false, false)]
    [InlineData("0", false, false)]
    [InlineData("1", false, true)]
    [InlineData("", false, false)]
    [InlineData("yes", true, true)]
    [InlineData("none", true, false)]
    [InlineData("YES", true, null)]
    [InlineData("null", true, null)]
    [InlineData("2", false, null)]
    [InlineData("maybe", false, null)]
    public void Booleans_read_as_fpm_8_2_reads_flags(string value, bool quoted, bool? expected)
    {
        Assert.Equal(expected, PhpFpmValues.ParseBoolean(value, quoted));
    }

    [Fact]
    public void Boolean_of_an_entry_uses_whether_its_value_was_quoted()
    {
        var quoted = Entry("catch_workers_output = \"YES\"\n");
        var bare = Entry("catch_workers_output = YES\n");
        Assert.Null(PhpFpmValues.ParseBoolean(quoted.Value, quoted.IsQuoted));
        Assert.True(PhpFpmValues.ParseBoolean(bare.Value, bare.IsQuoted));
    }

    [Theory]
    [InlineData("/run/php/www.sock")]
    [InlineData("a b")]
    [InlineData("E_ALL")]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData(" padded ")]
    [InlineData("%R \"%m %r\" ; $x ${HOME} a=b (c) \\ end\\")]
    public void Quote_writes_values_that_read_back_unchanged(string value)
    {
        var quoted = PhpFpmText.Quote(value);
        var entry = Entry("x = " + quoted + "\n");
        Assert.Equal(value, entry.Value);
        Assert.Equal(quoted != value, entry.IsQuoted);
    }
}
