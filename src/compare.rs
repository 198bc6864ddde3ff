//! `tana compare`: several missions side by side, from the shared view
//! ([`crate::view`]) and the classified needs: the missions, their area
//! levels (the mean beside the lowest indicator), their needs counted by
//! area and by workstream, their top needs, and, for a follow-up mission to
//! the same State, every indicator's level before and after with its
//! confidence. Typed data here; the Markdown is worded in
//! `words::compare`, the tables written by [`crate::table`].

use std::collections::BTreeMap;

use serde::Serialize;

use crate::questionnaire::Questionnaire;
use crate::scoring::Scores;
use crate::session::Session;
use crate::table::{Cell, Table};
use crate::view::{self, AreaView, MissionView, round1};

/// How many top needs each mission lists.
pub const TOP_NEEDS: usize = 5;

/// One need as compared.
#[derive(Debug, Clone, Serialize)]
pub struct NeedRow {
    pub rank: usize,
    pub id: String,
    pub title: String,
    pub area: String,
    pub workstream: Option<String>,
    pub level: f64,
    pub target: u8,
    pub gap: f64,
    pub priority: f64,
    /// The classification code (`C1-B`: extent and delivery).
    pub code: String,
}

/// How many needs fall in one workstream.
#[derive(Debug, Clone, Serialize)]
pub struct WorkstreamCount {
    pub id: String,
    pub title: String,
    pub needs: usize,
}

/// One indicator's standing, for the changes between two missions.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorStanding {
    pub level: Option<f64>,
    pub confidence: Option<&'static str>,
    /// As a reader reads it (`answered`, `to confirm`, …).
    pub status: &'static str,
}

/// One mission as compared.
#[derive(Debug, Clone, Serialize)]
pub struct MissionSummary {
    #[serde(flatten)]
    pub mission: MissionView,
    /// A short name for table columns: the State's code and the mission's
    /// first day (or the creation day), unique among the missions compared.
    pub label: String,
    pub overall: Option<f64>,
    /// How complete the mission is, so that a mission barely begun does
    /// not read as the best-prepared State.
    pub completeness: Completeness,
    pub areas: Vec<AreaRow>,
    pub needs: usize,
    pub workstreams: Vec<WorkstreamCount>,
    pub top_needs: Vec<NeedRow>,
    #[serde(skip)]
    pub indicators: Vec<(String, String, String, IndicatorStanding)>,
}

/// How much of a mission is answered and scored.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Completeness {
    /// Asked questions with an answer (a policy choice included).
    pub answered: usize,
    /// Asked questions not marked not applicable (as the interview counts them).
    pub questions: usize,
    /// Indicators with a level.
    pub indicators_scored: usize,
    /// Indicators asked and not marked not applicable.
    pub indicators: usize,
    /// Fewer than half of the applicable indicators scored: the levels
    /// and needs stand for part of the State's picture only.
    pub partial: bool,
}

impl Completeness {
    pub fn of(
        questionnaire: &Questionnaire,
        session: &Session,
        scores: &Scores,
        areas: &[AreaView],
    ) -> Self {
        use crate::session::Status;
        let (mut answered, mut questions) = (0, 0);
        for (index, question) in questionnaire.questions.iter().enumerate() {
            let status = session.answer(&question.id).and_then(|a| a.status);
            let asked = scores.asked.get(index).copied().unwrap_or(true);
            if !asked || status == Some(Status::NotApplicable) {
                continue;
            }
            questions += 1;
            if matches!(status, Some(Status::Answered | Status::PolicyChoice)) {
                answered += 1;
            }
        }
        let indicators_scored = areas.iter().map(|a| a.scored).sum();
        let indicators = areas.iter().map(|a| a.applicable).sum();
        Completeness {
            answered,
            questions,
            indicators_scored,
            indicators,
            partial: indicators_scored * 2 < indicators,
        }
    }
}

