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
        assert!(
            hostile.links.is_empty(),
            "no link was made: {:?}",
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
            "| A1.1 Are all stages of identity-related conduct criminalised? | 2 | All stages"
        ),
        "an indicator's level is a whole number: {report}"
    );
    assert!(
        !report.contains("| 2.0 | All stages"),
        "no `2.0` for a level"
    );
    assert!(
        report.contains("Level **2.0** (target 3"),
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
            "1 of 1 assessed area is below the target; {} areas have no level yet.",
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
            "**A1.1 deliberate policy choice:** Possession alone is left to administrative law by a 2019 policy."
        ),
        "{report}"
    );
    assert!(report.contains("1 a deliberate policy choice"), "{report}");
}
