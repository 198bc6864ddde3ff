//! Everything a report template can use, gathered once from the session,
//! its questionnaire, the scores, the needs and the roster match. All text
//! here is raw (as typed); templates escape it for its place.

use serde::Serialize;

use crate::questionnaire::{Kind, LEVEL_NAMES, Questionnaire, SectionKind};
use crate::roster::Roster;
use crate::scoring::IndicatorState;
use crate::session::Session;
use crate::words;

/// What each level of the common scale means.
pub const SCALE: [&str; 5] = [
    "absent",
    "ad hoc, draft or partial",
    "in place and working",
    "comprehensive, prioritised and resourced",
    "monitored, evaluated and adapted",
];

#[derive(Debug, Serialize)]
pub struct ReportData {
    pub state: State,
    pub mission: Mission,
    pub questionnaire: QuestionnaireInfo,
    pub generated: String,
    pub scale: Vec<ScaleLevel>,
    pub overall: Option<f64>,
    pub target: u8,
    /// How many areas have a level, how many of those are below the
    /// target, and how many have no level yet.
    pub assessed_areas: usize,
    pub areas_below: usize,
    pub unscored_areas: usize,
    pub areas: Vec<Area>,
    pub context: Vec<Answer>,
    pub needs: Vec<Need>,
    pub top_needs: Vec<Need>,
    /// Indicators answered as a deliberate policy choice, with the reason.
    pub policy_choices: Vec<PolicyChoice>,
    pub flags: Vec<String>,
    pub recommendations: Vec<Recommendation>,
    pub experts: Experts,
    pub annex: Annex,
    pub charts: Charts,
}

