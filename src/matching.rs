//! Roster matching for a purpose (delivery, the default, or assessment):
//! hard filters with typed reasons (conflicts of interest, role, availability
//! by overlap with a delivery window and a number of days), conflicts kept
//! and flagged, a soft score that explains itself (needed expertise weighted
//! by need priority, the State's languages weighted by their order, the
//! legal tradition each need calls for, regional experience), a proposed
//! team chosen by a greedy weighted set cover of the priority needs that
//! works in the State's first language or says an interpreter is needed,
//! and typed warnings when the inputs the checks need are missing. Every
//! result is data; the words are made in [`crate::words`].

pub mod availability;
pub mod conflict;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::needs::{Need, NeedsAssessment};
use crate::questionnaire::{CivilStatusTradition, Questionnaire};
use crate::roster::{Expert, LegalTradition, Proficiency, Region, Role, Roster};
use crate::session::{Session, Status, Value};

pub use availability::{DaysBasis, Requirement, Window, WindowBasis};
pub use conflict::{ConflictFlag, Involved, Involvement};

/// How many of the highest-priority needs the team must cover.
pub const PRIORITY_NEEDS: usize = 10;

/// Points of the soft score (out of 100).
pub const POINTS_EXPERTISE: f64 = 55.0;
pub const POINTS_LANGUAGE: f64 = 25.0;
pub const POINTS_TRADITION: f64 = 10.0;
pub const POINTS_REGION: f64 = 10.0;

/// In the choice of the team, a need the expert is flagged on, whose legal
/// tradition the expert does not work in, or that the expert would serve
/// without the State's first language, counts this much of its weight (each
/// of these halves it again).
pub const WEAK_COVER: f64 = 0.5;

/// What a team is matched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// Assessing the State's needs: independence first; the team is there
    /// for the whole mission.
    Assessment,
    /// Delivering the assistance (the report's proposed team): a few days
    /// inside a delivery window; national experts welcome, flagged.
    #[default]
    Delivery,
}

impl Purpose {
    pub const ALL: [Purpose; 2] = [Purpose::Assessment, Purpose::Delivery];
    pub const NAMES: [&str; 2] = ["assessment", "delivery"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn parse(name: &str) -> Option<Purpose> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::ALL[i])
    }

    /// Whether an expert of this role may be proposed for this purpose.
    pub fn admits(self, role: Role) -> bool {
        matches!(
            (self, role),
            (_, Role::Both)
                | (Purpose::Assessment, Role::Assessment)
                | (Purpose::Delivery, Role::Delivery)
        )
    }
}

/// Which legal tradition a need's tag calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraditionKind {
    /// Criminal law and procedure (profile `criminal_tradition`, CX.10).
    Criminal,
    /// Civil-status and personal-status law (profile `civil_status_tradition`, CX.26).
    CivilStatus,
}

impl TraditionKind {
    /// The kind of tradition a tag's work calls for, if any.
    pub fn of_tag(tag: &str) -> Option<TraditionKind> {
        if conflict::CRIMINAL_LAW_TAGS.contains(&tag) {
            Some(TraditionKind::Criminal)
        } else if conflict::CIVIL_STATUS_TAGS.contains(&tag) {
            Some(TraditionKind::CivilStatus)
        } else {
            None
        }
    }
}

/// What the matching knows about the requesting State and the mission.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub state_code: Option<String>,
    /// The State's working languages in order of preference; the first is required of the team.
    pub languages: Vec<String>,
    pub criminal_tradition: Option<LegalTradition>,
    pub civil_status_tradition: Option<CivilStatusTradition>,
    pub region: Option<Region>,
    /// The assessment mission's dates.
    pub mission_dates: Option<Window>,
    /// The mission's delivery windows with the workstreams each concerns (empty: all).
    pub delivery_windows: Vec<(Window, Vec<String>)>,
    /// Bodies, suppliers and programme leads involved in the mission.
    pub involved: Vec<Involved>,
    /// Whether any body, any supplier was recorded (for the warnings).
    pub bodies_recorded: bool,
    pub suppliers_recorded: bool,
    /// Indicative expert-days of one need, per extent (the low end of the questionnaire's sizing).
    pub days_by_extent: [Option<u32>; 4],
}

