//! Needs classification: each gap becomes a need classified by extent
//! (advisory, capacity, systems, infrastructure; seed 000 ¶34) and by
//! delivery (the assisting office alone, as a broker with roster experts, or
//! partner-led), with the rule that produced it; plus the flags a mission
//! must act on first (funding, information to gather, donor awareness).

use std::fmt::Write as _;

use crate::questionnaire::{Delivery, Extent, Questionnaire};
use crate::scoring::{AreaConfidence, Scores};
use crate::session::{Session, Status, Value};

#[derive(Debug, Clone)]
pub struct Need {
    /// Index into `Questionnaire::questions`.
    pub question: usize,
    pub level: f64,
    pub gap: f64,
    pub priority: f64,
    pub extent: Extent,
    pub delivery: Delivery,
    pub partner: Option<String>,
    pub tags: Vec<String>,
    /// Why this classification: the rules that produced it, in words.
    pub rule: String,
}

impl Need {
    /// The short code `C<extent>-D<delivery>`, e.g. `C3-D3`.
    pub fn code(&self) -> String {
        format!(
            "{}-{}",
            extent_code(self.extent),
            delivery_code(self.delivery)
        )
    }
}

pub fn extent_code(extent: Extent) -> &'static str {
    match extent {
        Extent::Advisory => "C1",
        Extent::Capacity => "C2",
        Extent::Systems => "C3",
        Extent::Infrastructure => "C4",
    }
}

pub fn delivery_code(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Alone => "D1",
        Delivery::Broker => "D2",
        Delivery::Partner => "D3",
    }
}

pub fn extent_label(extent: Extent) -> &'static str {
    match extent {
        Extent::Advisory => "advisory and legislative drafting",
        Extent::Capacity => "capacity and training",
        Extent::Systems => "systems and technology",
        Extent::Infrastructure => "complete infrastructure or major project",
    }
}

