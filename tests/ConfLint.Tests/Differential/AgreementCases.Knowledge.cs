namespace ConfLint.Tests.Differential;

internal static partial class AgreementCases
{
    public static IEnumerable<AgreementCase> Knowledge()
    {
        yield return Nginx("#@HTTP@", "map $uri $mv {\n    default 0 1;\n}", refused: true);
    }
}