impl Profile {
    /// Reads the State's profile from the session (code, languages in
    /// order, mission record) and the answers to the questionnaire's
    /// profile questions (traditions, region).
    pub fn of(questionnaire: &Questionnaire, session: &Session) -> Profile {
        let answered = |index: Option<usize>| -> Vec<String> {
            let Some(i) = index else { return Vec::new() };
            let answer = session.answer(&questionnaire.questions[i].id);
            match answer
                .filter(|a| a.status == Some(Status::Answered))
                .and_then(|a| a.value.as_ref())
            {
                Some(Value::Choice(c)) => vec![c.clone()],
                Some(Value::Choices(cs)) => cs.clone(),
                _ => Vec::new(),
            }
        };
        let profile = &questionnaire.profile;
        let mission = &session.mission;
        let mut involved: Vec<Involved> = Vec::new();
        for body in &mission.bodies {
            involved.push(Involved {
                organisation: body.clone(),
                involvement: Involvement::Body,
            });
        }
        for supplier in &mission.suppliers {
            involved.push(Involved {
                organisation: supplier.clone(),
                involvement: Involvement::Supplier,
            });
        }
        for programme in &mission.programmes {
            if let Some(lead) = programme.lead.as_ref().filter(|l| !l.trim().is_empty()) {
                involved.push(Involved {
                    organisation: lead.clone(),
                    involvement: Involvement::ProgrammeLead {
                        programme: programme.id.clone(),
                        name: programme.name.clone(),
                    },
                });
            }
        }
        let mut days_by_extent = [None; 4];
        if let Some(sizing) = &questionnaire.sizing {
            for extent in crate::questionnaire::Extent::ALL {
                days_by_extent[extent as usize] = sizing.band(extent).map(|b| *b.days.start());
            }
        }
        Profile {
            state_code: session.state.code.clone().filter(|c| !c.trim().is_empty()),
            languages: session.working_languages(questionnaire),
            criminal_tradition: answered(profile.criminal_tradition)
                .iter()
                .find_map(|t| LegalTradition::parse(t)),
            civil_status_tradition: answered(profile.civil_status_tradition)
                .iter()
                .find_map(|t| CivilStatusTradition::parse(t)),
            region: answered(profile.region)
                .iter()
                .find_map(|r| Region::parse(r)),
            mission_dates: match (mission.start, mission.end) {
                (Some(s), Some(e)) => Window::new(s, e),
                (Some(s), None) => Window::new(s, s),
                _ => None,
            },
            delivery_windows: mission
                .delivery_windows
                .iter()
                .filter_map(|w| Window::new(w.from, w.to).map(|x| (x, w.workstreams.clone())))
                .collect(),
            involved,
            bodies_recorded: !mission.bodies.is_empty(),
            suppliers_recorded: !mission.suppliers.is_empty(),
            days_by_extent,
        }
    }

    /// The roster tradition that fits the State for a kind of work. A
    /// customary or religious civil-status law asks for experts of mixed
    /// systems, the roster's nearest word.
    pub fn tradition(&self, kind: TraditionKind) -> Option<LegalTradition> {
        match kind {
            TraditionKind::Criminal => self.criminal_tradition,
            TraditionKind::CivilStatus => self.civil_status_tradition.map(|t| match t {
                CivilStatusTradition::Civil => LegalTradition::Civil,
                CivilStatusTradition::Common => LegalTradition::Common,
                CivilStatusTradition::Customary
                | CivilStatusTradition::Religious
                | CivilStatusTradition::Mixed => LegalTradition::Mixed,
            }),
        }
    }

    /// Weight of the working language at `index` (halving down the order,
    /// so the first counts as much as all the others together, nearly).
    pub fn language_weight(index: usize) -> f64 {
        0.5f64.powi(i32::try_from(index).unwrap_or(i32::MAX))
    }
}

/// How a match is made.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub purpose: Purpose,
    /// The window in which the experts are needed, instead of the session's.
    pub window: Option<Window>,
    /// Days asked of an expert per need, instead of the indicative sizing.
    pub days: Option<u32>,
}

/// Why an expert was filtered out (in words: [`crate::words::exclusion`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Exclusion {
    /// A national of the requesting State, for an assessment.
    National { state_code: String },
    /// The employer or a declared affiliation is a body, supplier or programme lead involved.
    Involved {
        organisation: String,
        involvement: Involvement,
        /// True when it is the employer, false for a declared affiliation.
        employer: bool,
    },
    /// A declared `government` affiliation in the requesting State.
    StateGovernment { organisation: String },
    /// The expert's role does not fit the purpose.
    Role { role: Role, purpose: Purpose },
    /// Not free long enough in any window the expert's expertise is needed in.
    Unavailable { misses: Vec<Miss> },
}

/// A requirement an expert's availability does not meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// The window judged (of the requirement's windows, the one with the most free days).
    pub window: Window,
    pub basis: WindowBasis,
    /// True when the whole window is asked for (an assessment mission).
    pub whole: bool,
    /// The fewest days asked in this window (by the needs the expert's expertise serves).
    pub needed: u32,
    pub free: u32,
    pub workstreams: Vec<Option<String>>,
}

#[derive(Debug, Clone)]
pub struct Excluded {
    pub expert: usize,
    pub reasons: Vec<Exclusion>,
}

/// Whether an expert works in the legal tradition a kind of work calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TraditionFit {
    pub kind: TraditionKind,
    /// The State's tradition for this kind of work.
    pub state: LegalTradition,
    pub fits: bool,
}