#[derive(Debug, Serialize)]
pub struct State {
    pub name: String,
    pub code: Option<String>,
    /// Working languages in order of preference (the session's, else the profile answer's).
    pub languages: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Mission {
    pub title: Option<String>,
    pub purpose: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub assessors: Vec<String>,
    pub bodies: Vec<String>,
    pub suppliers: Vec<String>,
    /// `draft`, `shared` or `agreed`.
    pub validation: &'static str,
    pub limitations: String,
    pub findings: Findings,
    pub delivery_windows: Vec<Window>,
    pub stakeholders: Vec<Stakeholder>,
}

#[derive(Debug, Serialize)]
pub struct Findings {
    pub overall: String,
    /// (area id, text) in area order.
    pub areas: Vec<AreaFinding>,
}

#[derive(Debug, Serialize)]
pub struct AreaFinding {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Window {
    pub from: String,
    pub to: String,
    pub workstreams: Vec<String>,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct Stakeholder {
    pub id: String,
    pub institution: String,
    pub function: String,
    pub person: String,
    pub date: Option<String>,
    pub place: String,
    pub met: bool,
    pub why_not: String,
}

#[derive(Debug, Serialize)]
pub struct QuestionnaireInfo {
    pub id: String,
    pub version: String,
    pub title: String,
    pub hash: String,
    pub session_hash: String,
    pub changed: bool,
    pub indicators: usize,
    pub scored_areas: usize,
}

#[derive(Debug, Serialize)]
pub struct ScaleLevel {
    pub level: u8,
    pub name: &'static str,
    pub meaning: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Area {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub level: Option<f64>,
    pub confidence: &'static str,
    /// The area's target level, and in words where it came from.
    pub target: u8,
    pub target_text: String,
    pub gap: f64,
    /// The lowest scored indicator, so the mean does not hide it.
    pub lowest: Option<Lowest>,
    pub scored: usize,
    pub applicable: usize,
    pub to_confirm: usize,
    pub open: usize,
    pub not_applicable: usize,
    pub policy_choice: usize,
    pub indicators: Vec<Indicator>,
    /// The area's questions that are not indicators (facts that route or
    /// explain), with what was recorded: asked ones, and skipped ones that
    /// hold a value or a note.
    pub answers: Vec<Answer>,
}

#[derive(Debug, Serialize)]
pub struct Lowest {
    pub id: String,
    pub level: f64,
}

#[derive(Debug, Serialize, Clone)]
pub struct PolicyChoice {
    pub id: String,
    pub area: String,
    pub title: String,
    /// What the questionnaire says the choice is.
    pub choice: String,
    /// The State's reason, as recorded (empty when none was).
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct Indicator {
    pub id: String,
    pub text: String,
    /// `scored`, `to confirm`, `not applicable`, `skipped`, `policy choice` or `open`.
    pub state: &'static str,
    pub level: Option<f64>,
    pub target: u8,
    pub target_text: String,
    pub level_name: Option<&'static str>,
    /// The ladder's description of the level reached.
    pub level_text: Option<String>,
    pub confidence: Option<&'static str>,
    /// The value recorded, in words, whatever the state (a level kept while
    /// the answer is marked to confirm is shown as such).
    pub value: String,
    pub note: String,
    /// For a deliberate policy choice: the State's reason (empty when none was recorded).
    pub policy_reason: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Answer {
    pub id: String,
    pub section: String,
    pub question: String,
    pub status: &'static str,
    pub value: String,
    pub confidence: Option<&'static str>,
    pub note: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct Need {
    pub rank: usize,
    pub id: String,
    pub area: String,
    pub question: String,
    /// The need's short title.
    pub title: String,
    pub workstream: Option<String>,
    pub level: f64,
    pub target: u8,
    pub target_text: String,
    pub gap: f64,
    pub priority: f64,
    /// The priority with its factors, in words.
    pub priority_text: String,
    pub code: String,
    pub extent: &'static str,
    pub delivery: &'static str,
    pub partner: Option<String>,
    pub tags: Vec<String>,
    /// Why this classification, in words.
    pub rule: String,
}

#[derive(Debug, Serialize)]
pub struct Recommendation {
    pub rank: usize,
    pub id: String,
    pub area: String,
    pub text: String,
}

#[derive(Debug, Serialize, Default)]
pub struct Experts {
    pub roster: String,
    pub notice: Option<String>,
    pub needed: Vec<String>,
    pub candidates: Vec<Candidate>,
    pub excluded: Vec<ExcludedExpert>,
    pub excluded_count: usize,
    pub team: Vec<Candidate>,
    pub uncovered: Vec<String>,
    pub languages: Vec<LanguageCover>,
    pub genders: Vec<Count>,
    pub regions: Vec<Count>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub sector: &'static str,
    pub score: f64,
    pub why: String,
}

#[derive(Debug, Serialize)]
pub struct ExcludedExpert {
    pub id: String,
    pub name: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LanguageCover {
    pub language: String,
    pub members: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Serialize, Default)]
pub struct Annex {
    pub answers: Vec<Answer>,
    pub open: Vec<Answer>,
    pub to_confirm: Vec<Answer>,
    pub orphans: Vec<String>,
    /// The answers kept for questions that no longer exist, with what they hold.
    pub orphan_answers: Vec<Answer>,
}

#[derive(Debug, Serialize)]
pub struct Charts {
    /// Relative path of the area-levels chart, from the report's folder.
    pub levels: String,
}

/// How many candidates and excluded experts the report lists.
const LISTED_CANDIDATES: usize = 10;
const LISTED_EXCLUDED: usize = 15;

#[allow(clippy::too_many_lines)] // one pass building the report's sections, in report order
pub fn gather(
    questionnaire: &Questionnaire,
    session: &Session,
    analysis: &super::Analysis,
    roster: &Roster,
    chart_path: &str,
) -> ReportData {
    let super::Analysis {
        scores,
        needs: assessment,
        profile,
        matched,
    } = analysis;
    let language = questionnaire.fallback_language();
    let answer_row = |index: usize| -> Answer {
        let question = &questionnaire.questions[index];
        let answer = session.answer(&question.id);
        let asked = scores.asked.get(index).copied().unwrap_or(true);
        Answer {
            id: question.id.clone(),
            section: questionnaire.sections[question.section].id.clone(),
            question: question.text.get(language).to_string(),
            status: words::answer_status(answer.and_then(|a| a.status), asked),
            value: answer
                .and_then(|a| a.value.as_ref())
                .map_or_else(String::new, |v| describe(question, v, language)),
            confidence: answer
                .and_then(|a| a.confidence)
                .map(super::super::session::Confidence::name),
            note: answer.map(|a| a.note.clone()).unwrap_or_default(),
        }
    };

    // A question is shown where it belongs when it is asked, or when it is
    // skipped but holds something recorded earlier (never lost silently).
    let shown = |index: usize| -> bool {
        scores.asked.get(index).copied().unwrap_or(true)
            || session
                .answer(&questionnaire.questions[index].id)
                .is_some_and(|a| a.value.is_some() || !a.note.trim().is_empty())
    };
    let areas: Vec<Area> = scores
        .areas
        .iter()
        .map(|area| {
            let section = &questionnaire.sections[area.section];
            let indicators = scores
                .indicators
                .iter()
                .filter(|i| questionnaire.questions[i.question].section == area.section)
                .map(|i| {
                    let question = &questionnaire.questions[i.question];
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let whole = i.level.map(|l| l.floor().clamp(0.0, 4.0) as usize);
                    let asked = scores.asked.get(i.question).copied().unwrap_or(true);
                    Indicator {
                        id: question.id.clone(),
                        text: question.text.get(language).to_string(),
                        state: words::indicator_state(i.state, asked),
                        level: i.level,
                        target: i.target.level,
                        target_text: words::target(i.target),
                        level_name: whole.map(|w| LEVEL_NAMES[w]),
                        level_text: match (&question.kind, whole) {
                            (Kind::Maturity { ladder }, Some(w)) => {
                                Some(ladder[w].get(language).to_string())
                            }
                            _ => None,
                        },
                        confidence: i.confidence.map(super::super::session::Confidence::name),
                        value: session
                            .answer(&question.id)
                            .and_then(|a| a.value.as_ref())
                            .map_or_else(String::new, |v| describe(question, v, language)),
                        note: session
                            .answer(&question.id)
                            .map(|a| a.note.clone())
                            .unwrap_or_default(),
                        policy_reason: (i.state == IndicatorState::PolicyChoice).then(|| {
                            session
                                .answer(&question.id)
                                .map(|a| a.reason.clone())
                                .unwrap_or_default()
                        }),
                        sources: question.sources.clone(),
                    }
                })
                .collect();
            let indicator_ids: Vec<usize> = scores.indicators.iter().map(|i| i.question).collect();
            let answers = section
                .questions
                .clone()
                .filter(|q| !indicator_ids.contains(q))
                .filter(|&q| shown(q))
                .map(answer_row)
                .collect();
            Area {
                id: section.id.clone(),
                title: section.title.get(language).to_string(),
                description: section
                    .description
                    .as_ref()
                    .map(|d| d.get(language).to_string()),
                level: area.level,
                confidence: area.confidence.name(),
                target: area.target.level,
                target_text: words::target(area.target),
                gap: area.gap,
                lowest: area.lowest.map(|l| Lowest {
                    id: questionnaire.questions[l.question].id.clone(),
                    level: l.level,
                }),
                scored: area.scored,
                applicable: area.applicable,
                to_confirm: area.to_confirm,
                open: area.open,
                not_applicable: area.not_applicable,
                policy_choice: area.policy_choice,
                indicators,
                answers,
            }
        })
        .collect();

    let context = questionnaire
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Context)
        .flat_map(|s| s.questions.clone())
        .filter(|&i| shown(i))
        .map(answer_row)
        .collect();

    let needs: Vec<Need> = assessment
        .needs
        .iter()
        .enumerate()
        .map(|(rank, need)| {
            let question = &questionnaire.questions[need.question];
            Need {
                rank: rank + 1,
                id: question.id.clone(),
                area: questionnaire.sections[question.section]
                    .title
                    .get(language)
                    .to_string(),
                question: question.text.get(language).to_string(),
                title: question.need_title().get(language).to_string(),
                workstream: need.workstream.clone(),
                level: need.level,
                target: need.target.level,
                target_text: words::target(need.target),
                gap: need.gap,
                priority: need.priority.value,
                priority_text: words::priority(&need.priority),
                code: need.code(),
                extent: words::extent_label(need.extent),
                delivery: words::delivery_label(need.delivery),
                partner: need.partner.as_ref().map(words::partner),
                tags: need.tags.clone(),
                rule: words::need_rationale(need),
            }
        })
        .collect();

    let policy_choices = scores
        .indicators
        .iter()
        .filter(|i| i.state == IndicatorState::PolicyChoice)
        .map(|i| {
            let question = &questionnaire.questions[i.question];
            PolicyChoice {
                id: question.id.clone(),
                area: questionnaire.sections[question.section]
                    .title
                    .get(language)
                    .to_string(),
                title: question.need_title().get(language).to_string(),
                choice: question
                    .policy_choice
                    .as_ref()
                    .map(|p| p.get(language).to_string())
                    .unwrap_or_default(),
                reason: session
                    .answer(&question.id)
                    .map(|a| a.reason.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();

    let recommendations = assessment
        .needs
        .iter()
        .enumerate()
        .filter_map(|(rank, need)| {
            let question = &questionnaire.questions[need.question];
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let whole = need.level.floor().clamp(0.0, 4.0) as u8;
            question.recommendation_at(whole).map(|r| Recommendation {
                rank: rank + 1,
                id: question.id.clone(),
                area: questionnaire.sections[question.section]
                    .title
                    .get(language)
                    .to_string(),
                text: r.text.get(language).to_string(),
            })
        })
        .collect();

    let candidate = |index: usize| -> Candidate {
        let c = &matched.candidates[index];
        let expert = &roster.experts[c.expert];
        Candidate {
            id: expert.id.clone(),
            name: expert.name.clone(),
            organisation: expert.organisation.clone(),
            sector: expert.sector.name(),
            score: c.score,
            why: c.why(roster, profile),
        }
    };
    let experts = Experts {
        roster: roster.title.clone(),
        notice: roster.notice.clone(),
        needed: matched.needed.iter().map(|(t, _)| t.clone()).collect(),
        candidates: (0..matched.candidates.len().min(LISTED_CANDIDATES))
            .map(candidate)
            .collect(),
        excluded: matched
            .excluded
            .iter()
            .take(LISTED_EXCLUDED)
            .map(|e| ExcludedExpert {
                id: roster.experts[e.expert].id.clone(),
                name: roster.experts[e.expert].name.clone(),
                reasons: e.reasons.iter().map(words::exclusion).collect(),
            })
            .collect(),
        excluded_count: matched.excluded.len(),
        team: matched.team.members.iter().map(|&m| candidate(m)).collect(),
        uncovered: matched.team.uncovered.clone(),
        languages: matched
            .team
            .languages
            .iter()
            .map(|(l, members)| LanguageCover {
                language: l.clone(),
                members: members
                    .iter()
                    .map(|&m| roster.experts[matched.candidates[m].expert].name.clone())
                    .collect(),
            })
            .collect(),
        genders: matched
            .team
            .genders
            .iter()
            .map(|(n, c)| Count {
                name: n.clone(),
                count: *c,
            })
            .collect(),
        regions: matched
            .team
            .regions
            .iter()
            .map(|(n, c)| Count {
                name: n.clone(),
                count: *c,
            })
            .collect(),
    };

    let all: Vec<Answer> = (0..questionnaire.questions.len()).map(answer_row).collect();
    let check = session.check_against(questionnaire);
    let annex = Annex {
        open: all.iter().filter(|a| a.status == "open").cloned().collect(),
        to_confirm: all
            .iter()
            .filter(|a| a.status == "to confirm")
            .cloned()
            .collect(),
        answers: all,
        orphan_answers: check
            .orphans
            .iter()
            .filter_map(|id| session.answer(id).map(|a| (id, a)))
            .map(|(id, a)| Answer {
                id: id.clone(),
                section: String::new(),
                question: String::new(),
                status: words::answer_status(a.status, true),
                value: a
                    .value
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string),
                confidence: a.confidence.map(super::super::session::Confidence::name),
                note: a.note.clone(),
            })
            .collect(),
        orphans: check.orphans,
    };

    ReportData {
        state: State {
            name: session.state.name.clone(),
            code: session.state.code.clone(),
            languages: session.working_languages(questionnaire),
        },
        mission: mission(questionnaire, session),
        questionnaire: QuestionnaireInfo {
            id: questionnaire.id.clone(),
            version: questionnaire.version.clone(),
            title: questionnaire.title.get(language).to_string(),
            hash: questionnaire.hash.clone(),
            session_hash: session.questionnaire.hash.clone(),
            changed: session.questionnaire.hash != questionnaire.hash,
            indicators: questionnaire.stats().indicators,
            scored_areas: questionnaire.stats().scored_sections,
        },
        generated: session.updated.strftime("%Y-%m-%d").to_string(),
        scale: (0..5u8)
            .map(|l| ScaleLevel {
                level: l,
                name: LEVEL_NAMES[usize::from(l)],
                meaning: SCALE[usize::from(l)],
            })
            .collect(),
        overall: scores.overall,
        target: scores.target,
        assessed_areas: areas.iter().filter(|a| a.level.is_some()).count(),
        areas_below: areas
            .iter()
            .filter(|a| a.level.is_some_and(|l| l < f64::from(a.target)))
            .count(),
        unscored_areas: areas.iter().filter(|a| a.level.is_none()).count(),
        areas,
        context,
        top_needs: needs.iter().take(5).cloned().collect(),
        needs,
        policy_choices,
        flags: assessment
            .flags
            .iter()
            .map(|f| words::flag(f, questionnaire))
            .collect(),
        recommendations,
        experts,
        annex,
        charts: Charts {
            levels: chart_path.to_string(),
        },
    }
}

fn mission(questionnaire: &Questionnaire, session: &Session) -> Mission {
    let m = &session.mission;
    Mission {
        title: m.title.clone(),
        purpose: m.purpose.clone(),
        start: m.start.map(|d| d.to_string()),
        end: m.end.map(|d| d.to_string()),
        assessors: m.assessors.clone(),
        bodies: m.bodies.clone(),
        suppliers: m.suppliers.clone(),
        validation: m.validation.name(),
        limitations: m.limitations.clone(),
        findings: Findings {
            overall: m.findings.overall.clone(),
            areas: questionnaire
                .sections
                .iter()
                .filter_map(|s| {
                    m.findings.areas.get(&s.id).map(|text| AreaFinding {
                        id: s.id.clone(),
                        text: text.clone(),
                    })
                })
                .collect(),
        },
        delivery_windows: m
            .delivery_windows
            .iter()
            .map(|w| Window {
                from: w.from.to_string(),
                to: w.to.to_string(),
                workstreams: w.workstreams.clone(),
                note: w.note.clone(),
            })
            .collect(),
        stakeholders: session
            .stakeholders
            .iter()
            .map(|s| Stakeholder {
                id: s.id.clone(),
                institution: s.institution.clone(),
                function: s.function.clone(),
                person: s.person.clone(),
                date: s.date.map(|d| d.to_string()),
                place: s.place.clone(),
                met: s.met,
                why_not: s.why_not.clone(),
            })
            .collect(),
    }
}

/// An answer's value in words: a level with its name, a choice's label.
pub fn describe(
    question: &crate::questionnaire::Question,
    value: &crate::session::Value,
    language: &str,
) -> String {
    use crate::session::Value;
    match value {
        Value::Level(l) if usize::from(*l) < LEVEL_NAMES.len() => {
            format!("{l} ({})", LEVEL_NAMES[usize::from(*l)])
        }
        Value::Choice(c) => question
            .choice(c)
            .map_or_else(|| c.clone(), |ch| ch.label.get(language).to_string()),
        Value::Choices(cs) => cs
            .iter()
            .map(|c| {
                question
                    .choice(c)
                    .map_or_else(|| c.clone(), |ch| ch.label.get(language).to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
