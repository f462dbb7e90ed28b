using ConfLint.Syntax;

namespace ConfLint.Tests.Syntax;

/// <summary>The intern table keeps one string per text, up to its bounds, through its growth.</summary>
public class InternTableTests
{
    [Fact]
    public void The_same_text_gives_the_same_string_and_other_texts_other_strings()
    {
        var table = new InternTable(maxEntries: 10_000, maxLength: 64);
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 3_000; i++)
        {
            var text = "value-" + i;
            kept[text] = table.Get(text.AsSpan());
        }

        Assert.Equal(3_000, table.Count);
        foreach (var (text, first) in kept)
        {
            var again = table.Get(("x" + text)[1..].AsSpan());
            Assert.Same(first, again);
            Assert.Equal(text, again);
        }

        Assert.NotSame(table.Get("value-1".AsSpan()), table.Get("value-2".AsSpan()));
        Assert.Same(table.Get(ReadOnlySpan<char>.Empty), table.Get(string.Empty.AsSpan()));
    }

    [Fact]
    public void A_full_table_and_a_long_text_give_new_strings_that_are_not_kept()
    {
        var table = new InternTable(maxEntries: 100, maxLength: 8);
        for (var i = 0; i < 150; i++)
        {
            table.Get(("t" + i).AsSpan());
        }

        Assert.Equal(100, table.Count);
        Assert.Same(table.Get("t5".AsSpan()), table.Get("t5".AsSpan()));
        var late = table.Get("t140".AsSpan());
        Assert.Equal("t140", late);
        Assert.NotSame(late, table.Get("t140".AsSpan()));

        var longText = table.Get("123456789".AsSpan());
        Assert.Equal("123456789", longText);
        Assert.NotSame(longText, table.Get("123456789".AsSpan()));
        Assert.Equal(100, table.Count);
    }
}
