using System.Text;
using ConfLint.Syntax;
using ConfLint.Syntax.Tomcat;
using ConfLint.Text;
using static ConfLint.Tests.Support.Parsing;

namespace ConfLint.Tests.Syntax;

/// <summary>server.xml read by System.Xml with its line information laid over the original text: tokens where the
/// reader says the names are, every other byte kept as trivia.</summary>
public class TomcatXmlTests
{
    private static TomcatXmlFile File(string text) => (TomcatXmlFile)RoundTrip(ConfigKind.Tomcat, text).Root;

    [Fact]
    public void Elements_and_attributes_are_tokens_at_their_place_in_the_text()
    {
        var file = File("<?xml version=\"1.0\"?>\n<!-- c -->\n<Server port=\"8005\">\n  <Service name=\"Catalina\">\n    <Connector port=\"8080\"\n               protocol=\"HTTP/1.1\" />\n  </Service>\n</Server>\n");
        var server = file.Root!;
        Assert.Equal("Server", server.Name);
        Assert.Equal(new LinePosition(3, 1), server.Position);
        var connector = Assert.Single(server.Descendants(), e => e.Name == "Connector");
        Assert.Equal("8080", connector.Get("port"));
        Assert.Equal("HTTP/1.1", connector.Get("protocol"));
        Assert.Null(connector.Get("address"));
        var protocol = connector.Attribute("protocol")!;
        Assert.Equal(new LinePosition(6, 16), protocol.Position);
        Assert.Equal("\"HTTP/1.1\"", protocol.ValueToken.Text);
        Assert.True(connector.IsEmpty);
        Assert.Equal("/>", connector.StartEndToken.Text);
        Assert.Equal("Service", connector.ParentElement!.Name);
        Assert.Equal(["Server", "Service", "Connector"], file.Elements().Select(e => e.Name));
        Assert.Equal("</", server.End!.Value.LessThanSlash.Text);
    }

    [Fact]
    public void Values_are_read_as_xml_reads_them()
    {
        var connector = File("<Server><Connector secret='a&amp;b&#x21;&lt;' note=\"x\ty\r\nz\" q = \"&quot;\" /></Server>").Root!.Children[0];
        Assert.Equal("a&b!<", connector.Get("secret"));
        Assert.Equal("x y z", connector.Get("note"));
        Assert.Equal("\"", connector.Get("q"));
        Assert.Equal("'a&amp;b&#x21;&lt;'", connector.Attribute("secret")!.ValueToken.Text);
    }

    [Fact]
    public void Lines_are_counted_as_xml_counts_them_cr_crlf_and_lf()
    {
        var file = File("<Server>\r<Service>\r\n<Connector port=\"1\"/>\n</Service></Server>");
        var connector = file.Root!.Children[0].Children[0];
        Assert.Equal("\"1\"", connector.Attribute("port")!.ValueToken.Text);
        Assert.Equal(" port", file.Tree.Source.Text.Substring(connector.NameToken.End, 5));
    }

    [Fact]
    public void Tabs_surrogates_a_bom_and_no_final_line_break_keep_their_bytes()
    {
        AssertRoundTripBytes(ConfigKind.Tomcat, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<Server a=\"😀\"\tb='2'><x\ty=\"3\"/></Server >")]);
        var file = File("<Server a=\"😀\"\tb='2'><x\ty=\"3\"/></Server >");
        Assert.Equal("2", file.Root!.Get("b"));
        Assert.Equal("3", file.Root.Children[0].Get("y"));
    }

    [Theory]
    [InlineData("<Server>\n  <Connector port=\"8080\">\n</Server>\n", 3, 3, "The 'Connector' start tag on line 2 position 4 does not match the end tag of 'Server'.")]
    [InlineData("<Server port=\"1\" port=\"2\"/>", 1, 18, "'port' is a duplicate attribute name.")]
    [InlineData("<Server a=\"&bogus;\"/>", 1, 13, "Reference to undeclared entity 'bogus'.")]
    public void Xml_that_does_not_parse_is_an_error_at_the_readers_position(string text, int line, int column, string message) =>
        AssertSyntaxError(ConfigKind.Tomcat, text, line, column, message);

    [Fact]
    public void A_dtd_is_not_expanded_and_nesting_is_limited()
    {
        var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE Server [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<Server x=\"&b;\"/>\n";
        Assert.False(ConfigParser.Parse(new SourceText("bomb.xml", bomb), ConfigKind.Tomcat).Success);
        var deep = string.Concat(Enumerable.Repeat("<a>", 200)) + string.Concat(Enumerable.Repeat("</a>", 200));
        var error = ParseError(ConfigKind.Tomcat, deep);
        Assert.Contains("nested deeper than 100 levels", error.Message);
    }

    [Fact]
    public void Quote_escapes_what_xml_must_escape()
    {
        var quoted = TomcatText.Quote("a&b\"<c");
        var file = File($"<Server secret={quoted}/>");
        Assert.Equal("a&b\"<c", file.Root!.Get("secret"));
    }

    [Fact]
    public void Random_bytes_never_crash_the_reader() =>
        AssertRandomBytesNeverCrash(ConfigKind.Tomcat, "<Server port=\"'/>&;!-? \n\r\t");
}
