//! Synthetic content of any size, for benchmarks and tests: a questionnaire
//! of N questions and a roster of N experts, both valid and deterministic.

use std::fmt::Write as _;

/// The YAML text of a valid questionnaire with `questions` maturity questions
/// spread over sections of 50, with conditions linking some of them.
pub fn questionnaire_yaml(questions: usize) -> String {
    let mut out = String::with_capacity(questions * 900);
    out.push_str("tana-questionnaire: 1\nid: synthetic\nversion: \"1\"\ntitle: Synthetic questionnaire\nsections:\n");
    let sections = questions.div_ceil(50).max(1);
    let mut n = 0;
    for s in 0..sections {
        let _ = write!(
            out,
            "  - id: S{s}\n    title: Synthetic area {s}\n    questions:\n"
        );
        for q in 0..50 {
            if n == questions {
                break;
            }
            let _ = write!(
                out,
                "      - id: S{s}.{q}\n        kind: maturity\n        text: Synthetic question {n} about the capacity of the State in area {s}?\n        guidance: Ask for the law, the procedure and the statistics that show it works.\n        levels:\n          0: Nothing exists.\n          1: A draft or an ad hoc practice exists.\n          2: It is in place and working.\n          3: It is comprehensive and resourced.\n          4: It is evaluated and adapted.\n        sources: [\"000 ¶34\"]\n        tags: [LEG-DRAFT]\n        needs:\n          - {{levels: 0-1, extent: advisory}}\n          - {{levels: \"2\", extent: capacity}}\n        recommendations:\n          - {{levels: 0-1, text: Adopt the missing framework.}}\n          - {{levels: 2-3, text: Resource and evaluate it.}}\n"
            );
            if q % 10 == 9 {
                let _ = writeln!(out, "        when: S{s}.{} >= 1", q - 1);
            }
            n += 1;
        }
    }
    out
}

/// The YAML text of a valid roster of `experts` fictitious experts.
pub fn roster_yaml(experts: usize) -> String {
    const TAGS: [&str; 15] = [
        "LEG-DRAFT",
        "PROC-EEVID",
        "INTL-COOP",
        "ID-CRVS",
        "TRAVEL-DOC",
        "BORDER-MIG",
        "FIN-KYC-VA",
        "PPP-PREV",
        "VICTIM-REMED",
        "HR-PRIVACY",
        "CRYPTO-DARKNET",
        "AI-ETHICS",
        "STATS",
        "DEV-RECON",
        "CUSTOMS-TRADE",
    ];
    const LANGUAGES: [&str; 8] = ["en", "fr", "es", "ar", "ru", "zh", "pt", "sw"];
    const REGIONS: [&str; 5] = [
        "africa",
        "asia-pacific",
        "eastern-europe",
        "latin-america-caribbean",
        "western-europe-others",
    ];
    const SECTORS: [&str; 5] = [
        "public",
        "private",
        "international",
        "academia",
        "civil-society",
    ];
    const TRADITIONS: [&str; 3] = ["common", "civil", "mixed"];
    const ROLES: [&str; 3] = ["assessment", "delivery", "both"];
    let mut out = String::with_capacity(experts * 500);
    out.push_str("tana-roster: 1\ntitle: Synthetic roster\nnotice: Every expert here is fictitious.\ntags:\n");
    for tag in TAGS {
        let _ = writeln!(out, "  {tag}: Synthetic tag");
    }
    out.push_str("experts:\n");
    for i in 0..experts {
        let _ = write!(
            out,
            "  - id: SYN-{i}\n    name: Synthetic Expert {i}\n    sector: {}\n    organisation: Synthetic Organisation {}\n    nationality: {}\n    residence: {}\n    regions: [{}]\n    languages: {{{}: native, {}: working}}\n    legal_traditions: [{}]\n    expertise: [{}, {}]\n    role: {}\n    availability:\n      - {{from: 2026-01-01, to: 2027-12-31}}\n",
            SECTORS[i % 5],
            i % 97,
            ["KE", "FR", "BR", "IN", "UA", "MX", "NG", "JP"][i % 8],
            ["KE", "FR", "BR", "IN", "UA", "MX", "NG", "JP"][(i / 8) % 8],
            REGIONS[i % 5],
            LANGUAGES[i % 8],
            LANGUAGES[(i + 1 + (i / 8) % 7) % 8],
            TRADITIONS[i % 3],
            TAGS[i % 15],
            TAGS[(i + 1 + (i / 15) % 14) % 15],
            ROLES[i % 3],
        );
    }
    out
}

/// Answers every question of a questionnaire with a value that fits it
/// (levels spread over 0–4, every seventh marked unknown, notes on half),
/// as a full session for benchmarks.
pub fn answer_everything(
    questionnaire: &crate::questionnaire::Questionnaire,
    session: &mut crate::session::Session,
) {
    use crate::questionnaire::Kind;
    use crate::session::{Confidence, Status, Value};
    for (i, question) in questionnaire.questions.iter().enumerate() {
        let value = match &question.kind {
            Kind::Maturity { .. } => Value::Level(u8::try_from(i * 7 % 5).unwrap_or(0)),
            Kind::Single { choices } => Value::Choice(choices[i % choices.len()].id.clone()),
            Kind::Multi { choices } => Value::Choices(vec![choices[i % choices.len()].id.clone()]),
            Kind::YesNo => Value::YesNo(i % 2 == 0),
            Kind::Number { min, .. } => Value::Number(min.unwrap_or(0.0) + 10.0),
            Kind::Text => Value::Text(format!(
                "Answer to {} as given by the official.",
                question.id
            )),
            Kind::Date => Value::Date("2026-10-01".parse().expect("a valid date")),
        };
        let answer = session.answer_mut(&question.id, jiff::Timestamp::UNIX_EPOCH);
        if i % 7 == 6 {
            answer.status = Some(Status::Unknown);
        } else {
            answer.status = Some(Status::Answered);
            answer.value = Some(value);
        }
        answer.confidence = [
            None,
            Some(Confidence::Low),
            Some(Confidence::Medium),
            Some(Confidence::High),
        ][i % 4];
        if i % 2 == 0 {
            answer.note = format!(
                "Evidence for {}: the law and the 2025 statistics were shown;\nthe unit head confirmed the figures.",
                question.id
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::questionnaire::Questionnaire;
    use crate::roster::Roster;

    #[test]
    fn synthetic_content_is_valid() {
        let q = Questionnaire::from_source(&super::questionnaire_yaml(120)).unwrap();
        assert_eq!(q.questions.len(), 120);
        let r = Roster::from_source(&super::roster_yaml(300)).unwrap();
        assert_eq!(r.experts.len(), 300);
    }
}
