//! The full report for a fixture session (snapshot), user text that tries
//! to break out of its place, and templates that go wrong.

use super::*;
use crate::questionnaire::Kind;
use crate::session::{Confidence, Status, Value};

const QUESTIONNAIRE: &str = include_str!("../../tests/fixtures/good/small.yaml");
const ROSTER: &str = include_str!("../../tests/fixtures/good/roster.yaml");
const SESSION: &str = include_str!("../../tests/fixtures/good/session.yaml");

fn fixture() -> (Questionnaire, Session, Roster) {
    let questionnaire = Questionnaire::from_source(QUESTIONNAIRE).unwrap();
    let mut session = Session::from_source(SESSION).unwrap();
    session.questionnaire.hash = questionnaire.hash.clone();
    (questionnaire, session, Roster::from_source(ROSTER).unwrap())
}

fn render_fixture(session: &Session) -> String {
    let (questionnaire, _, roster) = fixture();
    let analysis = Analysis::of(&questionnaire, session, &roster);
    let data = data::gather(
        &questionnaire,
        session,
        &analysis,
        &roster,
        "report-assets/levels.svg",
    );
    render(&data, &Templates::Embedded).unwrap()
}

#[test]
fn full_report_snapshot() {
    let (_, session, _) = fixture();
    insta::assert_snapshot!(render_fixture(&session));
}

const HOSTILE: &[&str] = &[
    "# Heading injected\n---\n> quote\n1. list\n```\nfence\n```",
    "cell | breaker \\| and\nnew line",
    "<script>alert(1)</script><img src=x onerror=alert(1)><!--",
    "[click](javascript:alert(1)) ![](http://host/p.png)",
    "{{ 7*7 }} {% include \"../../etc/passwd\" %}",
    "\u{202e}evil\u{200b} 🙂 مرحبا 北京",
];

/// What a whole report parses to, for comparing a report with hostile text
/// with the same report without it.
#[derive(Debug, Default)]
struct Structure {
    headings: usize,
    links: Vec<String>,
    images: Vec<String>,
    html: Vec<String>,
    code_blocks: usize,
    tables_ok: bool,
}

impl Structure {
    fn of_pulldown(markdown: &str) -> Structure {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_GFM
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        let mut out = Structure {
            tables_ok: true,
            ..Structure::default()
        };
        let mut columns = 0;
        let mut cells = 0;
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => out.html.push(h.to_string()),
                Event::Start(Tag::Link { dest_url, .. }) => out.links.push(dest_url.to_string()),
                Event::Start(Tag::Image { dest_url, .. }) => out.images.push(dest_url.to_string()),
                Event::Start(Tag::Heading { .. }) => out.headings += 1,
                Event::Start(Tag::CodeBlock(_)) => out.code_blocks += 1,
                Event::Start(Tag::Table(alignments)) => columns = alignments.len(),
                Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
                Event::Start(Tag::TableCell) => cells += 1,
                Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                    out.tables_ok &= cells == columns;
                }
                _ => {}
            }
        }
        out
    }

    fn of_gfm(markdown: &str) -> Structure {
        use comrak::nodes::NodeValue;
        let mut options = comrak::Options::default();
        options.extension.table = true;
        options.extension.autolink = true;
        options.extension.strikethrough = true;
        options.extension.tasklist = true;
        options.extension.shortcodes = true;
        options.extension.front_matter_delimiter = Some("---".into());
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, markdown, &options);
        let mut out = Structure {
            tables_ok: true,
            ..Structure::default()
        };
        for node in root.descendants() {
            match &node.data().value {
                NodeValue::Link(link) => out.links.push(link.url.clone()),
                NodeValue::Image(link) => out.images.push(link.url.clone()),
                NodeValue::HtmlBlock(h) => out.html.push(h.literal.clone()),
                NodeValue::HtmlInline(h) => out.html.push(h.clone()),
                NodeValue::ShortCode(c) => out.html.push(c.code.clone()),
                NodeValue::Heading(_) => out.headings += 1,
                NodeValue::CodeBlock(_) => out.code_blocks += 1,
                NodeValue::Table(table) => {
                    let columns = table.alignments.len();
                    out.tables_ok &= node.children().all(|row| row.children().count() == columns);
                }
                _ => {}
            }
        }
        out
    }
}

