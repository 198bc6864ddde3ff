//! Everything a report template can use, gathered once from the session,
//! its questionnaire, the scores, the needs and the roster match. All text
//! here is raw (as typed); templates escape it for its place.

pub mod key;
pub mod legend;
pub mod plan;

use serde::Serialize;

use crate::matching;
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
    /// The questionnaire's workstreams, in file order, with whether the State asked for each.
    pub workstreams: Vec<WorkstreamInfo>,
    pub context: Vec<Answer>,
    pub needs: Vec<Need>,
    pub top_needs: Vec<Need>,
    /// Indicators answered as a deliberate policy choice, with the reason.
    pub policy_choices: Vec<PolicyChoice>,
    pub flags: Vec<String>,
    pub recommendations: Vec<Recommendation>,
    /// The assistance plan: workstreams in sequence with what, why, who, size, when and funding.
    pub plan: plan::PlanView,
    /// The executive summary's key messages found in the data.
    pub key_messages: Vec<Message>,
    /// The risks of the assistance.
    pub risks: Vec<RiskView>,
    /// The classification legend, said once, with the needs grouped by reason.
    pub legend: legend::Legend,
    /// The seeds and instruments the report cites (the references key).
    pub references: Vec<key::Reference>,
    pub experts: Experts,
    pub annex: Annex,
    pub charts: Charts,
}

#[derive(Debug, Serialize)]
pub struct WorkstreamInfo {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The State's request names it (the profile's request question).
    pub requested: bool,
    /// How many needs it holds.
    pub needs: usize,
}

/// A key message: its kind, its words, and its data.
#[derive(Debug, Serialize)]
pub struct Message {
    pub code: &'static str,
    pub text: String,
    pub data: super::messages::KeyMessage,
}

/// A risk: its kind, heading and words, the needs it concerns (grouped by
/// workstream) and the meetings not held.
#[derive(Debug, Serialize)]
pub struct RiskView {
    pub code: &'static str,
    pub title: &'static str,
    pub text: String,
    pub groups: Vec<RiskGroupView>,
    pub not_met: Vec<super::risks::NotMet>,
    /// Lines listed under it (overlaps, timing conflicts), in words.
    pub items: Vec<String>,
    pub data: super::risks::Risk,
}

#[derive(Debug, Serialize)]
pub struct RiskGroupView {
    pub workstream: Option<String>,
    pub title: String,
    pub needs: Vec<RiskNeedView>,
}

#[derive(Debug, Serialize)]
pub struct RiskNeedView {
    pub id: String,
    pub title: String,
    pub code: String,
    /// What makes it a risk, in words: `support to security forces and surveillance capability`.
    pub kinds: String,
}