/// The parts of a soft score, in points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ScoreParts {
    pub expertise: f64,
    pub languages: f64,
    pub tradition: f64,
    pub region: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Candidate {
    pub expert: usize,
    /// 0–100.
    pub score: f64,
    pub parts: ScoreParts,
    /// Which of the expert's own tags (bit `i` for `expertise[i]`) are
    /// needed by a need the expert can serve.
    pub covers: u64,
    /// The needs (indexes into [`MatchResult::needs`]) whose expertise the
    /// expert holds and in whose window they are free.
    pub needs: Vec<u16>,
    /// The State's languages the expert works in, as a bit per index of `Profile::languages`.
    pub language_mask: u64,
    /// By [`TraditionKind`] (criminal, civil status): the tradition a
    /// covered need calls for, and whether the expert works in it.
    pub traditions: [Option<TraditionFit>; 2],
    pub region: bool,
    /// Conflicts kept and shown.
    pub flags: Vec<ConflictFlag>,
    /// Windows (of needs whose expertise the expert holds) they are not free long enough in.
    pub short: Vec<Miss>,
}

impl Candidate {
    /// The needed tags this expert holds and can serve.
    pub fn covered_tags<'r>(&self, roster: &'r Roster) -> Vec<&'r str> {
        let names: Vec<&str> = roster.tags.keys().map(String::as_str).collect();
        roster.experts[self.expert]
            .tag_ids
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 64 && self.covers & (1 << i) != 0)
            .filter_map(|(_, &t)| names.get(usize::from(t)).copied())
            .collect()
    }

    /// Whether the expert covers any needed expertise.
    pub fn covers_any(&self) -> bool {
        self.covers != 0
    }

    /// The traditions called for by the needs covered, and whether the expert works in them.
    pub fn traditions(&self) -> impl Iterator<Item = &TraditionFit> {
        self.traditions.iter().flatten()
    }

    /// The State's languages this expert works in, in the State's order.
    pub fn languages<'p>(&self, profile: &'p Profile) -> Vec<&'p str> {
        profile
            .languages
            .iter()
            .enumerate()
            .filter(|(i, _)| self.speaks(*i))
            .map(|(_, l)| l.as_str())
            .collect()
    }

    /// Whether the expert works in the State's language at `index`.
    pub fn speaks(&self, index: usize) -> bool {
        index < 64 && self.language_mask & (1 << index) != 0
    }

    fn flagged_on(&self, need: &str) -> bool {
        self.flags
            .iter()
            .any(|f| f.needs().iter().any(|n| n == need))
    }
}

/// Why a member joined the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Pick {
    /// Covers the most still-uncovered expertise of the priority needs.
    Coverage,
    /// Added because no member worked in the State's first language.
    FirstLanguage { language: String },
}

/// The team cannot work in the State's first language: an interpreter is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interpreter {
    pub language: String,
}

#[derive(Debug, Clone, Default)]
pub struct Team {
    /// Indexes into `MatchResult::candidates`, in the order chosen.
    pub members: Vec<usize>,
    /// Why each member joined (parallel to `members`).
    pub picks: Vec<Pick>,
    /// Needed tags of the priority needs that no available expert covers.
    pub uncovered: Vec<String>,
    /// The State's languages, each with the members who work in it.
    pub languages: Vec<(String, Vec<usize>)>,
    /// Set when no member (nor any available expert who adds expertise)
    /// works in the State's first language.
    pub interpreter: Option<Interpreter>,
    pub genders: BTreeMap<String, usize>,
    /// For each UN regional group, how many members have experience there
    /// (a member counts once in each region they list).
    pub regions: BTreeMap<String, usize>,
}

/// Something the matching could not check, and why (in words:
/// [`crate::words::warning`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "kebab-case")]
pub enum Warning {
    /// No State code: nationals and the State's government affiliations cannot be spotted.
    NoStateCode { purpose: Purpose },
    /// No body involved recorded: affiliations with them cannot be checked.
    NoBodies,
    /// No supplier recorded: affiliations with the State's suppliers cannot be filtered.
    NoSuppliers,
    /// No delivery window: the mission's dates are used (`fallback`), or
    /// availability is not checked (`None`).
    NoDeliveryWindow { fallback: Option<Window> },
    /// Delivery windows exist, but none concerns these workstreams.
    NoWindowFor {
        workstreams: Vec<Option<String>>,
        fallback: Option<Window>,
    },
    /// An assessment without mission dates: availability is not checked.
    NoMissionDates,
    /// No working language recorded: languages are not weighed and no interpreter need can be seen.
    NoLanguages,
}

impl Warning {
    /// The warning's code, as in JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::NoStateCode { .. } => "no-state-code",
            Warning::NoBodies => "no-bodies",
            Warning::NoSuppliers => "no-suppliers",
            Warning::NoDeliveryWindow { .. } => "no-delivery-window",
            Warning::NoWindowFor { .. } => "no-window-for",
            Warning::NoMissionDates => "no-mission-dates",
            Warning::NoLanguages => "no-languages",
        }
    }
}

/// A need as the matching weighs it.
#[derive(Debug, Clone, Serialize)]
pub struct MatchedNeed {
    pub id: String,
    pub workstream: Option<String>,
    pub extent: crate::questionnaire::Extent,
    /// Its priority (at least 0.01), the weight of each of its tags.
    pub weight: f64,
    pub tags: Vec<String>,
    /// Index into [`MatchResult::requirements`]; `None`: availability not checked.
    pub requirement: Option<usize>,
    /// Among the needs the team must cover.
    pub priority: bool,
}