pub fn delivery_label(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Alone => "assisting office alone",
        Delivery::Broker => "broker with roster experts",
        Delivery::Partner => "partner-led",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagKind {
    Funding,
    InformationFirst,
    DonorAwareness,
}

#[derive(Debug, Clone)]
pub struct Flag {
    pub kind: FlagKind,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct NeedsAssessment {
    /// Highest priority first (the order of `Scores::gaps_by_priority`).
    pub needs: Vec<Need>,
    pub flags: Vec<Flag>,
}

/// Classifies every gap of the scores.
pub fn classify(
    questionnaire: &Questionnaire,
    session: &Session,
    scores: &Scores,
) -> NeedsAssessment {
    let mut needs = Vec::new();
    for gap in scores.gaps_by_priority() {
        let question = &questionnaire.questions[gap.question];
        let section = &questionnaire.sections[question.section];
        let level = gap.level.unwrap_or(0.0);
        // Fractional levels (scored choices) take the rule of the level below.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = level.floor().clamp(0.0, 4.0) as u8;
        let (extent, mut rule) = match question.need_at(whole) {
            Some(r) => (
                r.extent,
                format!(
                    "level {whole} is in the range {}–{} that the questionnaire classifies as {}",
                    r.levels.start(),
                    r.levels.end(),
                    extent_label(r.extent)
                ),
            ),
            None => (
                Extent::Capacity,
                format!(
                    "no need rule of the questionnaire covers level {whole}; capacity and training is assumed"
                ),
            ),
        };
        let explicit = question.need_at(whole).and_then(|r| {
            r.delivery.map(|d| {
                (
                    d,
                    r.partner.clone().map(|p| match p {
                        crate::questionnaire::Partner::Named(n) => n,
                        crate::questionnaire::Partner::Programme => {
                            "the programme under way".to_string()
                        }
                    }),
                )
            })
        });
        let (delivery, partner, why) = match explicit {
            Some((d, partner)) => (d, partner, "as the questionnaire specifies".to_string()),
            None => default_delivery(extent, &section.partners),
        };
        let partner = if delivery == Delivery::Partner {
            partner.or_else(|| section.partners.first().cloned())
        } else {
            None
        };
        let _ = write!(rule, "; delivery {} {why}", delivery_label(delivery));
        needs.push(Need {
            question: gap.question,
            level,
            gap: gap.gap,
            priority: gap.priority,
            extent,
            delivery,
            partner,
            tags: question.tags.clone(),
            rule,
        });
    }
    let flags = flags(questionnaire, session, scores, &needs);
    NeedsAssessment { needs, flags }
}

/// Delivery when the questionnaire does not say: infrastructure is
/// partner-led (000 ¶36(b)); systems are partner-led where the area names a
/// partner, else brokered, since the assisting office does not advise on
/// products (000 ¶28, ¶35); capacity is brokered with roster experts (000
/// ¶34, ¶36(e)); advice and drafting are delivered by the office alone.
fn default_delivery(extent: Extent, partners: &[String]) -> (Delivery, Option<String>, String) {
    match extent {
        Extent::Infrastructure => (
            Delivery::Partner,
            partners.first().cloned(),
            "because a complete infrastructure is a broader project led by a partner (000 ¶36(b))".into(),
        ),
        Extent::Systems if !partners.is_empty() => (
            Delivery::Partner,
            partners.first().cloned(),
            "because systems work is led by the area's specialised partner and the office stays product-neutral (000 ¶28, ¶35)".into(),
        ),
        Extent::Systems => (
            Delivery::Broker,
            None,
            "because systems work needs outside experts and the office stays product-neutral (000 ¶28, ¶35)".into(),
        ),
        Extent::Capacity => (
            Delivery::Broker,
            None,
            "because training draws on public and private experts from the roster (000 ¶34, ¶36(e))".into(),
        ),
        Extent::Advisory => (
            Delivery::Alone,
            None,
            "because advice and legislative drafting are the office's own work (000 ¶34)".into(),
        ),
    }
}

fn flags(
    questionnaire: &Questionnaire,
    session: &Session,
    scores: &Scores,
    needs: &[Need],
) -> Vec<Flag> {
    let mut flags = Vec::new();
    if let Some(funding) = questionnaire.profile.funding {
        let question = &questionnaire.questions[funding];
        let answer = session
            .answer(&question.id)
            .filter(|a| a.status == Some(Status::Answered));
        let text = match answer.and_then(|a| a.value.as_ref()) {
            Some(Value::Choice(c)) if c == "secured" => None,
            Some(Value::YesNo(true)) => None,
            Some(Value::Choice(c)) => Some(format!(
                "Funding for the assistance is not secured (answer to {}: {}); it will depend on extrabudgetary resources (000 ¶34, ¶38).",
                question.id,
                question
                    .choice(c)
                    .map_or(c.as_str(), |ch| ch.label.fallback())
            )),
            Some(Value::YesNo(false)) => Some(format!(
                "Funding for the assistance is not secured (answer to {}); it will depend on extrabudgetary resources (000 ¶34, ¶38).",
                question.id
            )),
            _ => Some(format!(
                "The funding situation was not recorded ({}); establish it before planning delivery (000 ¶34, ¶38).",
                question.id
            )),
        };
        if let Some(text) = text {
            flags.push(Flag {
                kind: FlagKind::Funding,
                text,
            });
        }
    }
    for area in &scores.areas {
        if area.confidence == AreaConfidence::Low && (area.to_confirm > 0 || area.open > 0) {
            let section = &questionnaire.sections[area.section];
            flags.push(Flag {
                kind: FlagKind::InformationFirst,
                text: format!(
                    "Gather information first on {} ({}): {} item{} to confirm and {} unanswered of {} applicable (000 ¶34).",
                    section.title.fallback(),
                    section.id,
                    area.to_confirm,
                    if area.to_confirm == 1 { "" } else { "s" },
                    area.open,
                    area.applicable
                ),
            });
        }
    }
    let heavy = needs
        .iter()
        .filter(|n| matches!(n.extent, Extent::Systems | Extent::Infrastructure))
        .count();
    if heavy > 0 {
        flags.push(Flag {
            kind: FlagKind::DonorAwareness,
            text: format!(
                "{heavy} need{} call{} for systems or infrastructure work: raise donor awareness and seek partners early (000 ¶35).",
                if heavy == 1 { "" } else { "s" },
                if heavy == 1 { "s" } else { "" }
            ),
        });
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::score;

    const SOURCE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
profile:
  funding: C.funding
sections:
  - id: A
    title: Travel documents
    partners: [ICAO]
    questions:
      - id: A.1
        kind: maturity
        text: T
        tags: [TRAVEL-DOC]
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-1, extent: systems}
          - {levels: \"2\", extent: capacity, delivery: partner, partner: INTERPOL}
      - id: A.2
        kind: maturity
        text: T
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
        needs:
          - {levels: 0-2, extent: advisory}
      - {id: A.3, kind: maturity, text: T, levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
  - id: C
    kind: context
    title: C
    questions:
      - id: C.funding
        kind: single
        text: Funding?
        choices: [{id: secured, label: Secured}, {id: none, label: None yet}]
";

    fn setup(levels: &[(&str, u8)]) -> (Questionnaire, Session) {
        let q = Questionnaire::from_source(SOURCE).unwrap();
        let mut s = crate::testing::blank_session(&q);
        for (id, level) in levels {
            let a = s.answer_mut(id, jiff::Timestamp::UNIX_EPOCH);
            a.status = Some(Status::Answered);
            a.value = Some(Value::Level(*level));
        }
        (q, s)
    }

    #[test]
    fn rules_classify_extent_and_delivery_and_say_why() {
        let (q, s) = setup(&[("A.1", 0), ("A.2", 1), ("A.3", 2)]);
        let needs = classify(&q, &s, &score(&q, &s));
        let by_id = |id: &str| {
            needs
                .needs
                .iter()
                .find(|n| q.questions[n.question].id == id)
                .unwrap()
        };
        let a1 = by_id("A.1");
        assert_eq!(
            (a1.code().as_str(), a1.partner.as_deref()),
            ("C3-D3", Some("ICAO"))
        );
        assert!(a1.rule.contains("product-neutral"), "{}", a1.rule);
        let a2 = by_id("A.2");
        assert_eq!(a2.code(), "C1-D1");
        let a3 = by_id("A.3");
        assert_eq!(a3.code(), "C2-D2");
        assert!(a3.rule.contains("no need rule"), "{}", a3.rule);
    }

    #[test]
    fn explicit_delivery_names_its_partner() {
        let (q, s) = setup(&[("A.1", 2)]);
        let needs = classify(&q, &s, &score(&q, &s));
        assert_eq!(needs.needs[0].code(), "C2-D3");
        assert_eq!(needs.needs[0].partner.as_deref(), Some("INTERPOL"));
    }

    #[test]
    fn flags_for_funding_information_and_donors() {
        let (q, mut s) = setup(&[("A.1", 0)]);
        s.answer_mut("A.2", jiff::Timestamp::UNIX_EPOCH).status = Some(Status::Unknown);
        let kinds = |s: &Session| -> Vec<FlagKind> {
            classify(&q, s, &score(&q, s))
                .flags
                .into_iter()
                .map(|f| f.kind)
                .collect()
        };
        assert_eq!(
            kinds(&s),
            vec![
                FlagKind::Funding,
                FlagKind::InformationFirst,
                FlagKind::DonorAwareness
            ]
        );
        let f = s.answer_mut("C.funding", jiff::Timestamp::UNIX_EPOCH);
        f.status = Some(Status::Answered);
        f.value = Some(Value::Choice("secured".into()));
        assert!(!kinds(&s).contains(&FlagKind::Funding));
    }

    #[test]
    fn no_gap_no_need() {
        let (q, s) = setup(&[("A.1", 3), ("A.2", 4)]);
        assert!(classify(&q, &s, &score(&q, &s)).needs.is_empty());
    }
}
