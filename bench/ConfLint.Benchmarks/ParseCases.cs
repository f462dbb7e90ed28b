using ConfLint.Syntax;
using ConfLint.Text;

namespace ConfLint.Benchmarks;

/// <summary>
/// The kinds the parse benchmarks cover: one line a kind in <see cref="Declared"/>. A kind is run only
/// when its parser exists (the placeholders throw <see cref="NotSupportedException"/>) and the corpus has
/// files of it (gen-server-tree makes no Apache files yet).
/// </summary>
public static class ParseCases
{
    private static readonly ConfigKind[] Declared =
    [
        ConfigKind.Nginx,
        ConfigKind.PhpFpm,
        ConfigKind.Systemd,
        ConfigKind.Apache,
    ];

    public static IEnumerable<ConfigKind> All => Declared;

    /// <summary>The declared kinds that can run on <paramref name="corpus"/>.</summary>
    public static IEnumerable<ConfigKind> Runnable(Corpus corpus) => Declared.Where(kind => SkipReason(corpus, kind) is null);

    /// <summary>Why a kind cannot run, or null when it can.</summary>
    public static string? SkipReason(Corpus corpus, ConfigKind kind)
    {
        try
        {
            ConfigParser.Parse(new SourceText("probe", string.Empty), kind);
        }
        catch (NotSupportedException e)
        {
            return $"no parser yet ({e.Message})";
        }

        return corpus.OfKind(kind).Any() ? null : "no input files of this kind";
    }
}