#[derive(Debug, Clone, Default)]
pub struct MatchResult {
    pub purpose: Purpose,
    /// The needs matched, in the order given (highest priority first).
    pub needs: Vec<MatchedNeed>,
    /// When experts must be available, and for how many days.
    pub requirements: Vec<Requirement>,
    /// Needed tags with their weights (sum of the priorities of the needs that call for them).
    pub needed: Vec<(String, f64)>,
    /// Best first; ties keep the roster's order.
    pub candidates: Vec<Candidate>,
    pub excluded: Vec<Excluded>,
    pub team: Team,
    pub warnings: Vec<Warning>,
}

/// Weights of needed tags: each need adds its priority to each of its tags.
pub fn needed_tags(needs: &[&Need]) -> Vec<(String, f64)> {
    let mut weights: BTreeMap<String, f64> = BTreeMap::new();
    for need in needs {
        for tag in &need.tags {
            *weights.entry(tag.clone()).or_default() += weight(need);
        }
    }
    let mut out: Vec<(String, f64)> = weights.into_iter().collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

fn weight(need: &Need) -> f64 {
    need.priority.value.max(0.01)
}

/// Matches the roster to all of a session's needs for delivery; the team
/// covers the [`PRIORITY_NEEDS`] highest-priority ones.
pub fn match_roster(
    roster: &Roster,
    _questionnaire: &Questionnaire,
    needs: &NeedsAssessment,
    profile: &Profile,
) -> MatchResult {
    match_assessment(roster, needs, profile, &Options::default())
}

/// Matches the roster to all of a session's needs with these options; the
/// team covers the [`PRIORITY_NEEDS`] highest-priority ones.
pub fn match_assessment(
    roster: &Roster,
    needs: &NeedsAssessment,
    profile: &Profile,
    options: &Options,
) -> MatchResult {
    let all: Vec<&Need> = needs.needs.iter().collect();
    run(roster, profile, &all, PRIORITY_NEEDS, options)
}

/// Matches a subset of needs (a workstream, a phase of a plan) in a given
/// window for a purpose; the team covers all of them. Without a window the
/// session's delivery windows (or, for an assessment, its dates) are used.
pub fn match_needs(
    roster: &Roster,
    questionnaire: &Questionnaire,
    session: &Session,
    needs: &[&Need],
    window: Option<Window>,
    purpose: Purpose,
) -> MatchResult {
    let profile = Profile::of(questionnaire, session);
    match_with(
        roster,
        &profile,
        needs,
        &Options {
            purpose,
            window,
            days: None,
        },
    )
}

/// [`match_needs`] with a profile already read and every option.
pub fn match_with(
    roster: &Roster,
    profile: &Profile,
    needs: &[&Need],
    options: &Options,
) -> MatchResult {
    run(roster, profile, needs, needs.len(), options)
}

/// The warnings a match would give (missing inputs, windows that fall
/// back), without matching: for the interview's summary and Mission screen.
pub fn warnings(profile: &Profile, needs: &[&Need], options: &Options) -> Vec<Warning> {
    let mut warnings = input_warnings(profile, options.purpose);
    availability::plan(profile, needs, options, &mut warnings);
    warnings
}

/// What the scoring loop reads about the needs, indexed for speed.
struct Index {
    /// Per roster tag id: the needs (indexes) that call for it.
    needs_by_tag: Vec<Vec<u16>>,
    /// Per roster tag id: the requirements of the needs that call for it.
    requirements_of_tag: Vec<Vec<usize>>,
    /// Per roster tag id: the tradition its work calls for, when the State's is known.
    tradition_of_tag: Vec<Option<(TraditionKind, LegalTradition)>>,
    /// Per need: its requirement.
    requirement: Vec<Option<usize>>,
    /// Per need: its weight.
    weight: Vec<f64>,
    /// Σ weight × tags over all needs (tags unknown to the roster included).
    total: f64,
    /// Σ weight of (need, tag) pairs that call for a known tradition.
    total_tradition: f64,
}

fn run(
    roster: &Roster,
    profile: &Profile,
    needs: &[&Need],
    team_size: usize,
    options: &Options,
) -> MatchResult {
    // A u16 indexes needs; more needs than that are not a real mission.
    let needs = &needs[..needs.len().min(usize::from(u16::MAX))];
    let mut warnings = input_warnings(profile, options.purpose);
    let plan = availability::plan(profile, needs, options, &mut warnings);
    let matched: Vec<MatchedNeed> = needs
        .iter()
        .zip(&plan.of_need)
        .enumerate()
        .map(|(i, (need, requirement))| MatchedNeed {
            id: need.id.clone(),
            workstream: need.workstream.clone(),
            extent: need.extent,
            weight: weight(need),
            tags: need.tags.clone(),
            requirement: *requirement,
            priority: i < team_size,
        })
        .collect();
    let index = index(roster, profile, &matched);
    let mut candidates = Vec::with_capacity(roster.experts.len());
    let mut excluded = Vec::new();
    let units = Units::of(roster, &matched);
    let languages_known = !profile.languages.is_empty();
    // Each candidate's (need, tag) pairs for the team, gathered while the
    // expert is at hand: (start, end) into `pairs`, in the candidates' order.
    let mut pairs: Vec<(u32, f64)> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut seen = vec![usize::MAX; matched.len()];
    let mut fits = Vec::with_capacity(plan.requirements.len());
    let mut relevant = vec![false; plan.requirements.len()];
    for (e, expert) in roster.experts.iter().enumerate() {
        let mut reasons = Vec::new();
        if !options.purpose.admits(expert.role) {
            reasons.push(Exclusion::Role {
                role: expert.role,
                purpose: options.purpose,
            });
        }
        conflict::exclusions(
            expert,
            profile.state_code.as_deref(),
            &profile.involved,
            options.purpose,
            &mut reasons,
        );
        let (misses, any_fit) =
            judge_availability(expert, &plan.requirements, &index, &mut fits, &mut relevant);
        if !misses.is_empty() && !any_fit {
            reasons.push(Exclusion::Unavailable { misses });
            excluded.push(Excluded { expert: e, reasons });
            continue;
        }
        if !reasons.is_empty() {
            excluded.push(Excluded { expert: e, reasons });
            continue;
        }
        let mut candidate = score_expert(e, expert, &index, &fits, profile, &mut seen);
        candidate.short = misses;
        candidate.flags = flags(expert, &candidate, &matched, profile, options.purpose);
        let start = pairs.len();
        push_pairs(
            expert,
            &candidate,
            &matched,
            &index,
            &units,
            languages_known,
            &mut pairs,
        );
        spans.push((start, pairs.len()));
        candidates.push(candidate);
    }
    let (candidates, order) = ranked(candidates);
    let covers = Covers::in_order(&order, &spans, &pairs);
    drop(pairs);
    let team = propose_team(roster, &candidates, &units, &covers, profile);
    MatchResult {
        purpose: options.purpose,
        needed: needed_tags(needs),
        needs: matched,
        requirements: plan.requirements,
        candidates,
        excluded,
        team,
        warnings,
    }
}

/// Best score first, ties in the roster's order, with the order taken (the
/// old index of each); an order of indexes is sorted, not the (large)
/// candidates themselves.
fn ranked(mut candidates: Vec<Candidate>) -> (Vec<Candidate>, Vec<usize>) {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    // Expert indexes are unique, so an unstable sort is deterministic.
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&candidates[a], &candidates[b]);
        b.score.total_cmp(&a.score).then(a.expert.cmp(&b.expert))
    });
    let sorted = order
        .iter()
        .map(|&i| std::mem::take(&mut candidates[i]))
        .collect();
    (sorted, order)
}

