using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Rendering;

public sealed class RecordMarkdownTests
{
    private static readonly MarkdownPipeline Gfm = new MarkdownPipelineBuilder().UsePipeTables().Build();

    private static string Golden(string name)
        => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name)).ReplaceLineEndings("\n");

    /// <summary>A delivery with a bit of everything: a QA failure, a risk, an escalation, client messages.</summary>
    private static Scenario Eventful()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Dana, new AddRisk(
            "Vendor API | rate limits", Level.Medium, Level.High, "Cache responses; agree a quota",
            ConcernsClient: true));
        s.Ok(Dana, new Escalate("QA capacity *short* <this week>"));
        s.Ok(Clara, new ResolveEscalation("D1-E1", "Borrowed a QA engineer"));
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"));
        s.Ok(Dana, new RecordClientCommunication(
            CommunicationType.DelayNotice, "QA found an issue; certification moves 2 days"));
        s.Later(TimeSpan.FromDays(1));
        s.Ok(Pablo, new ResubmitToQa("Routing fixed"));
        s.Ok(Quinn, new RecordQaVerdict(2, QaVerdict.Pass));
        return s;
    }

    [Fact]
    public void An_eventful_record_renders_exactly_as_the_golden_file()
    {
        var s = Eventful();

        var markdown = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());

        // UPDATE_GOLDEN=1 rewrites the golden file after a deliberate change; review its diff before committing.
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            File.WriteAllText(
                Path.Combine(
                    ArchitectureTests.RepoRoot(), "tests", "DeliveryBot.Domain.Tests", "Golden", "eventful-record.md"),
                markdown);
        Assert.Equal(Golden("eventful-record.md"), markdown);
    }

    [Fact]
    public void The_record_has_the_template_headings_fields_and_table_columns_in_order()
    {
        var template = Golden("delivery-record-template.md").Split('\n');
        var rendered = RecordMarkdown.Render(Eventful().Delivery, Scenario.Start).Split('\n');

        var skeleton = template
            .Where(l => l.StartsWith('#')
                || l.StartsWith("|-", StringComparison.Ordinal)
                || l.StartsWith("| Milestone |", StringComparison.Ordinal)
                || l.StartsWith("| Risk |", StringComparison.Ordinal)
                || l.StartsWith("| Date |", StringComparison.Ordinal))
            .Select(l => l.StartsWith("# ", StringComparison.Ordinal) ? "# Delivery Record: " : l)
            .ToList();
        var fields = template
            .Where(l => l.StartsWith("- **", StringComparison.Ordinal))
            .Select(l => l[..(l.IndexOf(":**", StringComparison.Ordinal) + 3)])
            .ToList();
        var milestones = template
            .SkipWhile(l => l != "## Milestones")
            .Skip(3)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|')[1].Trim())
            .ToList();

        AssertInOrder(skeleton, rendered, (expected, line) => line.StartsWith(expected, StringComparison.Ordinal));
        AssertInOrder(fields, rendered, (expected, line) => line.StartsWith(expected, StringComparison.Ordinal));
        AssertInOrder(
            milestones, rendered, (expected, line) => line.StartsWith($"| {expected} |", StringComparison.Ordinal));
        Assert.Equal(9, milestones.Count);
    }

    [Fact]
    public void An_empty_record_keeps_the_template_empty_rows()
    {
        var s = Scenario.Opened();

        var markdown = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());

        Assert.Contains("|------|-----------|--------|------------|\n| | | | |\n", markdown);
        Assert.Contains("|------|------|---------|\n| | | |\n", markdown);
        Assert.Contains("- **Actual delivery date:** TBD\n", markdown);
        Assert.Contains("- **Status:** Planning\n", markdown);
    }

    [Fact]
    public void Every_table_parses_as_a_gfm_table_with_the_template_column_count()
    {
        var document = Markdown.Parse(RecordMarkdown.Render(Eventful().Delivery, Scenario.Start), Gfm);

        var tables = document.Descendants<Table>().ToList();
        // the template's four tables, then the exit criteria's and the deployment checklist's (the eventful delivery
        // is in stage 5)
        Assert.Equal([4, 4, 4, 3, 5, 5], tables.Select(t => ((TableRow)t[0]).Count));
        Assert.Equal([10, 2, 2, 2, 8, 23], tables.Select(t => t.Count));
        Assert.All(
            tables, t => Assert.All(t.OfType<TableRow>(), row => Assert.Equal(((TableRow)t[0]).Count, row.Count)));
        Assert.Equal(
            [
                "Milestones", "Risk register", "Escalations", "Status updates sent", "Release readiness",
                "Deployment checklist",
            ],
            document.Descendants<HeadingBlock>()
                .Where(h => h.Level == 2)
                .Select(h => h.Inline!.FirstChild!.ToString()));
    }

    [Fact]
    public void User_text_cannot_inject_markdown_html_or_table_cells()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new AddRisk(
            "<script>alert(1)</script> | **bold** [link](http://evil.test)\nsecond line",
            Level.Low,
            Level.Low,
            "`code` _x_ # h"));

        var markdown = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());
        var html = Markdown.ToHtml(markdown, Gfm);

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<strong>bold", html);
        Assert.DoesNotContain("<a href", html);
        Assert.DoesNotContain("<code>", html);
        Assert.Contains(
            @"\<script\>alert(1)\</script\> \| \*\*bold\*\* \[link\](http://evil.test) second line", markdown);
        Assert.Equal(
            4, Markdown.Parse(markdown, Gfm).Descendants<Table>().ElementAt(1).OfType<TableRow>().Last().Count);
    }

    [Fact]
    public void A_client_named_with_an_ampersand_is_written_as_typed_and_still_reads_as_text()
    {
        var s = Scenario.Opened();
        var delivery = Deliveries.Delivery.Restore(s.Delivery.State with { Client = "O'Brien & Søn" });

        var markdown = RecordMarkdown.Render(delivery, s.Clock.GetUtcNow());

        // what `record` shows in its code block, to copy: as typed
        Assert.Contains("# Delivery Record: O'Brien & Søn — Invoice Triage Agent\n", markdown);
        Assert.Contains("- **Client:** O'Brien & Søn\n", markdown);
        Assert.DoesNotContain("\\&", markdown);
        // and pasted where Markdown is read: the same words, no entity
        Assert.Contains(
            "<h1>Delivery Record: O'Brien &amp; Søn — Invoice Triage Agent</h1>", Markdown.ToHtml(markdown, Gfm));
    }

    [Fact]
    public void A_skipped_stage_s_milestones_say_why_it_was_skipped()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new SkipStage(Domain.Lifecycle.Stage.ProductionTracking, "Talent reused from D7 | no *new* build"));

        var markdown = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());

        Assert.Contains(
            "| Production start | 2026-03-09 | | Skipped: Talent reused from D7 \\| no \\*new\\* build |\n", markdown);
        Assert.Contains("| Production complete | 2026-03-20 | | Skipped: Talent reused from D7", markdown);
        var milestones = Markdown.Parse(markdown, Gfm).Descendants<Table>().First();
        Assert.All(milestones.OfType<TableRow>(), row => Assert.Equal(4, row.Count));
    }

    private static void AssertInOrder(List<string> expected, string[] lines, Func<string, string, bool> matches)
    {
        var at = 0;
        foreach (var e in expected)
        {
            while (at < lines.Length && !matches(e, lines[at])) at++;
            Assert.True(at < lines.Length, $"'{e}' missing or out of order");
            at++;
        }
    }
}