#[test]
fn hostile_notes_and_names_stay_in_their_place() {
    let (_, mut session, _) = fixture();
    session.state.name = "Evil | State <b>x</b> # [l](http://x)".into();
    session.mission.assessors = vec!["{{ assessor }}".into(), "| pipe".into()];
    for (i, note) in HOSTILE.iter().enumerate() {
        let id = [
            "A1.1",
            "A1.2",
            "CX.untoc",
            "CX.languages",
            "CX.population",
            "OLD.1",
        ][i];
        let answer = session.answer_mut(id, jiff::Timestamp::UNIX_EPOCH);
        answer.note = (*note).to_string();
        if answer.status.is_none() {
            answer.status = Some(Status::Unknown);
        }
        answer.confidence = Some(Confidence::Low);
    }
    session.answer_mut("A1.1", jiff::Timestamp::UNIX_EPOCH).note +=
        "\nMail jane.doe@example.org, see www.example.org or https://example.org/x :smile:";
    let a = session.answer_mut("A1.2", jiff::Timestamp::UNIX_EPOCH);
    a.status = Some(Status::Answered);
    a.value = Some(Value::Choice("fine".into()));
    let report = render_fixture(&session);
    assert!(
        !report.contains(" <script") && !report.contains("><img"),
        "HTML only ever appears escaped"
    );
    assert!(
        report.contains("\\{\\{ 7\\*7 }}"),
        "user text is never template source, for minijinja or for a Liquid or Jinja pass over the Markdown"
    );
    let clean = render_fixture(&fixture().1);
    for renderer in [Structure::of_pulldown, Structure::of_gfm] {
        let hostile = renderer(&report);
        let plain = renderer(&clean);
        assert_eq!(
            hostile.links, plain.links,
            "no link was made from user text (the references key links only tana's own table)"
        );
        assert!(
            hostile
                .links
                .iter()
                .all(|l| l.starts_with("https://") || l.starts_with("http://")),
            "{:?}",
            hostile.links
        );
        assert!(hostile.html.is_empty(), "no HTML: {:?}", hostile.html);
        assert_eq!(
            hostile.images,
            vec!["report-assets/levels.svg".to_string()],
            "only the chart is an image"
        );
        assert_eq!(hostile.headings, plain.headings, "no heading was injected");
        assert_eq!(hostile.code_blocks, 0, "no code block was made");
        assert!(hostile.tables_ok, "every table row keeps its columns");
    }
    assert!(report.contains("Evil \\| State"), "{}", &report[..200]);
}

/// The text a reader sees in rendered Markdown (pulldown-cmark), joiners removed.
fn seen_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let mut out = String::new();
    for event in Parser::new_ext(markdown, Options::all() - Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&markdown::strip_joiners(&t)),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn integer_levels_print_without_decimals_and_means_with_one() {
    let report = render_fixture(&fixture().1);
    assert!(
        report.contains(
            "- **A1.1 Are all stages of identity-related conduct criminalised?**: level 2, target 3 (confidence medium). All stages"
        ),
        "an indicator's level is a whole number, with its target when below it: {report}"
    );
    assert!(
        !report.contains("level 2.0") && !report.contains("at 2.0"),
        "no `2.0` for a level"
    );
    assert!(
        report.contains("mean 2.0, confidence"),
        "an area's mean keeps its decimal"
    );
}

