using ConfLint.Rules.Support;

namespace ConfLint.Tests.Rules;

public class EditDistanceTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("/run/php/php8.1-fpm.sock", "/run/php/php8.2-fpm.sock", 1)]
    [InlineData("/run/php/www.sock", "/run/php-fpm/www.sock", 4)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("aaaa", "aa", 2)]
    [InlineData("abab", "baba", 2)]
    public void Counts_edits(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Between(a, b));
        Assert.Equal(expected, EditDistance.Between(b, a));
    }

    /// <summary>The trimmed, two-row computation gives what the whole table gives, on strings that share ends.</summary>
    [Fact]
    public void Agrees_with_the_full_table()
    {
        var random = new Random(7);
        for (var n = 0; n < 2_000; n++)
        {
            var a = Word(random);
            var b = random.Next(3) == 0 ? Word(random) : Mutate(random, a);
            Assert.Equal(Full(a, b), EditDistance.Between(a, b));
        }

        Assert.Equal(300, EditDistance.Between(new string('a', 300), new string('b', 300)));
    }

    private static string Word(Random random) =>
        new(Enumerable.Range(0, random.Next(0, 12)).Select(_ => "ab/."[random.Next(4)]).ToArray());

    private static string Mutate(Random random, string word)
    {
        var chars = word.ToList();
        for (var k = random.Next(4); k > 0; k--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0: chars.Insert(at, "ab/."[random.Next(4)]); break;
                case 1 when at < chars.Count: chars.RemoveAt(at); break;
                default: if (at < chars.Count) { chars[at] = "ab/."[random.Next(4)]; } break;
            }
        }

        return new string([.. chars]);
    }

    private static int Full(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) { d[i, 0] = i; }
        for (var j = 0; j <= b.Length; j++) { d[0, j] = j; }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