/// Where an answer came from.
#[derive(Debug, Serialize, Clone)]
pub struct Source {
    /// The stakeholder's id (none for a desk review without one).
    pub stakeholder: Option<String>,
    pub institution: Option<String>,
    /// `document`, `oral`, `observed` or `desk`.
    pub how: &'static str,
    /// In words: `Ministry of Justice (document seen)`.
    pub text: String,
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
    /// `draft`, `shared` or `agreed`, with its label and what it means.
    pub validation: &'static str,
    pub validation_label: &'static str,
    pub validation_text: String,
    pub limitations: String,
    pub findings: Findings,
    pub delivery_windows: Vec<Window>,
    /// Assistance already under way in the State.
    pub programmes: Vec<Programme>,
    /// Budget lines and pledges.
    pub funds: Vec<Fund>,
    pub stakeholders: Vec<Stakeholder>,
    /// How many stakeholders were met and not met.
    pub met: usize,
    pub not_met: usize,
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
pub struct Programme {
    pub id: String,
    pub name: String,
    pub lead: Option<String>,
    pub workstreams: Vec<String>,
    pub indicators: Vec<String>,
    pub until: Option<String>,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct Fund {
    pub id: String,
    pub source: String,
    pub amount: Option<f64>,
    pub currency: Option<String>,
    /// The amount in words (`USD 160,000`), empty when none was recorded.
    pub amount_text: String,
    /// `committed` or `pledged`.
    pub status: &'static str,
    /// Earmarked for these workstreams; empty: any.
    pub workstreams: Vec<String>,
    pub note: String,
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
    /// How many answers cite this stakeholder as a source.
    pub answers: usize,
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
    /// Where the target came from, in a word or two: `agreed`, `questionnaire`, `default`.
    pub target_source: &'static str,
    pub gap: f64,
    /// The lowest and highest scored indicators, so the mean does not hide them.
    pub lowest: Option<Lowest>,
    pub highest: Option<Lowest>,
    /// Scored indicators below their own target.
    pub below_target: usize,
    /// The assessors' narrative for the area (empty when none was written).
    pub finding: String,
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
    /// Where the area's answers came from: each stakeholder (in the order
    /// of the mission record, desk review last) with the answers it gave, by how.
    pub sources: Vec<AreaSource>,
    /// The references its indicators cite, grouped by instrument or seed
    /// (instruments first, in order of first citation, then seeds), with the parts cited.
    pub references: Vec<Cited>,
}

#[derive(Debug, Serialize)]
pub struct Cited {
    /// The code (`UNTOC`, `000`), or the citation as written when the table does not know it.
    pub code: String,
    /// The parts cited, in number order: `art. 2(b)`, `¶10`.
    pub parts: Vec<String>,
    /// The parts as printed, the entry's unit said once: `art. 2(b), 3, chapter IV`.
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct AreaSource {
    pub stakeholder: Option<String>,
    /// The institution, or none for a desk review without one.
    pub institution: Option<String>,
    pub ways: Vec<SourceWay>,
}

#[derive(Debug, Serialize)]
pub struct SourceWay {
    /// `document`, `oral`, `observed`, `desk`, and in words.
    pub how: &'static str,
    pub how_text: &'static str,
    /// The question ids, in questionnaire order.
    pub answers: Vec<String>,
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
    /// The short title (the question's `title`, else its text).
    pub title: String,
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
    /// The questionnaire's references for the indicator (seed paragraphs, instruments).
    pub sources: Vec<String>,
    /// Where the answer came from.
    pub answered_by: Vec<Source>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Answer {
    pub id: String,
    pub section: String,
    pub question: String,
    /// The short title (the question's `title`, else its text).
    pub title: String,
    pub status: &'static str,
    pub value: String,
    pub confidence: Option<&'static str>,
    pub note: String,
    /// Where the answer came from.
    pub answered_by: Vec<Source>,
    /// The value as an annex table prints it: shortened when long or on
    /// several lines (the report gives it in full where the question belongs).
    pub short: String,
    /// The title as an annex table prints it: clipped at a word when long.
    pub short_title: String,
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
    pub workstream_title: Option<String>,
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
    /// What to do: the questionnaire's recommendation for the level found.
    pub action: Option<String>,
    /// The questionnaire's references for the indicator.
    pub sources: Vec<String>,
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
    /// `delivery` or `assessment`: what the team is matched for.
    pub purpose: &'static str,
    /// What the matching could not check (missing inputs), in words.
    pub warnings: Vec<String>,
    /// Their codes, parallel to `warnings`.
    pub warning_codes: Vec<&'static str>,
    /// Set when the team cannot work in the State's first language.
    pub interpreter: Option<String>,
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
    /// Conflicts of interest kept and shown (nationals for delivery, suppliers' staff, sector interests).
    pub flags: Vec<String>,
    /// For a team member added for a reason other than coverage (the first language).
    pub joined: Option<String>,
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
        plan: assistance_plan,
    } = analysis;
    let language = questionnaire.fallback_language();
    let sources_of = |id: &str| -> Vec<Source> { sources(session, id) };
    let answer_row = |index: usize| -> Answer {
        let question = &questionnaire.questions[index];
        let answer = session.answer(&question.id);
        let asked = scores.asked.get(index).copied().unwrap_or(true);
        Answer {
            id: question.id.clone(),
            section: questionnaire.sections[question.section].id.clone(),
            question: question.text.get(language).to_string(),
            title: question.need_title().get(language).to_string(),
            status: words::answer_status(answer.and_then(|a| a.status), asked),
            value: answer
                .and_then(|a| a.value.as_ref())
                .map_or_else(String::new, |v| describe(question, v, language)),
            confidence: answer
                .and_then(|a| a.confidence)
                .map(super::super::session::Confidence::name),
            note: answer.map(|a| a.note.clone()).unwrap_or_default(),
            answered_by: sources_of(&question.id),
            short: String::new(),
            short_title: String::new(),
        }
    };
    let answer_row = |index: usize| -> Answer {
        let mut row = answer_row(index);
        row.short = words::report::shortened(&row.value);
        row.short_title = words::report::clipped(&row.title);
        row
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
                        title: question.need_title().get(language).to_string(),
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
                        answered_by: sources_of(&question.id),
                    }
                })
                .collect::<Vec<Indicator>>();
            let indicator_ids: Vec<usize> = scores.indicators.iter().map(|i| i.question).collect();
            let answers: Vec<Answer> = section
                .questions
                .clone()
                .filter(|q| !indicator_ids.contains(q))
                .filter(|&q| shown(q))
                .map(answer_row)
                .collect();
            let scored_levels = || {
                indicators
                    .iter()
                    .filter_map(|i| i.level.map(|l| (i, l)))
                    .filter(|(i, _)| i.state == "scored")
            };
            let highest = scored_levels()
                .fold(None::<(&Indicator, f64)>, |best, (i, l)| match best {
                    Some((_, b)) if b >= l => best,
                    _ => Some((i, l)),
                })
                .map(|(i, l)| Lowest {
                    id: i.id.clone(),
                    level: l,
                });
            let below_target = scored_levels()
                .filter(|(i, l)| *l < f64::from(i.target))
                .count();
            let sources = area_sources(
                session,
                indicators
                    .iter()
                    .map(|i| i.id.as_str())
                    .chain(answers.iter().map(|a: &Answer| a.id.as_str())),
            );
            let references = area_references(indicators.iter().flat_map(|i| i.sources.iter()));
            Area {
                references,
                sources,
                highest,
                below_target,
                finding: session
                    .mission
                    .findings
                    .areas
                    .get(&section.id)
                    .cloned()
                    .unwrap_or_default(),
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
                target_source: words::report::target_source(area.target.origin),
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
                workstream_title: question
                    .workstream
                    .map(|w| questionnaire.workstreams[w].title.get(language).to_string()),
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
                action: {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let whole = need.level.floor().clamp(0.0, 4.0) as u8;
                    question
                        .recommendation_at(whole)
                        .map(|r| r.text.get(language).to_string())
                },
                sources: question.sources.clone(),
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
            why: words::candidate_why(c, roster, profile),
            flags: c.flags.iter().map(words::conflict_flag).collect(),
            joined: None,
        }
    };
    let experts = Experts {
        roster: roster.title.clone(),
        notice: roster.notice.clone(),
        purpose: words::purpose(matched.purpose),
        warnings: matched.warnings.iter().map(words::warning).collect(),
        warning_codes: matched
            .warnings
            .iter()
            .map(matching::Warning::code)
            .collect(),
        interpreter: matched.team.interpreter.as_ref().map(words::interpreter),
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
        team: matched
            .team
            .members
            .iter()
            .zip(&matched.team.picks)
            .map(|(&m, pick)| Candidate {
                joined: words::pick(pick),
                ..candidate(m)
            })
            .collect(),
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
                title: String::new(),
                status: words::answer_status(a.status, true),
                value: a
                    .value
                    .as_ref()
                    .map_or_else(String::new, ToString::to_string),
                confidence: a.confidence.map(super::super::session::Confidence::name),
                note: a.note.clone(),
                answered_by: sources(session, id),
                short: String::new(),
                short_title: String::new(),
            })
            .collect(),
        orphans: check.orphans,
    };

    let key_messages = super::messages::key_messages(questionnaire, session, analysis)
        .into_iter()
        .map(|m| Message {
            code: m.code(),
            text: words::report::key_message(&m),
            data: m,
        })
        .collect();
    let risks = super::risks::assess(questionnaire, session, analysis)
        .into_iter()
        .map(risk_view)
        .collect();
    let legend = legend::legend(&assessment.needs);
    let requested: Vec<String> = questionnaire
        .profile
        .request
        .and_then(|q| session.answer(&questionnaire.questions[q].id))
        .and_then(|a| a.value.as_ref())
        .map(|v| match v {
            crate::session::Value::Choices(ids) => ids.clone(),
            crate::session::Value::Choice(id) => vec![id.clone()],
            _ => Vec::new(),
        })
        .unwrap_or_default();

    let mut report = ReportData {
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
        workstreams: questionnaire
            .workstreams
            .iter()
            .map(|w| WorkstreamInfo {
                id: w.id.clone(),
                title: w.title.get(language).to_string(),
                description: w.description.as_ref().map(|d| d.get(language).to_string()),
                requested: requested.contains(&w.id),
                needs: assessment
                    .needs
                    .iter()
                    .filter(|n| n.workstream.as_ref() == Some(&w.id))
                    .count(),
            })
            .collect(),
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
        plan: plan::view(assistance_plan, questionnaire, assessment),
        key_messages,
        risks,
        legend,
        references: Vec::new(),
        experts,
        annex,
        charts: Charts {
            levels: chart_path.to_string(),
        },
    };
    report.references = cited_in(&report);
    report
}