#[test]
fn areas_below_the_target_are_counted_among_assessed_areas_only() {
    let questionnaire = Questionnaire::embedded();
    let mut session = crate::testing::blank_session(&questionnaire);
    session.state.name = "Testland".into();
    let first = questionnaire
        .questions
        .iter()
        .find(|q| q.indicator && matches!(q.kind, Kind::Maturity { .. }))
        .unwrap();
    crate::testing::record(
        &mut session,
        &first.id,
        Status::Answered,
        Some(Value::Level(1)),
    );
    let analysis = Analysis::of(&questionnaire, &session, &Roster::embedded());
    let data = data::gather(
        &questionnaire,
        &session,
        &analysis,
        &Roster::embedded(),
        "x.svg",
    );
    let report = render(&data, &Templates::Embedded).unwrap();
    let areas = questionnaire.stats().scored_sections;
    assert!(
        report.contains(&format!(
            "1 of 1 assessed area has a mean below target; {} areas have no level yet.",
            areas - 1
        )),
        "{}",
        &report[..1200]
    );
}

#[test]
fn notes_on_unscored_questions_in_scored_areas_reach_the_report() {
    let questionnaire = Questionnaire::embedded();
    let session = crate::demo::session(&questionnaire);
    let analysis = Analysis::of(&questionnaire, &session, &Roster::embedded());
    let data = data::gather(
        &questionnaire,
        &session,
        &analysis,
        &Roster::embedded(),
        "x.svg",
    );
    let text = seen_text(&render(&data, &Templates::Embedded).unwrap());
    for id in ["A10.5", "A11.1"] {
        let note = &session.answer(id).unwrap().note;
        assert!(!note.is_empty());
        assert!(
            text.contains(note.trim()),
            "the note of {id} is in the report"
        );
    }
}

#[test]
fn text_recorded_under_to_confirm_is_shown() {
    let (questionnaire, mut session, roster) = fixture();
    crate::testing::record(
        &mut session,
        "CX.population",
        Status::Unknown,
        Some(Value::Number(1_200_000.0)),
    );
    crate::testing::record(
        &mut session,
        "A1.2",
        Status::Unknown,
        Some(Value::Choice("fine".into())),
    );
    let analysis = Analysis::of(&questionnaire, &session, &roster);
    let data = data::gather(&questionnaire, &session, &analysis, &roster, "x.svg");
    let text = seen_text(&render(&data, &Templates::Embedded).unwrap());
    assert!(
        text.contains("To confirm. Recorded so far: 1200000"),
        "{text}"
    );
    let label = questionnaire
        .questions
        .iter()
        .find(|q| q.id == "A1.2")
        .unwrap()
        .choice("fine")
        .unwrap()
        .label
        .get("en")
        .to_string();
    assert!(
        text.contains(&format!("to confirm (recorded: {label})")),
        "{text}"
    );
}

/// A value of the question's kind that the report must show.
fn value_for(question: &crate::questionnaire::Question, i: usize) -> Value {
    match &question.kind {
        Kind::Maturity { .. } => Value::Level(u8::try_from(i % 5).unwrap()),
        Kind::Single { choices } => Value::Choice(choices[i % choices.len()].id.clone()),
        Kind::Multi { choices } => {
            Value::Choices(choices.iter().take(2).map(|c| c.id.clone()).collect())
        }
        Kind::YesNo => Value::YesNo(i.is_multiple_of(2)),
        Kind::Number { min, .. } => Value::Number(min.unwrap_or(0.0) + 7.0),
        Kind::Text => Value::Text(format!("Recorded text {i} for {}", question.id)),
        Kind::Date => Value::Date(jiff::civil::date(2027, 1, 15)),
    }
}

