using System.Xml;
using ConfLint.Linting;

namespace ConfLint.Reporting;

/// <summary>
/// JUnit XML, for CI systems that show test reports: one test suite per linted file, one failed test case per
/// finding (named by its code and place), and one passing case for a file without findings.
/// </summary>
public sealed class JunitReporter(ReportSettings settings) : IReporter
{
    public void Write(TextWriter output, LintResult result)
    {
        var byFile = result.Diagnostics.GroupBy(d => Clean(settings.Display(d.Location.Path))).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var files = result.Files.Select(f => Clean(settings.Display(f.DisplayPath))).Concat(byFile.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = false, CloseOutput = false });
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "conflint");
        xml.WriteAttributeString("tests", Count(files.Sum(f => Math.Max(1, byFile.GetValueOrDefault(f)?.Count ?? 0))));
        xml.WriteAttributeString("failures", Count(result.Diagnostics.Count));
        xml.WriteAttributeString("errors", "0");
        foreach (var file in files)
        {
            var found = byFile.GetValueOrDefault(file) ?? [];
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", file);
            xml.WriteAttributeString("tests", Count(Math.Max(1, found.Count)));
            xml.WriteAttributeString("failures", Count(found.Count));
            xml.WriteAttributeString("errors", "0");
            if (found.Count == 0)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", "conflint");
                xml.WriteAttributeString("classname", file);
                xml.WriteAttributeString("file", file);
                xml.WriteEndElement();
            }

            foreach (var diagnostic in found)
            {
                var start = diagnostic.Location.Start;
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", Clean($"{diagnostic.Code} {diagnostic.Rule} at {start.Line}:{start.Column}"));
                xml.WriteAttributeString("classname", file);
                xml.WriteAttributeString("file", file);
                xml.WriteAttributeString("line", Count(start.Line));
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", Clean(diagnostic.Message));
                xml.WriteAttributeString("type", diagnostic.Severity.ToString().ToLowerInvariant());
                xml.WriteString(Clean($"{file}:{start.Line}:{start.Column}: {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Code} {diagnostic.Message}"));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        output.Write('\n');
    }

    /// <summary>
    /// Text XML can hold, shown as the text report shows it: a control character of the tree becomes its control
    /// picture (ESC as U+241B) and a bidirectional override or isolate U+FFFD (<see cref="Text.TerminalText"/>), so a CI
    /// page showing the report neither reorders nor hides its words; a character XML forbids besides becomes U+FFFD.
    /// </summary>
    private static string Clean(string text)
    {
        text = Text.TerminalText.Escape(text);
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
