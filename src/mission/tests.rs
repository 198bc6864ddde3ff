//! Editing the mission record field by field: every field's text goes in
//! and comes back out, wrong text is refused with a typed reason and changes
//! nothing, items are added with fresh ids and removed unless answers cite
//! them, and answer sources toggle.

use super::*;
use crate::session::{Mission, QuestionnaireRef, SourceHow, StateInfo};
use crate::words;

const QUESTIONNAIRE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
workstreams:
  - {id: WS.LAW, title: Law}
  - {id: WS.ID, title: Identity}
sections:
  - id: A5
    title: Passports
    workstream: WS.ID
    questions:
      - {id: A5.1, kind: maturity, text: ICAO?, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: A5.2, kind: maturity, text: Checks?, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
  - id: A1
    title: Law
    workstream: WS.LAW
    questions:
      - {id: A1.1, kind: maturity, text: Offence?, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
";

fn setup() -> (Questionnaire, Session) {
    let q = Questionnaire::from_source(QUESTIONNAIRE).unwrap();
    let s = Session::new(
        StateInfo {
            name: "Examplia".into(),
            code: None,
            languages: Vec::new(),
        },
        Mission::default(),
        QuestionnaireRef::of(&q, None),
        jiff::Timestamp::UNIX_EPOCH,
    );
    (q, s)
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn each_field_goes_in_and_comes_back_out() {
    let (q, mut s) = setup();
    let cases: Vec<(Field, &str, &str)> = vec![
        (
            Field::StateName,
            " Republic of Examplia ",
            "Republic of Examplia",
        ),
        (Field::StateCode, "xe", "XE"),
        (Field::Languages, "fr, ar en", "fr, ar, en"),
        (Field::Title, "Needs assessment", "Needs assessment"),
        (
            Field::Purpose,
            "Assess.\nPropose a plan.\n",
            "Assess.\nPropose a plan.",
        ),
        (Field::Start, "2027-02-08", "2027-02-08"),
        (Field::End, "2027-02-12", "2027-02-12"),
        (
            Field::Assessors,
            "M. Okafor\n\n  J. Rivera  \n",
            "M. Okafor\nJ. Rivera",
        ),
        (Field::Target, "3", "3"),
        (Field::AreaTarget("A5".into()), "2", "2"),
        (
            Field::IndicatorTargets,
            "a5.1: 1\nA1.1 = 4\n",
            "A1.1: 4\nA5.1: 1",
        ),
        (
            Field::Bodies,
            "Directorate of Civil Status",
            "Directorate of Civil Status",
        ),
        (
            Field::Suppliers,
            "Veridex ID Systems\nSecuraprint",
            "Veridex ID Systems\nSecuraprint",
        ),
        (Field::Validation, "shared", "shared"),
        (Field::Limitations, "Customs not met.", "Customs not met."),
        (
            Field::FindingsOverall,
            "Strong law, weak checks.",
            "Strong law, weak checks.",
        ),
        (
            Field::AreaFinding("A5".into()),
            "412 fraudulent applications.",
            "412 fraudulent applications.",
        ),
    ];
    for (field, text, back) in cases {
        set(&mut s, &q, &field, text).unwrap_or_else(|e| panic!("{field:?}: {e:?}"));
        assert_eq!(value(&s, &q, &field), back, "{field:?}");
    }
    assert_eq!(s.state.code.as_deref(), Some("XE"));
    assert_eq!(s.mission.targets.get("A5"), Some(&2));
    assert_eq!(s.mission.targets.get("A5.1"), Some(&1));
    assert_eq!(s.mission.validation, Validation::Shared);
    // Emptying an optional field takes it away.
    set(&mut s, &q, &Field::AreaTarget("A5".into()), "").unwrap();
    assert!(!s.mission.targets.contains_key("A5"));
    assert_eq!(s.mission.targets.get("A5.1"), Some(&1), "indicator kept");
    set(&mut s, &q, &Field::StateCode, " ").unwrap();
    assert_eq!(s.state.code, None);
}

#[test]
fn wrong_text_is_refused_with_its_reason_and_changes_nothing() {
    let (q, mut s) = setup();
    set(&mut s, &q, &Field::Start, "2027-02-08").unwrap();
    let before = s.clone();
    let cases: Vec<(Field, &str, EditError)> = vec![
        (Field::StateName, "  ", EditError::Required),
        (
            Field::StateCode,
            "XEX",
            EditError::NotACountryCode { text: "XEX".into() },
        ),
        (
            Field::Languages,
            "fr, French",
            EditError::NotALanguage {
                text: "French".into(),
            },
        ),
        (
            Field::Languages,
            "fr ar fr",
            EditError::LanguageTwice {
                language: "fr".into(),
            },
        ),
        (
            Field::End,
            "2027-02-01",
            EditError::EndsBeforeStart {
                start: d("2027-02-08"),
                end: d("2027-02-01"),
            },
        ),
        (
            Field::End,
            "12/02/2027",
            EditError::NotADate {
                text: "12/02/2027".into(),
            },
        ),
        (
            Field::Target,
            "5",
            EditError::NotALevel { text: "5".into() },
        ),
        (
            Field::IndicatorTargets,
            "A5.1: 2\nA5.9: 1",
            EditError::UnknownIndicator {
                id: "A5.9".into(),
                nearest: Some("A5.1".into()),
            },
        ),
        (
            Field::IndicatorTargets,
            "A5: 2",
            EditError::AreaInIndicatorTargets { id: "A5".into() },
        ),
        (
            Field::IndicatorTargets,
            "A5.1 is two",
            EditError::NotATargetLine {
                line: 1,
                text: "A5.1 is two".into(),
            },
        ),
        (
            Field::Stakeholder(0, StakeholderField::Person),
            "Ms X",
            EditError::NoSuchItem,
        ),
    ];
    for (field, text, error) in cases {
        assert_eq!(
            set(&mut s, &q, &field, text),
            Err(error.clone()),
            "{field:?}"
        );
        assert_eq!(s, before, "{field:?} changed the session");
        let words = words::edit_error(&error);
        assert!(words.ends_with('.') || words.ends_with('?'), "{words}");
    }
}

#[test]
fn stakeholders_are_added_edited_and_removed() {
    let (q, mut s) = setup();
    let today = d("2027-03-01");
    let first = add(&mut s, List::Stakeholders, today);
    let j = add(&mut s, List::Stakeholders, today);
    assert_eq!(
        (
            s.stakeholders[first].id.as_str(),
            s.stakeholders[j].id.as_str()
        ),
        ("S1", "S2")
    );
    assert!(is_empty_item(&s, List::Stakeholders, j));
    set(
        &mut s,
        &q,
        &Field::Stakeholder(j, StakeholderField::Institution),
        "Ministry of Justice",
    )
    .unwrap();
    set(
        &mut s,
        &q,
        &Field::Stakeholder(j, StakeholderField::Date),
        "2027-02-09",
    )
    .unwrap();
    let met = Field::Stakeholder(j, StakeholderField::Met);
    assert_eq!(cycled(&s, &q, &met).as_deref(), Some("no"));
    set(&mut s, &q, &met, "no").unwrap();
    set(
        &mut s,
        &q,
        &Field::Stakeholder(j, StakeholderField::WhyNot),
        "cancelled",
    )
    .unwrap();
    assert_eq!(
        words::stakeholder_line(&s.stakeholders[j]),
        "S2 Ministry of Justice, not met: cancelled"
    );
    remove(&mut s, List::Stakeholders, first).unwrap();
    assert_eq!(add(&mut s, List::Stakeholders, today), 1);
    assert_eq!(
        s.stakeholders[1].id, "S3",
        "ids are never reused while a higher one exists"
    );
}

#[test]
fn windows_programmes_and_funds_are_checked() {
    let (q, mut s) = setup();
    let today = d("2027-03-01");
    let window = add(&mut s, List::Windows, today);
    assert_eq!(
        value(&s, &q, &Field::Window(window, WindowField::To)),
        "2027-06-01"
    );
    set(
        &mut s,
        &q,
        &Field::Window(window, WindowField::Workstreams),
        "ws.law",
    )
    .unwrap();
    assert_eq!(
        s.mission.delivery_windows[window].workstreams,
        vec!["WS.LAW"]
    );
    assert_eq!(
        set(
            &mut s,
            &q,
            &Field::Window(window, WindowField::To),
            "2027-02-01"
        ),
        Err(EditError::EndsBeforeStart {
            start: today,
            end: d("2027-02-01")
        })
    );
    assert_eq!(
        set(
            &mut s,
            &q,
            &Field::Window(window, WindowField::Workstreams),
            "WS.LAW, WS.IDD"
        ),
        Err(EditError::UnknownWorkstream {
            id: "WS.IDD".into(),
            nearest: Some("WS.ID".into())
        })
    );

    let programme = add(&mut s, List::Programmes, today);
    set(
        &mut s,
        &q,
        &Field::Programme(programme, ProgrammeField::Name),
        "NIDES",
    )
    .unwrap();
    set(
        &mut s,
        &q,
        &Field::Programme(programme, ProgrammeField::Lead),
        "Regional development bank",
    )
    .unwrap();
    set(
        &mut s,
        &q,
        &Field::Programme(programme, ProgrammeField::Indicators),
        "A5.1 A5",
    )
    .unwrap();
    assert_eq!(
        s.mission.programmes[programme].indicators,
        vec!["A5.1", "A5"]
    );
    assert_eq!(s.mission.programmes[programme].id, "P1");

    let fund = add(&mut s, List::Funds, today);
    set(
        &mut s,
        &q,
        &Field::Fund(fund, FundField::Source),
        "State budget",
    )
    .unwrap();
    set(&mut s, &q, &Field::Fund(fund, FundField::Amount), "160 000").unwrap();
    set(&mut s, &q, &Field::Fund(fund, FundField::Currency), "usd").unwrap();
    let status = Field::Fund(fund, FundField::Status);
    let next = cycled(&s, &q, &status).unwrap();
    set(&mut s, &q, &status, &next).unwrap();
    assert_eq!(
        words::fund_line(&s.mission.funds[fund]),
        "F1 State budget, 160000 USD, committed"
    );
    remove(&mut s, List::Funds, fund).unwrap();
    assert_eq!(
        remove(&mut s, List::Funds, fund),
        Err(EditError::NoSuchItem)
    );
}

#[test]
fn a_stakeholder_cited_by_answers_is_kept() {
    let (_, mut s) = setup();
    let i = add(&mut s, List::Stakeholders, d("2027-03-01"));
    let now = jiff::Timestamp::UNIX_EPOCH;
    let source = |how| AnswerSource {
        stakeholder: Some("S1".into()),
        how,
    };
    s.answer_mut("A5.1", now)
        .sources
        .push(source(SourceHow::Document));
    assert_eq!(
        remove(&mut s, List::Stakeholders, i),
        Err(EditError::StakeholderInUse {
            id: "S1".into(),
            answers: vec!["A5.1".into()]
        })
    );
    s.answers.clear();
    remove(&mut s, List::Stakeholders, i).unwrap();
}

#[test]
fn a_source_is_added_corrected_and_taken_away() {
    let source = |who: Option<&str>, how| AnswerSource {
        stakeholder: who.map(str::to_string),
        how,
    };
    let mut sources = Vec::new();
    assert_eq!(
        toggle_source(&mut sources, source(Some("S1"), SourceHow::Oral)),
        SourceChange::Added
    );
    assert_eq!(
        toggle_source(&mut sources, source(Some("S1"), SourceHow::Document)),
        SourceChange::Changed,
        "one entry per stakeholder"
    );
    assert_eq!(sources, vec![source(Some("S1"), SourceHow::Document)]);
    assert_eq!(
        toggle_source(&mut sources, source(None, SourceHow::Desk)),
        SourceChange::Added
    );
    assert_eq!(
        toggle_source(&mut sources, source(Some("S1"), SourceHow::Document)),
        SourceChange::Removed
    );
    assert_eq!(sources, vec![source(None, SourceHow::Desk)]);
}

#[test]
fn rows_follow_the_record() {
    let (q, mut s) = setup();
    add(&mut s, List::Stakeholders, d("2027-03-01"));
    let rows = rows(&s, &q);
    assert_eq!(rows[0], Row::Heading(Group::State));
    assert!(rows.contains(&Row::Field(Field::AreaTarget("A5".into()))));
    assert!(rows.contains(&Row::Field(Field::AreaFinding("A1".into()))));
    assert!(rows.contains(&Row::Item(List::Stakeholders, 0)));
    assert_eq!(rows.last(), Some(&Row::Add(List::Stakeholders)));
    for row in &rows {
        if let Row::Field(field) = row {
            assert!(!words::field_label(field, &q).is_empty());
        }
    }
    assert!(Field::AreaTarget("A5".into()).rescores() && !Field::Bodies.rescores());
}