fn input_warnings(profile: &Profile, purpose: Purpose) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if profile.state_code.is_none() {
        warnings.push(Warning::NoStateCode { purpose });
    }
    if !profile.bodies_recorded {
        warnings.push(Warning::NoBodies);
    }
    if !profile.suppliers_recorded {
        warnings.push(Warning::NoSuppliers);
    }
    if profile.languages.is_empty() {
        warnings.push(Warning::NoLanguages);
    }
    warnings
}

fn miss(requirement: &Requirement, fit: availability::Fit) -> Miss {
    Miss {
        window: fit.window,
        basis: requirement.basis,
        whole: requirement.days_basis == DaysBasis::WholeWindow,
        needed: fit.needed,
        free: fit.free,
        workstreams: requirement.workstreams.clone(),
    }
}

/// How the expert's availability meets the requirements of the needs
/// whose expertise they hold (all requirements for an expert who holds
/// none): the misses, and whether any of them fits. `fits` and `relevant`
/// are buffers kept between experts; `fits` holds each requirement's fit after.
fn judge_availability(
    expert: &Expert,
    requirements: &[Requirement],
    index: &Index,
    fits: &mut Vec<availability::Fit>,
    relevant: &mut [bool],
) -> (Vec<Miss>, bool) {
    fits.clear();
    fits.extend(requirements.iter().map(|r| r.fit(&expert.availability)));
    relevant.fill(false);
    let mut holds_any = false;
    for &tag in &expert.tag_ids {
        let t = usize::from(tag);
        holds_any |= !index.needs_by_tag[t].is_empty();
        for &r in &index.requirements_of_tag[t] {
            relevant[r] = true;
        }
    }
    if !holds_any {
        relevant.fill(true);
    }
    let mut misses: Vec<Miss> = Vec::new();
    let mut any_fit = false;
    for (r, _) in relevant.iter().enumerate().filter(|(_, wanted)| **wanted) {
        if fits[r].ok {
            any_fit = true;
        } else {
            add_miss(&mut misses, miss(&requirements[r], fits[r]));
        }
    }
    (misses, any_fit)
}

/// Adds a miss, merged with one of the same window: the fewest days asked
/// there is kept (the expert misses even those), and the workstreams joined.
fn add_miss(misses: &mut Vec<Miss>, new: Miss) {
    match misses
        .iter_mut()
        .find(|m| m.window == new.window && m.basis == new.basis && m.whole == new.whole)
    {
        Some(m) => {
            m.needed = m.needed.min(new.needed);
            for w in new.workstreams {
                if !m.workstreams.contains(&w) {
                    m.workstreams.push(w);
                }
            }
            m.workstreams.sort();
        }
        None => misses.push(new),
    }
}

