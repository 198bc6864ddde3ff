//! The full report for a fixture session (snapshot), user text that tries
//! to break out of its place, and templates that go wrong.

use super::*;
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

#[test]
fn hostile_notes_and_names_stay_in_their_place() {
    use pulldown_cmark::{Event, Options, Parser, Tag};
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
    let a = session.answer_mut("A1.2", jiff::Timestamp::UNIX_EPOCH);
    a.status = Some(Status::Answered);
    a.value = Some(Value::Choice("fine".into()));
    let report = render_fixture(&session);
    assert!(
        !report.contains(" <script") && !report.contains("><img"),
        "HTML only ever appears escaped"
    );
    assert!(
        report.contains("\\{\\{ 7\\*7 \\}\\}"),
        "user text is never template source"
    );
    let options = Options::ENABLE_TABLES | Options::ENABLE_GFM | Options::ENABLE_STRIKETHROUGH;
    let mut headings = Vec::new();
    let mut tables_ok = true;
    let mut columns: Vec<usize> = Vec::new();
    let mut row_cells = 0;
    for event in Parser::new_ext(&report, options) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML in the report: {h}"),
            Event::Start(Tag::Link { dest_url, .. }) => panic!("a link was created: {dest_url}"),
            Event::Start(Tag::Image { dest_url, .. }) => {
                assert_eq!(
                    &*dest_url, "report-assets/levels.svg",
                    "only the chart is an image"
                );
            }
            Event::Start(Tag::Heading { .. }) => headings.push(()),
            Event::Start(Tag::CodeBlock(_)) => panic!("a code block was created"),
            Event::Start(Tag::Table(alignments)) => columns.push(alignments.len()),
            Event::Start(Tag::TableRow | Tag::TableHead) => row_cells = 0,
            Event::Start(Tag::TableCell) => row_cells += 1,
            Event::End(pulldown_cmark::TagEnd::TableRow | pulldown_cmark::TagEnd::TableHead) => {
                tables_ok &= Some(&row_cells) == columns.last();
            }
            _ => {}
        }
    }
    assert!(tables_ok, "every table row keeps its columns");
    let clean_headings = render_fixture(&fixture().1).matches("\n#").count() + 1;
    assert_eq!(headings.len(), clean_headings, "no heading was injected");
    assert!(report.contains("Evil \\| State"), "{}", &report[..200]);
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
            &Templates::File(template),
            &output
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
        &Templates::Embedded,
        &output,
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