/// The references the report's data cites (the templates' own words are
/// scanned again after rendering, in [`super::render`]).
pub fn cited_in(report: &ReportData) -> Vec<key::Reference> {
    let mut texts = Vec::new();
    if let Ok(value) = serde_json::to_value(report) {
        key::strings(&value, &mut texts);
    }
    key::cited(
        crate::references::References::shipped(),
        texts.iter().map(String::as_str),
    )
}

fn risk_view(risk: super::risks::Risk) -> RiskView {
    use super::risks::Risk;
    let groups = match &risk {
        Risk::HumanRights { groups, .. } => groups
            .iter()
            .map(|g| RiskGroupView {
                workstream: g.workstream.clone(),
                title: g.title.clone(),
                needs: g
                    .needs
                    .iter()
                    .map(|n| RiskNeedView {
                        id: n.id.clone(),
                        title: n.title.clone(),
                        code: n.code.clone(),
                        kinds: words::report::risk_kinds(&n.kinds),
                    })
                    .collect(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let not_met = match &risk {
        Risk::Evidence { not_met, .. } => not_met.clone(),
        _ => Vec::new(),
    };
    RiskView {
        code: risk.code(),
        title: words::report::risk_title(&risk),
        text: words::report::risk_text(&risk),
        items: words::report::risk_items(&risk),
        groups,
        not_met,
        data: risk,
    }
}

/// Citations grouped by the entry they cite (instruments first, then seeds).
fn area_references<'a>(citations: impl Iterator<Item = &'a String>) -> Vec<Cited> {
    let table = crate::references::References::shipped();
    let mut groups: Vec<(bool, Cited)> = Vec::new();
    for citation in citations {
        let (code, part, seed) = match table.find(citation) {
            Some(found) => (
                found.entry.code.clone(),
                found.rest.clone(),
                found.entry.is_seed(),
            ),
            None => (citation.clone(), String::new(), false),
        };
        let index = if let Some(i) = groups.iter().position(|(_, g)| g.code == code) {
            i
        } else {
            groups.push((
                seed,
                Cited {
                    code,
                    parts: Vec::new(),
                    text: String::new(),
                },
            ));
            groups.len() - 1
        };
        let group = &mut groups[index].1;
        if !part.is_empty() && !group.parts.contains(&part) {
            group.parts.push(part);
        }
    }
    for (_, g) in &mut groups {
        g.parts.sort_by_key(|p| key::part_order(p));
        g.text = parts_text(
            table.entry(&g.code).and_then(|e| e.unit.as_deref()),
            &g.parts,
        );
    }
    // Instruments in order of first citation, then seeds by code.
    groups.sort_by(|(a, ga), (b, gb)| {
        a.cmp(b).then_with(|| {
            if *a {
                ga.code.cmp(&gb.code)
            } else {
                std::cmp::Ordering::Equal
            }
        })
    });
    groups.into_iter().map(|(_, g)| g).collect()
}

/// `art. 2, 3(b), chapter IV`: the numbered parts after the unit said once
/// (as the citations write it: `art. 2`, `¶10`, `R.15`), then the others.
fn parts_text(unit: Option<&str>, parts: &[String]) -> String {
    let unit = unit.filter(|u| !u.is_empty());
    let mut prefix: Option<&str> = None;
    let mut numbered = Vec::new();
    let mut other = Vec::new();
    for part in parts {
        let stripped = unit.and_then(|u| part.strip_prefix(u)).and_then(|rest| {
            let trimmed = rest.trim_start();
            trimmed
                .starts_with(|c: char| c.is_ascii_digit())
                .then(|| (&part[..part.len() - trimmed.len()], trimmed))
        });
        match stripped {
            Some((p, rest)) => {
                prefix.get_or_insert(p);
                numbered.push(rest);
            }
            None => other.push(part.as_str()),
        }
    }
    let mut out = String::new();
    if let Some(p) = prefix {
        out.push_str(p);
        out.push_str(&numbered.join(", "));
    }
    if !other.is_empty() {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&other.join(", "));
    }
    out
}

/// Where the answers with these ids came from, grouped by stakeholder (in
/// the mission record's order, unknown ids and desk reviews without one
/// after) and by how.
fn area_sources<'a>(session: &Session, ids: impl Iterator<Item = &'a str>) -> Vec<AreaSource> {
    use crate::session::SourceHow;
    let ids: Vec<&str> = ids.collect();
    let mut who: Vec<Option<String>> = session
        .stakeholders
        .iter()
        .map(|s| Some(s.id.clone()))
        .collect();
    for id in &ids {
        for src in session.answer(id).map_or(&[][..], |a| a.sources.as_slice()) {
            if !who.contains(&src.stakeholder) {
                who.push(src.stakeholder.clone());
            }
        }
    }
    who.into_iter()
        .filter_map(|stakeholder| {
            let ways: Vec<SourceWay> = SourceHow::ALL
                .iter()
                .filter_map(|&how| {
                    let answers: Vec<String> = ids
                        .iter()
                        .filter(|id| {
                            session.answer(id).is_some_and(|a| {
                                a.sources
                                    .iter()
                                    .any(|s| s.stakeholder == stakeholder && s.how == how)
                            })
                        })
                        .map(|id| (*id).to_string())
                        .collect();
                    (!answers.is_empty()).then(|| SourceWay {
                        how: how.name(),
                        how_text: words::report::how(how),
                        answers,
                    })
                })
                .collect();
            (!ways.is_empty()).then(|| AreaSource {
                institution: stakeholder.as_ref().map(|id| {
                    session
                        .stakeholder(id)
                        .map_or_else(|| id.clone(), |s| s.institution.clone())
                }),
                stakeholder,
                ways,
            })
        })
        .collect()
}

/// The sources recorded for an answer, with the stakeholder's institution.
fn sources(session: &Session, id: &str) -> Vec<Source> {
    session
        .answer(id)
        .map(|a| {
            a.sources
                .iter()
                .map(|s| {
                    let institution = s.stakeholder.as_ref().map(|sid| {
                        session
                            .stakeholder(sid)
                            .map_or_else(|| sid.clone(), |st| st.institution.clone())
                    });
                    Source {
                        stakeholder: s.stakeholder.clone(),
                        text: words::report::source(institution.as_deref(), s.how),
                        institution,
                        how: s.how.name(),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
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
        validation_label: words::report::validation_label(m.validation),
        validation_text: words::report::validation(m.validation, &session.state.name),
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
        programmes: m
            .programmes
            .iter()
            .map(|p| Programme {
                id: p.id.clone(),
                name: p.name.clone(),
                lead: p.lead.clone(),
                workstreams: p.workstreams.clone(),
                indicators: p.indicators.clone(),
                until: p.until.map(|d| d.to_string()),
                note: p.note.clone(),
            })
            .collect(),
        funds: m
            .funds
            .iter()
            .map(|f| Fund {
                id: f.id.clone(),
                source: f.source.clone(),
                amount: f.amount,
                currency: f.currency.clone(),
                amount_text: match (f.amount, &f.currency) {
                    (Some(amount), Some(currency)) => {
                        words::report::amount(&super::messages::Amount {
                            amount,
                            currency: currency.clone(),
                        })
                    }
                    (Some(amount), None) => words::report::level(amount),
                    _ => String::new(),
                },
                status: f.status.name(),
                workstreams: f.workstreams.clone(),
                note: f.note.clone(),
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
                answers: session
                    .answers
                    .values()
                    .filter(|a| {
                        a.sources
                            .iter()
                            .any(|src| src.stakeholder.as_deref() == Some(s.id.as_str()))
                    })
                    .count(),
            })
            .collect(),
        met: session.stakeholders.iter().filter(|s| s.met).count(),
        not_met: session.stakeholders.iter().filter(|s| !s.met).count(),
    }
}

/// An answer's value in words (shared with `tana export`: see [`crate::view`]).
pub use crate::view::describe;