fn index(roster: &Roster, profile: &Profile, needs: &[MatchedNeed]) -> Index {
    let mut needs_by_tag = vec![Vec::new(); roster.tags.len()];
    let mut requirements_of_tag: Vec<Vec<usize>> = vec![Vec::new(); roster.tags.len()];
    let mut total = 0.0;
    let mut total_tradition = 0.0;
    let tradition_of_tag: Vec<Option<(TraditionKind, LegalTradition)>> = roster
        .tags
        .keys()
        .map(|tag| {
            TraditionKind::of_tag(tag).and_then(|kind| profile.tradition(kind).map(|t| (kind, t)))
        })
        .collect();
    for (n, need) in needs.iter().enumerate() {
        #[allow(clippy::cast_possible_truncation)] // needs are capped at u16::MAX
        let n = n as u16;
        for tag in &need.tags {
            total += need.weight;
            if let Some(t) = roster.tag_index(tag) {
                let t = usize::from(t);
                if !needs_by_tag[t].contains(&n) {
                    needs_by_tag[t].push(n);
                }
                if let Some(r) = need.requirement
                    && !requirements_of_tag[t].contains(&r)
                {
                    requirements_of_tag[t].push(r);
                }
                if tradition_of_tag[t].is_some() {
                    total_tradition += need.weight;
                }
            }
        }
    }
    Index {
        needs_by_tag,
        requirements_of_tag,
        tradition_of_tag,
        requirement: needs.iter().map(|n| n.requirement).collect(),
        weight: needs.iter().map(|n| n.weight).collect(),
        total,
        total_tradition,
    }
}

fn score_expert(
    e: usize,
    expert: &Expert,
    index: &Index,
    fits: &[availability::Fit],
    profile: &Profile,
    seen: &mut [usize],
) -> Candidate {
    let mut covered_weight = 0.0;
    let mut tradition_weight = 0.0;
    let mut covers = 0u64;
    let mut needs = Vec::new();
    let mut traditions: [Option<TraditionFit>; 2] = [None, None];
    for (i, &tag) in expert.tag_ids.iter().enumerate() {
        let t = usize::from(tag);
        let mut serves = false;
        for &n in &index.needs_by_tag[t] {
            let ni = usize::from(n);
            if index.requirement[ni].is_some_and(|r| !fits[r].ok) {
                continue;
            }
            serves = true;
            covered_weight += index.weight[ni];
            if seen[ni] != e {
                seen[ni] = e;
                needs.push(n);
            }
            if let Some((kind, state)) = index.tradition_of_tag[t] {
                let fit = expert.legal_traditions.contains(&state);
                if fit {
                    tradition_weight += index.weight[ni];
                }
                traditions[kind as usize].get_or_insert(TraditionFit {
                    kind,
                    state,
                    fits: fit,
                });
            }
        }
        if serves && i < 64 {
            covers |= 1 << i;
        }
    }
    needs.sort_unstable();
    let mut language_mask = 0u64;
    let mut spoken = 0.0;
    let mut all = 0.0;
    for (i, language) in profile.languages.iter().enumerate().take(64) {
        let w = Profile::language_weight(i);
        all += w;
        if expert
            .speaks(language)
            .is_some_and(|p| p >= Proficiency::Working)
        {
            language_mask |= 1 << i;
            spoken += w;
        }
    }
    let region = profile.region.is_some_and(|r| expert.regions.contains(&r));
    let share = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
    let parts = ScoreParts {
        expertise: POINTS_EXPERTISE * share(covered_weight, index.total),
        languages: POINTS_LANGUAGE * share(spoken, all),
        tradition: POINTS_TRADITION * share(tradition_weight, index.total_tradition),
        region: if region { POINTS_REGION } else { 0.0 },
    };
    Candidate {
        expert: e,
        score: parts.expertise + parts.languages + parts.tradition + parts.region,
        parts,
        covers,
        needs,
        language_mask,
        traditions,
        region,
        flags: Vec::new(),
        short: Vec::new(),
    }
}

/// The conflicts kept and shown for a candidate.
fn flags(
    expert: &Expert,
    candidate: &Candidate,
    needs: &[MatchedNeed],
    profile: &Profile,
    purpose: Purpose,
) -> Vec<ConflictFlag> {
    let mut flags = Vec::new();
    if purpose == Purpose::Delivery
        && let Some(code) = &profile.state_code
        && conflict::is_national(expert, code)
    {
        flags.push(ConflictFlag::National {
            state_code: code.clone(),
        });
    }
    let covered = || candidate.needs.iter().map(|&n| &needs[usize::from(n)]);
    if let Some(organisation) = conflict::supplier_of(expert) {
        let systems: Vec<String> = covered()
            .filter(|n| conflict::systems_class(n.extent))
            .map(|n| n.id.clone())
            .collect();
        if !systems.is_empty() {
            flags.push(ConflictFlag::SupplierStaff {
                organisation: organisation.to_string(),
                needs: systems,
            });
        }
    }
    for &sector in &expert.sector_interest {
        let regulating: Vec<String> = covered()
            .filter(|n| {
                n.tags
                    .iter()
                    .any(|t| conflict::sectors_of(t).contains(&sector))
            })
            .map(|n| n.id.clone())
            .collect();
        if !regulating.is_empty() {
            flags.push(ConflictFlag::SectorInterest {
                sector,
                needs: regulating,
            });
        }
    }
    flags
}