#[test]
fn every_note_and_every_recorded_value_of_every_kind_reaches_the_report() {
    let questionnaire = Questionnaire::embedded();
    let roster = Roster::embedded();
    let mut kinds = std::collections::BTreeSet::new();
    for status in [Status::Answered, Status::Unknown, Status::NotApplicable] {
        let mut session = crate::testing::blank_session(&questionnaire);
        for (i, question) in questionnaire.questions.iter().enumerate() {
            kinds.insert(question.kind.name());
            let answer = session.answer_mut(&question.id, jiff::Timestamp::UNIX_EPOCH);
            answer.status = Some(status);
            answer.value = Some(value_for(question, i));
            answer.note = format!("Note {i} on {} while {}", question.id, status.name());
        }
        // An answer whose question no longer exists.
        let orphan = session.answer_mut("GONE.1", jiff::Timestamp::UNIX_EPOCH);
        orphan.status = Some(status);
        orphan.value = Some(Value::Text("Orphaned value".into()));
        orphan.note = "Orphaned note".into();
        let analysis = Analysis::of(&questionnaire, &session, &roster);
        let data = data::gather(&questionnaire, &session, &analysis, &roster, "x.svg");
        let text = seen_text(&render(&data, &Templates::Embedded).unwrap());
        let language = questionnaire.fallback_language();
        for (i, question) in questionnaire.questions.iter().enumerate() {
            let note = format!("Note {i} on {} while {}", question.id, status.name());
            assert!(text.contains(&note), "missing note {note:?}");
            let value = data::describe(question, &value_for(question, i), language);
            assert!(
                text.contains(&value),
                "missing value {value:?} of {} ({})",
                question.id,
                status.name()
            );
        }
        assert!(
            text.contains("Orphaned value") && text.contains("Orphaned note"),
            "orphans"
        );
    }
    assert_eq!(kinds.len(), 7, "every question kind was tried: {kinds:?}");
}

fn md_request(templates: Templates, output: &Path) -> Request {
    Request {
        templates,
        destination: Destination::File(output.to_path_buf()),
        format: Format::Md,
        force: false,
        inventory: None,
    }
}

fn write_template(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn render_with(template: &Path) -> Result<String> {
    let (questionnaire, session, roster) = fixture();
    let analysis = Analysis::of(&questionnaire, &session, &roster);
    let data = data::gather(&questionnaire, &session, &analysis, &roster, "x.svg");
    render(&data, &Templates::File(template.to_path_buf()))
}

#[test]
fn undefined_variable_names_template_and_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let template = write_template(
        dir.path(),
        "mine.md.j2",
        "# {{ state.name }}\n\n{{ state.nmae }}\n",
    );
    let err = format!("{:#}", render_with(&template).unwrap_err());
    assert!(err.contains("template mine.md.j2, line 3"), "{err}");
    assert!(err.contains("undefined"), "{err}");
    let (questionnaire, session, roster) = fixture();
    let output = dir.path().join("out.md");
    assert!(
        write(
            &questionnaire,
            &session,
            &roster,
            &md_request(Templates::File(template), &output)
        )
        .is_err()
    );
    assert!(!output.exists(), "no partial report");
}

#[test]
fn runaway_loops_and_recursion_are_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let looping = write_template(
        dir.path(),
        "loop.md.j2",
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    );
    let err = format!("{:#}", render_with(&looping).unwrap_err());
    assert!(err.contains("fuel") || err.contains("range"), "{err}");
    let recursive = write_template(
        dir.path(),
        "rec.md.j2",
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    );
    let err = format!("{:#}", render_with(&recursive).unwrap_err());
    assert!(err.contains("recursion"), "{err}");
}

#[test]
fn includes_outside_the_template_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    write_template(dir.path(), "secret.md.j2", "secret");
    let template = write_template(
        &dir.path().join("templates"),
        "main.md.j2",
        "{% include \"../secret.md.j2\" %}",
    );
    let err = format!("{:#}", render_with(&template).unwrap_err());
    assert!(
        err.contains("not found") || err.contains("template"),
        "{err}"
    );
    assert!(!err.contains("secret\n"));
    let absolute = write_template(
        &dir.path().join("templates"),
        "abs.md.j2",
        "{% include \"/etc/hostname\" %}",
    );
    assert!(render_with(&absolute).is_err());
}

#[test]
fn a_custom_template_can_use_partials_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    write_template(
        dir.path(),
        "_part.md.j2",
        "Level {{ overall | level }} for {{ state.name }}.",
    );
    let template = write_template(
        dir.path(),
        "brief.md.j2",
        "# Brief\n\n{% include \"_part.md.j2\" %}\n",
    );
    let text = render_with(&template).unwrap();
    assert!(text.contains("for Republic of Examplia."), "{text}");
}