/// An area of one mission, with its needs counted.
#[derive(Debug, Clone, Serialize)]
pub struct AreaRow {
    #[serde(flatten)]
    pub area: AreaView,
    pub needs: usize,
}

/// One indicator before and after.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    pub title: String,
    pub area: String,
    pub before: IndicatorStanding,
    pub after: IndicatorStanding,
    /// After − before, when both have a level.
    pub change: Option<f64>,
}

impl Change {
    /// True when the level, the status or the confidence moved.
    pub fn moved(&self) -> bool {
        self.before != self.after
    }
}

/// A follow-up mission against the previous one.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    /// The missions' labels.
    pub before: String,
    pub after: String,
    /// The missions' ids, to join with the other tables and the export.
    pub before_mission_id: String,
    pub after_mission_id: String,
    pub indicators: Vec<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub missions: Vec<MissionSummary>,
    pub changes: Option<Changes>,
}

/// One mission's summary.
pub fn summary(
    questionnaire: &Questionnaire,
    session: &Session,
    scores: &Scores,
) -> MissionSummary {
    let language = questionnaire.fallback_language();
    let needs = crate::needs::classify(questionnaire, session, scores);
    let area_of = |question: usize| {
        questionnaire.sections[questionnaire.questions[question].section]
            .id
            .clone()
    };
    let mut by_area: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_workstream: BTreeMap<String, usize> = BTreeMap::new();
    for need in &needs.needs {
        *by_area.entry(area_of(need.question)).or_default() += 1;
        *by_workstream
            .entry(need.workstream.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let mut workstreams: Vec<WorkstreamCount> = questionnaire
        .workstreams
        .iter()
        .map(|w| WorkstreamCount {
            id: w.id.clone(),
            title: w.title.get(language).to_string(),
            needs: by_workstream.remove(&w.id).unwrap_or(0),
        })
        .collect();
    // Needs whose workstream the questionnaire does not list (or none).
    workstreams.extend(
        by_workstream
            .into_iter()
            .map(|(id, needs)| WorkstreamCount {
                title: String::new(),
                id,
                needs,
            }),
    );
    let top_needs = needs
        .needs
        .iter()
        .take(TOP_NEEDS)
        .enumerate()
        .map(|(rank, n)| NeedRow {
            rank: rank + 1,
            id: n.id.clone(),
            title: n.title.clone(),
            area: area_of(n.question),
            workstream: n.workstream.clone(),
            level: round1(n.level),
            target: n.target.level,
            gap: round1(n.gap),
            priority: round1(n.priority.value),
            code: n.code(),
        })
        .collect();
    let indicators = scores
        .indicators
        .iter()
        .map(|i| {
            let question = &questionnaire.questions[i.question];
            let asked = scores.asked.get(i.question).copied().unwrap_or(true);
            (
                question.id.clone(),
                question.need_title().get(language).to_string(),
                area_of(i.question),
                IndicatorStanding {
                    level: i.level.map(round1),
                    confidence: i.confidence.map(crate::session::Confidence::name),
                    status: crate::words::indicator_state(i.state, asked),
                },
            )
        })
        .collect();
    let areas = view::areas(questionnaire, scores);
    MissionSummary {
        mission: MissionView::of(session, questionnaire),
        label: String::new(),
        overall: scores.overall.map(round1),
        completeness: Completeness::of(questionnaire, session, scores, &areas),
        areas: areas
            .into_iter()
            .map(|area| AreaRow {
                needs: by_area.get(&area.id).copied().unwrap_or(0),
                area,
            })
            .collect(),
        needs: needs.needs.len(),
        workstreams,
        top_needs,
        indicators,
    }
}

/// The missions in the order given, labelled; with `changes`, the
/// indicators of the second against the first.
pub fn compare(mut missions: Vec<MissionSummary>, changes: bool) -> Comparison {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for m in &mut missions {
        let day = m
            .mission
            .start
            .clone()
            .unwrap_or_else(|| m.mission.created.chars().take(10).collect());
        let base = format!(
            "{} {day}",
            m.mission
                .state_code
                .clone()
                .unwrap_or_else(|| m.mission.state.clone())
        );
        let n = seen.entry(base.clone()).or_default();
        *n += 1;
        m.label = if *n == 1 {
            base
        } else {
            format!("{base} ({n})")
        };
    }
    let changes = (changes && missions.len() == 2).then(|| {
        let (before, after) = (&missions[0], &missions[1]);
        let mut rows: Vec<Change> = before
            .indicators
            .iter()
            .map(|(id, title, area, standing)| {
                let later = after.indicators.iter().find(|(i, ..)| i == id);
                let after_standing = later.map_or(
                    IndicatorStanding {
                        level: None,
                        confidence: None,
                        status: crate::words::NOT_IN_QUESTIONNAIRE,
                    },
                    |(.., s)| s.clone(),
                );
                Change {
                    id: id.clone(),
                    title: title.clone(),
                    area: area.clone(),
                    change: standing
                        .level
                        .zip(after_standing.level)
                        .map(|(b, a)| round1(a - b)),
                    before: standing.clone(),
                    after: after_standing,
                }
            })
            .collect();
        for (id, title, area, standing) in &after.indicators {
            if !before.indicators.iter().any(|(i, ..)| i == id) {
                rows.push(Change {
                    id: id.clone(),
                    title: title.clone(),
                    area: area.clone(),
                    before: IndicatorStanding {
                        level: None,
                        confidence: None,
                        status: crate::words::NOT_IN_QUESTIONNAIRE,
                    },
                    after: standing.clone(),
                    change: None,
                });
            }
        }
        Changes {
            before: before.label.clone(),
            after: after.label.clone(),
            before_mission_id: before.mission.id.clone(),
            after_mission_id: after.mission.id.clone(),
            indicators: rows,
        }
    });
    Comparison { missions, changes }
}

/// Which table of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Missions,
    Areas,
    Workstreams,
    Needs,
    Changes,
}

impl TableKind {
    pub const ALL: [TableKind; 5] = [
        TableKind::Missions,
        TableKind::Areas,
        TableKind::Workstreams,
        TableKind::Needs,
        TableKind::Changes,
    ];
    pub const NAMES: [&str; 5] = ["missions", "areas", "workstreams", "needs", "changes"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<TableKind> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }
}

fn opt_text(text: Option<&str>) -> Cell {
    Cell::text(text.unwrap_or_default())
}

/// One table of the comparison, long (one row per mission and item), for
/// CSV and workbooks; `None` for the changes when none were asked for.
#[allow(clippy::too_many_lines)] // one arm per table, each listing its columns
pub fn table(comparison: &Comparison, kind: TableKind) -> Option<Table> {
    let missions = &comparison.missions;
    let lead = |m: &MissionSummary| {
        vec![
            Cell::text(&m.mission.id),
            Cell::text(&m.label),
            Cell::text(&m.mission.state),
        ]
    };
    Some(match kind {
        TableKind::Missions => {
            let mut t = Table::new(
                "missions",
                &[
                    "mission_id",
                    "label",
                    "state",
                    "state_code",
                    "title",
                    "start",
                    "end",
                    "overall",
                    "needs",
                    "answered",
                    "questions",
                    "indicators_scored",
                    "indicators",
                    "partial",
                    "validation",
                ],
            );
            for m in missions {
                let c = &m.completeness;
                let mut row = lead(m);
                row.extend([
                    opt_text(m.mission.state_code.as_deref()),
                    opt_text(m.mission.title.as_deref()),
                    opt_text(m.mission.start.as_deref()),
                    opt_text(m.mission.end.as_deref()),
                    Cell::number(m.overall),
                    Cell::count(m.needs),
                    Cell::count(c.answered),
                    Cell::count(c.questions),
                    Cell::count(c.indicators_scored),
                    Cell::count(c.indicators),
                    Cell::text(if c.partial { "yes" } else { "no" }),
                    Cell::text(m.mission.validation),
                ]);
                t.push(row);
            }
            t
        }
        TableKind::Areas => {
            let mut t = Table::new(
                "areas",
                &[
                    "mission_id",
                    "label",
                    "state",
                    "area_id",
                    "area_title",
                    "level",
                    "lowest_id",
                    "lowest_level",
                    "target",
                    "gap",
                    "confidence",
                    "needs",
                ],
            );
            for m in missions {
                for a in &m.areas {
                    let mut row = lead(m);
                    row.extend([
                        Cell::text(&a.area.id),
                        Cell::text(&a.area.title),
                        Cell::number(a.area.level),
                        opt_text(a.area.lowest_id.as_deref()),
                        Cell::number(a.area.lowest_level),
                        Cell::number(Some(f64::from(a.area.target))),
                        Cell::number(a.area.gap),
                        Cell::text(a.area.confidence),
                        Cell::count(a.needs),
                    ]);
                    t.push(row);
                }
            }
            t
        }
        TableKind::Workstreams => {
            let mut t = Table::new(
                "workstreams",
                &[
                    "mission_id",
                    "label",
                    "state",
                    "workstream_id",
                    "workstream_title",
                    "needs",
                ],
            );
            for m in missions {
                for w in &m.workstreams {
                    let mut row = lead(m);
                    row.extend([
                        Cell::text(&w.id),
                        Cell::text(&w.title),
                        Cell::count(w.needs),
                    ]);
                    t.push(row);
                }
            }
            t
        }
        TableKind::Needs => {
            let mut t = Table::new(
                "needs",
                &[
                    "mission_id",
                    "label",
                    "state",
                    "rank",
                    "need_id",
                    "title",
                    "area_id",
                    "workstream_id",
                    "level",
                    "target",
                    "gap",
                    "priority",
                    "code",
                ],
            );
            for m in missions {
                for n in &m.top_needs {
                    let mut row = lead(m);
                    row.extend([
                        Cell::count(n.rank),
                        Cell::text(&n.id),
                        Cell::text(&n.title),
                        Cell::text(&n.area),
                        opt_text(n.workstream.as_deref()),
                        Cell::Number(n.level),
                        Cell::number(Some(f64::from(n.target))),
                        Cell::Number(n.gap),
                        Cell::Number(n.priority),
                        Cell::text(&n.code),
                    ]);
                    t.push(row);
                }
            }
            t
        }
        TableKind::Changes => {
            let changes = comparison.changes.as_ref()?;
            let mut t = Table::new(
                "changes",
                &[
                    "before_mission_id",
                    "before_label",
                    "after_mission_id",
                    "after_label",
                    "state",
                    "indicator_id",
                    "title",
                    "area_id",
                    "before_level",
                    "before_confidence",
                    "before_status",
                    "after_level",
                    "after_confidence",
                    "after_status",
                    "change",
                ],
            );
            let state = missions.first().map_or("", |m| m.mission.state.as_str());
            for c in &changes.indicators {
                t.push(vec![
                    Cell::text(&changes.before_mission_id),
                    Cell::text(&changes.before),
                    Cell::text(&changes.after_mission_id),
                    Cell::text(&changes.after),
                    Cell::text(state),
                    Cell::text(&c.id),
                    Cell::text(&c.title),
                    Cell::text(&c.area),
                    Cell::number(c.before.level),
                    opt_text(c.before.confidence),
                    Cell::text(c.before.status),
                    Cell::number(c.after.level),
                    opt_text(c.after.confidence),
                    Cell::text(c.after.status),
                    Cell::number(c.change),
                ]);
            }
            t
        }
    })
}

/// Every table there is, in order (the changes only when asked for).
pub fn tables(comparison: &Comparison) -> Vec<Table> {
    TableKind::ALL
        .iter()
        .filter_map(|&k| table(comparison, k))
        .collect()
}