/// The (need, tag) pairs each candidate covers among the priority needs,
/// with the share of the weight each counts for in the choice, in one flat
/// array (candidate `i`'s pairs are `pairs[offsets[i]..offsets[i + 1]]`).
struct Covers {
    offsets: Vec<u32>,
    pairs: Vec<(u32, f64)>,
}

/// A candidate's (need, tag) pairs among the priority needs, with the share
/// of the weight each counts for in the choice of the team.
fn push_pairs(
    expert: &Expert,
    candidate: &Candidate,
    needs: &[MatchedNeed],
    index: &Index,
    units: &Units,
    languages_known: bool,
    out: &mut Vec<(u32, f64)>,
) {
    // Working with the State's officials needs its first language.
    let language = if languages_known && !candidate.speaks(0) {
        WEAK_COVER
    } else {
        1.0
    };
    // Needs are in order and the priority needs come first.
    for &n in candidate
        .needs
        .iter()
        .take_while(|&&n| needs[usize::from(n)].priority)
    {
        let need = &needs[usize::from(n)];
        let flagged = !candidate.flags.is_empty() && candidate.flagged_on(&need.id);
        for &tag in &expert.tag_ids {
            let Some(unit) = units.get(n, tag) else {
                continue;
            };
            let mut share = if flagged { WEAK_COVER } else { 1.0 } * language;
            if let Some((_, state)) = index.tradition_of_tag[usize::from(tag)]
                && !expert.legal_traditions.contains(&state)
            {
                share *= WEAK_COVER;
            }
            out.push((unit, share));
        }
    }
}

impl Covers {
    /// The pairs laid out in the ranked order (`order[i]`: the index, in
    /// the order gathered, of the candidate ranked `i`).
    fn in_order(order: &[usize], spans: &[(usize, usize)], pairs: &[(u32, f64)]) -> Covers {
        let mut covers = Covers {
            offsets: Vec::with_capacity(order.len() + 1),
            pairs: Vec::with_capacity(pairs.len()),
        };
        covers.offsets.push(0);
        for &i in order {
            let (start, end) = spans[i];
            covers.pairs.extend_from_slice(&pairs[start..end]);
            covers
                .offsets
                .push(u32::try_from(covers.pairs.len()).unwrap_or(u32::MAX));
        }
        covers
    }

    /// The pairs of candidate `i`.
    fn of_candidate(&self, i: usize) -> &[(u32, f64)] {
        &self.pairs[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Greedy weighted set cover of the (need, tag) pairs of the priority
/// needs: repeatedly takes the candidate whose pairs add the most
/// still-uncovered weight (a pair counts half when the candidate is flagged
/// on its need, half when they do not work in the tradition it calls for,
/// half when they do not work in the State's first language), plus a bonus
/// for each State language no member speaks yet (1 for the first, halving
/// down the order); ties go to the higher soft score. Stops when every pair
/// is covered or nobody adds anything. Then, if no member works in the
/// State's first language, the available expert who does and covers the
/// most of the priority needs joins; if there is none, an interpreter is
/// needed.
fn propose_team(
    roster: &Roster,
    candidates: &[Candidate],
    units: &Units,
    covers: &Covers,
    profile: &Profile,
) -> Team {
    let mut uncovered = units.weight.clone();
    let (mut members, mut picks, unspoken) =
        greedy_cover(candidates, covers, &mut uncovered, profile);
    let mut interpreter = None;
    if let Some(first) = profile.languages.first()
        && !members.is_empty()
        && unspoken & 1 != 0
    {
        match first_language_speaker(candidates, covers, &units.weight, &members) {
            Some(chosen) => {
                for &(u, _) in covers.of_candidate(chosen) {
                    uncovered[u as usize] = 0.0;
                }
                members.push(chosen);
                picks.push(Pick::FirstLanguage {
                    language: first.clone(),
                });
            }
            None => {
                interpreter = Some(Interpreter {
                    language: first.clone(),
                });
            }
        }
    }
    let (genders, regions) = balance(roster, candidates, &members);
    let names: Vec<&String> = roster.tags.keys().collect();
    let mut uncovered_tags: Vec<String> = units.unknown_to_roster.clone();
    for (u, w) in uncovered.iter().enumerate() {
        let tag = names[usize::from(units.tag[u])];
        if *w > 0.0 && !uncovered_tags.contains(tag) {
            uncovered_tags.push(tag.clone());
        }
    }
    uncovered_tags.sort();
    Team {
        languages: profile
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let speakers = members
                    .iter()
                    .copied()
                    .filter(|&m| candidates[m].speaks(i))
                    .collect();
                (l.clone(), speakers)
            })
            .collect(),
        members,
        picks,
        uncovered: uncovered_tags,
        interpreter,
        genders,
        regions,
    }
}

/// The (need, tag) pairs the team must cover: those of the priority needs.
struct Units {
    /// Unit index by `need × roster tags + tag` (`u32::MAX`: not a unit).
    of: Vec<u32>,
    tags: usize,
    weight: Vec<f64>,
    tag: Vec<u16>,
    /// Tags of priority needs that no expert can hold: uncovered from the start.
    unknown_to_roster: Vec<String>,
}

impl Units {
    fn of(roster: &Roster, needs: &[MatchedNeed]) -> Units {
        let priority = needs.iter().filter(|n| n.priority).count();
        let mut units = Units {
            of: vec![u32::MAX; priority * roster.tags.len()],
            tags: roster.tags.len(),
            weight: Vec::new(),
            tag: Vec::new(),
            unknown_to_roster: Vec::new(),
        };
        // The priority needs come first (they are the first `priority` needs).
        for (n, need) in needs.iter().enumerate().take(priority) {
            for tag in &need.tags {
                match roster.tag_index(tag) {
                    Some(t) => {
                        let slot = &mut units.of[n * units.tags + usize::from(t)];
                        if *slot == u32::MAX {
                            *slot = u32::try_from(units.weight.len()).unwrap_or(u32::MAX);
                            units.weight.push(need.weight);
                            units.tag.push(t);
                        }
                    }
                    None => {
                        if !units.unknown_to_roster.contains(tag) {
                            units.unknown_to_roster.push(tag.clone());
                        }
                    }
                }
            }
        }
        units
    }