#[test]
fn chart_is_valid_svg_with_escaped_labels() {
    let (questionnaire, mut session, roster) = fixture();
    session.mission.target = Some(2);
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("r.md");
    write(
        &questionnaire,
        &session,
        &roster,
        &md_request(Templates::Embedded, &output),
    )
    .unwrap();
    let svg = std::fs::read_to_string(dir.path().join("r-assets/levels.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("target 2"));
    assert!(
        std::fs::read_to_string(&output)
            .unwrap()
            .contains("](r-assets/levels.svg)")
    );
}

/// The demo's report as `tana demo` writes it.
fn demo_markdown() -> String {
    let questionnaire = Questionnaire::embedded();
    let session = crate::demo::session(&questionnaire);
    let roster = Roster::embedded();
    let analysis = Analysis::of(&questionnaire, &session, &roster);
    let data = data::gather(
        &questionnaire,
        &session,
        &analysis,
        &roster,
        "examplia-report-assets/levels.svg",
    );
    markdown::fit_table_rules(&render(&data, &Templates::Embedded).unwrap())
}

#[test]
fn demo_report_markdown_snapshot() {
    insta::assert_snapshot!(demo_markdown());
}

#[test]
fn demo_report_html_snapshot() {
    let questionnaire = Questionnaire::embedded();
    let session = crate::demo::session(&questionnaire);
    let roster = Roster::embedded();
    let analysis = Analysis::of(&questionnaire, &session, &roster);
    let data = data::gather(&questionnaire, &session, &analysis, &roster, "levels.svg");
    let chart = svg::levels_chart(&data.areas, data.target);
    let markdown = markdown::fit_table_rules(&render(&data, &Templates::Embedded).unwrap());
    let page = html::page(
        &markdown,
        "Technical-assistance needs assessment: Republic of Examplia",
        &[("levels.svg", &chart)],
    );
    assert!(page.contains(&chart), "the chart is inline");
    insta::assert_snapshot!(page);
}

#[test]
fn the_demo_report_carries_fewer_than_one_backslash_per_2000_characters() {
    let markdown = demo_markdown();
    let backslashes = markdown.matches('\\').count();
    let characters = markdown.chars().count();
    eprintln!(
        "the demo report: {backslashes} backslashes in {characters} characters (one per {})",
        characters / backslashes.max(1)
    );
    assert!(
        backslashes * 2000 < characters,
        "{backslashes} backslashes in {characters} characters"
    );
    for needless in ["\\'", "\\:", "A\\. ", "M\\. ", "\\\""] {
        assert!(!markdown.contains(needless), "no needless {needless}");
    }
}

#[test]
fn separator_rows_are_sized_to_their_columns() {
    let table = "| # | Question | Level |\n|---:|---|---:|\n| 1 | A question of some length that wraps in Word | 2 |\n";
    let fitted = markdown::fit_table_rules(table);
    let rule = fitted.lines().nth(1).unwrap();
    assert_eq!(rule, format!("| ------: | {} | ------: |", "-".repeat(44)));
    assert_eq!(
        markdown::fit_table_rules("no table\n| not | a table |\n"),
        "no table\n| not | a table |\n"
    );
}

#[test]
fn a_policy_choice_is_listed_with_its_reason_and_makes_no_need() {
    let questionnaire = Questionnaire::from_source(&QUESTIONNAIRE.replace(
        "        guidance: Ask for the penal code.\n",
        "        guidance: Ask for the penal code.\n        policy_choice: The State may choose not to criminalise possession alone.\n",
    ))
    .unwrap();
    let (_, mut session, roster) = fixture();
    session.questionnaire.hash = questionnaire.hash.clone();
    let answer = session.answer_mut("A1.1", jiff::Timestamp::UNIX_EPOCH);
    answer.status = Some(Status::PolicyChoice);
    answer.reason = "Possession alone is left to administrative law by a 2019 policy.".into();
    let analysis = Analysis::of(&questionnaire, &session, &roster);
    assert!(analysis.needs.needs.iter().all(|n| n.id != "A1.1"));
    let data = data::gather(&questionnaire, &session, &analysis, &roster, "c.svg");
    assert_eq!(data.policy_choices.len(), 1);
    assert_eq!(data.policy_choices[0].id, "A1.1");
    let report = render(&data, &Templates::Embedded).unwrap();
    assert!(
        report.contains(
            "**Deliberate policy choice:** Possession alone is left to administrative law by a 2019 policy."
        ),
        "{report}"
    );
    assert!(report.contains("1 a deliberate policy choice"), "{report}");
}

/// The demo's report data and Markdown, as `tana demo` makes them.
fn demo_data() -> (data::ReportData, String) {
    let questionnaire = Questionnaire::embedded();
    let session = crate::demo::session(&questionnaire);
    let roster = Roster::embedded();
    let analysis = Analysis::of(&questionnaire, &session, &roster);
    let data = data::gather(
        &questionnaire,
        &session,
        &analysis,
        &roster,
        "examplia-report-assets/levels.svg",
    );
    let markdown = markdown::fit_table_rules(&render(&data, &Templates::Embedded).unwrap());
    (data, markdown)
}

/// The text of one `## ` section of a report, up to the next.
fn section<'a>(markdown: &'a str, heading: &str) -> &'a str {
    let start = markdown
        .find(&format!("\n## {heading}"))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &markdown[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

#[test]
fn the_demo_lists_stakeholders_met_and_not_met_with_why() {
    let questionnaire = Questionnaire::embedded();
    let session = crate::demo::session(&questionnaire);
    let (_, markdown) = demo_data();
    let method = section(&markdown, "Mission and method");
    let not_met: Vec<_> = session.stakeholders.iter().filter(|s| !s.met).collect();
    assert!(!not_met.is_empty(), "the demo records meetings not held");
    for s in session.stakeholders.iter().filter(|s| s.met) {
        assert!(
            method.contains(&markdown::cell(&s.institution)),
            "{} is listed as met",
            s.institution
        );
    }
    let not_met_part = &method[method
        .find("Not met:")
        .expect("a list of meetings not held")..];
    for s in &not_met {
        assert!(!s.why_not.is_empty());
        assert!(
            not_met_part.contains(&format!(
                "**{}**: {}",
                markdown::inline(&s.institution),
                markdown::inline(&s.why_not)
            )),
            "{} is listed as not met, with why",
            s.institution
        );
    }
    assert!(
        method.contains("### Limitations")
            && method.contains("southern districts were not visited")
    );
    assert!(
        method
            .contains("**Draft for validation by the State.** Not yet shared with the authorities")
    );
}

#[test]
fn the_demo_shows_where_each_answer_came_from() {
    let questionnaire = Questionnaire::embedded();
    let session = crate::demo::session(&questionnaire);
    let (data, markdown) = demo_data();
    let findings = section(&markdown, "Findings by area");
    // A1.1: a document seen at one institution, stated orally at another.
    let answer = session.answer("A1.1").unwrap();
    assert!(answer.sources.len() >= 2);
    let a1 = &findings[findings.find("### A1 ").unwrap()..findings.find("### A2 ").unwrap()];
    let sources_line = a1
        .lines()
        .find_map(|l| l.strip_prefix("Sources: "))
        .expect("A1 names its sources");
    for src in &answer.sources {
        let institution = &session
            .stakeholder(src.stakeholder.as_deref().unwrap())
            .unwrap()
            .institution;
        let how = crate::words::report::how(src.how);
        let part = sources_line
            .split("; ")
            .find(|p| p.starts_with(&markdown::inline(institution)))
            .unwrap_or_else(|| panic!("{institution} in {sources_line}"));
        let after = &part[part.find(how).unwrap_or_else(|| panic!("{how} in {part}"))..];
        let ids = after.split(", ").next().unwrap();
        assert!(ids.contains("A1.1") || after.contains("A1.1"), "{part}");
    }
    // Every recorded source of every answer reaches its area's data.
    for area in &data.areas {
        for indicator in &area.indicators {
            for src in &indicator.answered_by {
                assert!(
                    area.sources.iter().any(|s| s.stakeholder == src.stakeholder
                        && s.ways
                            .iter()
                            .any(|w| w.how == src.how && w.answers.contains(&indicator.id))),
                    "{} from {:?}",
                    indicator.id,
                    src.stakeholder
                );
            }
        }
    }
    // The register in annex A names the source of each answer by its stakeholder id.
    let annex = section(&markdown, "Annex A: all answers");
    let row = annex.lines().find(|l| l.starts_with("| A1.1 ")).unwrap();
    assert!(
        row.contains("S2 document") && row.contains("S1 oral"),
        "{row}"
    );
}

#[test]
fn the_references_key_decodes_every_code_the_demo_report_prints() {
    let (_, markdown) = demo_data();
    let table = crate::references::References::shipped();
    let key = section(&markdown, "Annex E: references");
    let body = &markdown[..markdown.find("\n## Annex E").unwrap()];
    let found = table.scan(body);
    assert!(
        found.len() > 100,
        "the report cites many codes ({})",
        found.len()
    );
    let mut decoded = std::collections::BTreeSet::new();
    for f in &found {
        let entry = &table.entries[f.index];
        assert!(
            key.contains(&format!(
                "- **{}**: {}",
                markdown::inline(&entry.code),
                markdown::inline(&entry.title)
            )),
            "the key decodes {} (cited as {:?})",
            entry.code,
            &body[f.at.clone()]
        );
        decoded.insert(entry.code.as_str());
    }
    // Nothing is printed in the key that the report does not cite.
    let listed = key.lines().filter(|l| l.starts_with("- **")).count();
    assert_eq!(listed, decoded.len(), "only cited references are listed");
    // Every seed paragraph printed anywhere (`000 ¶10`, `004 §2`) has its seed in the key.
    let mut rest = body;
    while let Some(i) = rest.find(['¶', '§']) {
        let before = rest[..i].trim_end();
        let code: String = before
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if code.len() == 3 && code.chars().all(|c| c.is_ascii_digit()) {
            assert!(
                key.contains(&format!("- **{code}**:")),
                "seed {code} is decoded"
            );
        }
        rest = &rest[i + '¶'.len_utf8()..];
    }
    // Each questionnaire citation printed in the findings resolves to an entry.
    let questionnaire = Questionnaire::embedded();
    for q in &questionnaire.questions {
        for source in &q.sources {
            assert!(
                table.find(source).is_some(),
                "{} cites {source}, which the table lacks",
                q.id
            );
        }
    }
}

#[test]
fn the_classification_legend_says_each_reason_once() {
    let (data, markdown) = demo_data();
    let texts: Vec<&str> = data.legend.groups.iter().map(|g| g.text.as_str()).collect();
    let unique: std::collections::BTreeSet<&str> = texts.iter().copied().collect();
    assert_eq!(
        texts.len(),
        unique.len(),
        "no two groups share a sentence: {texts:#?}"
    );
    assert!(
        data.legend.groups.len() < data.needs.len() / 2,
        "needs are grouped"
    );
    let grouped: usize = data.legend.groups.iter().map(|g| g.needs.len()).sum();
    assert_eq!(grouped, data.needs.len(), "every need is in one group");
    for g in &data.legend.groups {
        assert!(
            !g.text.contains("level "),
            "a reason is said without the level: {}",
            g.text
        );
    }
    // The report prints no rationale sentence per need: each line of annex D is distinct.
    let annex = section(&markdown, "Annex D: how needs are classified");
    let lines: Vec<&str> = annex.lines().filter(|l| l.starts_with("- **C")).collect();
    assert_eq!(lines.len(), data.legend.groups.len());
    let mut sentences: Vec<&str> = markdown
        .lines()
        .filter(|l| l.contains(" because "))
        .collect();
    let all = sentences.len();
    sentences.sort_unstable();
    sentences.dedup();
    assert_eq!(
        all,
        sentences.len(),
        "no sentence with a reason is repeated"
    );
}

#[test]
fn human_rights_due_diligence_is_raised_for_the_police_online_and_facial_matching_needs() {
    let (data, markdown) = demo_data();
    let risk = data
        .risks
        .iter()
        .find(|r| r.code == "human-rights")
        .expect("the demo raises a human-rights due diligence risk");
    let ids: Vec<&str> = risk
        .groups
        .iter()
        .flat_map(|g| g.needs.iter().map(|n| n.id.as_str()))
        .collect();
    // A10.3 online markets (investigators), A10.6 the police's AI tools (facial matching).
    for id in ["A10.3", "A10.6"] {
        assert!(ids.contains(&id), "{id} raises the risk: {ids:?}");
    }
    let a103 = risk
        .groups
        .iter()
        .flat_map(|g| &g.needs)
        .find(|n| n.id == "A10.3")
        .unwrap();
    assert_eq!(
        a103.kinds,
        "support to security forces and surveillance capability"
    );
    // Only needs on marked indicators raise it.
    let questionnaire = Questionnaire::embedded();
    for id in &ids {
        assert!(
            !questionnaire.question(id).unwrap().risks.is_empty(),
            "{id} is marked"
        );
    }
    let risks = section(&markdown, "Risks");
    assert!(risks.contains("### Human-rights due diligence"));
    assert!(risks.contains("(HRDDP, A/67/775–S/2013/110)"));
    assert!(risks.contains("| A10.3 "), "the need is listed");
    // The plan marks the need, the summary says it, the key decodes the policy.
    assert!(section(&markdown, "Assistance plan").contains(
        "human-rights due diligence (support to security forces and surveillance capability)"
    ));
    assert!(data.key_messages.iter().any(|m| m.code == "human-rights"));
    assert!(
        section(&markdown, "Annex E: references")
            .contains("- **HRDDP**: Human rights due diligence policy")
    );
}

#[test]
fn the_demo_summary_carries_the_assessors_findings_and_messages_from_the_data() {
    let (data, markdown) = demo_data();
    let summary = section(&markdown, "Executive summary");
    assert!(summary.contains("### Key findings"));
    assert!(summary.contains("late birth registration on witness statements"));
    let codes: Vec<&str> = data.key_messages.iter().map(|m| m.code).collect();
    for code in [
        "request",
        "largest-gaps",
        "funding",
        "programmes",
        "human-rights",
        "not-met",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    for message in &data.key_messages {
        assert!(
            summary.contains(&markdown::inline(&message.text)),
            "{}",
            message.text
        );
    }
    // The plan at a glance: one row per workstream, with size, window and funding.
    for ws in &data.plan.workstreams {
        assert!(
            summary.contains(&format!(
                "| {} | {}",
                ws.position,
                markdown::cell(&ws.title)
            )),
            "{}",
            ws.title
        );
    }
    assert!(summary.contains("Sizes are indicative"));
}

#[test]
fn the_plan_gives_what_why_who_size_when_and_funding_for_each_workstream() {
    let (data, markdown) = demo_data();
    let plan = section(&markdown, "Assistance plan");
    assert!(!data.plan.workstreams.is_empty());
    for ws in &data.plan.workstreams {
        let start = plan
            .find(&format!(
                "### {}. {}",
                ws.position,
                markdown::inline(&ws.title)
            ))
            .unwrap_or_else(|| panic!("workstream {} has its heading", ws.title));
        let block = &plan[start..];
        let block = &block[..block[4..].find("\n### ").map_or(block.len(), |e| e + 4)];
        for label in [
            "**Why here:**",
            "**Who:**",
            "**Size:**",
            "**When:**",
            "**Funding:**",
        ] {
            assert!(block.contains(label), "{label} for {}", ws.title);
        }
        for need in &ws.needs {
            assert!(
                block.contains(&format!("- **{} ", need.id)),
                "{} under {}",
                need.id,
                ws.title
            );
        }
    }
    // Every need is in the plan once.
    let in_plan: usize = data.plan.workstreams.iter().map(|w| w.needs.len()).sum();
    assert_eq!(in_plan, data.needs.len());
    // The requested workstreams come before the others unless a dependency says otherwise.
    assert!(data.plan.workstreams[0].requested);
}