    fn get(&self, need: u16, tag: u16) -> Option<u32> {
        let slot = *self
            .of
            .get(usize::from(need) * self.tags + usize::from(tag))?;
        (slot != u32::MAX).then_some(slot)
    }
}

/// The greedy loop; returns the members, why each joined, and the mask of
/// State languages no member speaks.
fn greedy_cover(
    candidates: &[Candidate],
    covers: &Covers,
    uncovered: &mut [f64],
    profile: &Profile,
) -> (Vec<usize>, Vec<Pick>, u64) {
    let mut unspoken: u64 = if profile.languages.len() >= 64 {
        u64::MAX
    } else {
        (1u64 << profile.languages.len()) - 1
    };
    let languages = profile.languages.len().min(64);
    let mut members: Vec<usize> = Vec::new();
    let mut picks: Vec<Pick> = Vec::new();
    while uncovered.iter().any(|w| *w > 0.0) {
        let mut best: Option<(usize, f64)> = None;
        for (i, candidate) in candidates.iter().enumerate() {
            let gain: f64 = covers
                .of_candidate(i)
                .iter()
                .map(|&(u, share)| uncovered[u as usize] * share)
                .sum();
            if gain <= 0.0 {
                continue;
            }
            let new_languages = unspoken & candidate.language_mask;
            let bonus: f64 = if new_languages == 0 {
                0.0
            } else {
                (0..languages)
                    .filter(|&l| new_languages & (1 << l) != 0)
                    .map(Profile::language_weight)
                    .sum()
            };
            let gain = gain + bonus;
            // Candidates are sorted by score, so the first of equal gains wins.
            if best.is_none_or(|(_, g)| gain > g + 1e-9) {
                best = Some((i, gain));
            }
        }
        let Some((chosen, _)) = best else { break };
        for &(u, _) in covers.of_candidate(chosen) {
            uncovered[u as usize] = 0.0;
        }
        unspoken &= !candidates[chosen].language_mask;
        members.push(chosen);
        picks.push(Pick::Coverage);
    }
    (members, picks, unspoken)
}

/// The candidate, not yet a member, who works in the State's first language
/// and covers the most weight of the priority needs (covered or not); ties
/// to the higher score.
fn first_language_speaker(
    candidates: &[Candidate],
    covers: &Covers,
    unit_weight: &[f64],
    members: &[usize],
) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, candidate) in candidates.iter().enumerate() {
        if !candidate.speaks(0) || members.contains(&i) {
            continue;
        }
        let value: f64 = covers
            .of_candidate(i)
            .iter()
            .map(|&(u, share)| unit_weight[u as usize] * share)
            .sum();
        if value > 0.0 && best.is_none_or(|(_, v)| value > v + 1e-9) {
            best = Some((i, value));
        }
    }
    best.map(|(i, _)| i)
}

type Counts = BTreeMap<String, usize>;

/// The team's gender and regional balance.
fn balance(roster: &Roster, candidates: &[Candidate], members: &[usize]) -> (Counts, Counts) {
    let mut genders = BTreeMap::new();
    let mut regions = BTreeMap::new();
    for &m in members {
        let expert = &roster.experts[candidates[m].expert];
        *genders
            .entry(
                expert
                    .gender
                    .clone()
                    .unwrap_or_else(|| "not declared".into()),
            )
            .or_insert(0) += 1;
        for region in &expert.regions {
            *regions.entry(region.name().to_string()).or_insert(0) += 1;
        }
    }
    (genders, regions)
}

#[cfg(test)]
mod tests;
