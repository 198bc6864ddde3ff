//! Roster matching: hard filters with reasons (conflicts of interest,
//! availability), a soft score that explains itself (needed expertise
//! weighted by need priority, the State's languages, legal tradition,
//! regional experience, role), and a proposed team chosen by a greedy
//! weighted set cover of the priority needs' expertise.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::needs::NeedsAssessment;
use crate::questionnaire::Questionnaire;
use crate::roster::{Expert, LegalTradition, Proficiency, Region, Roster};
use crate::session::{Session, Status, Value};

/// How many of the highest-priority needs the team must cover.
pub const PRIORITY_NEEDS: usize = 10;

/// Points of the soft score (out of 100).
pub const POINTS_EXPERTISE: f64 = 50.0;
pub const POINTS_LANGUAGE: f64 = 20.0;
pub const POINTS_TRADITION: f64 = 10.0;
pub const POINTS_REGION: f64 = 10.0;
pub const POINTS_ROLE: f64 = 10.0;

/// What the matching knows about the requesting State and the mission.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub state_code: Option<String>,
    pub languages: Vec<String>,
    pub legal_tradition: Option<LegalTradition>,
    pub region: Option<Region>,
    pub window: Option<(Date, Date)>,
    pub bodies: Vec<String>,
}

impl Profile {
    /// Reads the State's profile from the session's answers to the
    /// questionnaire's profile questions, and the mission from the session.
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
        Profile {
            state_code: session.state.code.clone(),
            languages: answered(profile.languages),
            legal_tradition: answered(profile.legal_tradition)
                .iter()
                .find_map(|t| LegalTradition::parse(t)),
            region: answered(profile.region)
                .iter()
                .find_map(|r| Region::parse(r)),
            window: match (session.mission.start, session.mission.end) {
                (Some(s), Some(e)) => Some((s, e)),
                (Some(s), None) => Some((s, s)),
                _ => None,
            },
            bodies: session.mission.bodies.clone(),
        }
    }
}

/// Why an expert was filtered out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    National(String),
    AffiliatedWithBody(String),
    AffiliatedWithGovernment(String),
    Unavailable(Date, Date),
}

impl Exclusion {
    pub fn reason(&self) -> String {
        match self {
            Exclusion::National(code) => {
                format!("conflict of interest: a national of the requesting State ({code})")
            }
            Exclusion::AffiliatedWithBody(body) => {
                format!(
                    "conflict of interest: declared affiliation with {body}, a body or supplier involved"
                )
            }
            Exclusion::AffiliatedWithGovernment(org) => {
                format!(
                    "conflict of interest: declared affiliation with the requesting State's government ({org})"
                )
            }
            Exclusion::Unavailable(from, to) => {
                format!("not available for the whole mission, {from} to {to}")
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Excluded {
    pub expert: usize,
    pub reasons: Vec<Exclusion>,
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub expert: usize,
    /// 0–100.
    pub score: f64,
    /// Needed tags this expert holds, with their weight.
    pub covers: Vec<(String, f64)>,
    /// The State's languages the expert works in.
    pub languages: Vec<String>,
    pub tradition: bool,
    pub region: bool,
}

impl Candidate {
    /// Why this expert: needs covered, language, region, tradition, role.
    pub fn why(&self, roster: &Roster, profile: &Profile) -> String {
        let expert = &roster.experts[self.expert];
        let mut parts = Vec::new();
        if self.covers.is_empty() {
            parts.push("covers none of the needed expertise".to_string());
        } else {
            let tags: Vec<&str> = self.covers.iter().map(|(t, _)| t.as_str()).collect();
            parts.push(format!("covers {}", tags.join(", ")));
        }
        if !self.languages.is_empty() {
            parts.push(format!("works in {}", self.languages.join(", ")));
        } else if !profile.languages.is_empty() {
            parts.push(format!("does not work in {}", profile.languages.join(", ")));
        }
        if let Some(region) = profile.region.filter(|_| self.region) {
            parts.push(format!("experience in {}", region.name()));
        }
        if let Some(tradition) = profile.legal_tradition.filter(|_| self.tradition) {
            parts.push(format!("{} law", tradition.name()));
        }
        parts.push(format!("role: {}", expert.role.name()));
        parts.join("; ")
    }
}

#[derive(Debug, Clone, Default)]
pub struct Team {
    /// Indexes into `MatchResult::candidates`, in the order chosen.
    pub members: Vec<usize>,
    /// Needed tags of the priority needs that no available expert covers.
    pub uncovered: Vec<String>,
    /// The State's languages, each with the members who work in it.
    pub languages: Vec<(String, Vec<usize>)>,
    pub genders: BTreeMap<String, usize>,
    pub regions: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Default)]
pub struct MatchResult {
    /// Needed tags with their weights (sum of the priorities of the needs that call for them).
    pub needed: Vec<(String, f64)>,
    /// Best first; ties broken by expert id.
    pub candidates: Vec<Candidate>,
    pub excluded: Vec<Excluded>,
    pub team: Team,
}

/// Hard filters: conflicts of interest and availability.
pub fn exclusions(expert: &Expert, profile: &Profile) -> Vec<Exclusion> {
    let mut reasons = Vec::new();
    if let Some(code) = &profile.state_code {
        if expert
            .nationality
            .iter()
            .any(|n| n.eq_ignore_ascii_case(code))
        {
            reasons.push(Exclusion::National(code.clone()));
        }
        for affiliation in &expert.affiliations {
            if affiliation.kind == "government"
                && affiliation
                    .country
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(code))
            {
                reasons.push(Exclusion::AffiliatedWithGovernment(
                    affiliation.organisation.clone(),
                ));
            }
        }
    }
    for affiliation in &expert.affiliations {
        if profile
            .bodies
            .iter()
            .any(|b| same_body(b, &affiliation.organisation))
        {
            reasons.push(Exclusion::AffiliatedWithBody(
                affiliation.organisation.clone(),
            ));
        }
    }
    if let Some((from, to)) = profile.window {
        if !expert.available(from, to) {
            reasons.push(Exclusion::Unavailable(from, to));
        }
    }
    reasons
}

fn same_body(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Weights of needed tags: each need adds its priority to each of its tags.
pub fn needed_tags(
    questionnaire: &Questionnaire,
    needs: &NeedsAssessment,
    only_top: Option<usize>,
) -> Vec<(String, f64)> {
    let mut weights: BTreeMap<String, f64> = BTreeMap::new();
    for need in needs.needs.iter().take(only_top.unwrap_or(usize::MAX)) {
        for tag in &questionnaire.questions[need.question].tags {
            *weights.entry(tag.clone()).or_default() += need.priority.max(0.01);
        }
    }
    let mut out: Vec<(String, f64)> = weights.into_iter().collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Matches the roster to the needs.
pub fn match_roster(
    roster: &Roster,
    questionnaire: &Questionnaire,
    needs: &NeedsAssessment,
    profile: &Profile,
) -> MatchResult {
    let needed = needed_tags(questionnaire, needs, None);
    let total_weight: f64 = needed.iter().map(|(_, w)| w).sum();
    // Weight of each roster tag index, for a fast inner loop.
    let mut weight_by_id = vec![0.0; roster.tags.len()];
    for (tag, weight) in &needed {
        if let Some(i) = roster.tag_index(tag) {
            weight_by_id[usize::from(i)] = *weight;
        }
    }
    let mut candidates = Vec::new();
    let mut excluded = Vec::new();
    for (index, expert) in roster.experts.iter().enumerate() {
        let reasons = exclusions(expert, profile);
        if !reasons.is_empty() {
            excluded.push(Excluded {
                expert: index,
                reasons,
            });
            continue;
        }
        candidates.push(score_expert(
            index,
            expert,
            roster,
            &weight_by_id,
            total_weight,
            profile,
        ));
    }
    candidates.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then_with(|| {
            roster.experts[a.expert]
                .id
                .cmp(&roster.experts[b.expert].id)
        })
    });
    let priority_tags = needed_tags(questionnaire, needs, Some(PRIORITY_NEEDS));
    let team = propose_team(roster, &candidates, &priority_tags, profile);
    MatchResult {
        needed,
        candidates,
        excluded,
        team,
    }
}

fn score_expert(
    index: usize,
    expert: &Expert,
    roster: &Roster,
    weight_by_id: &[f64],
    total_weight: f64,
    profile: &Profile,
) -> Candidate {
    let mut covered_weight = 0.0;
    let mut covers = Vec::new();
    for &tag in &expert.tag_ids {
        let weight = weight_by_id.get(usize::from(tag)).copied().unwrap_or(0.0);
        if weight > 0.0 {
            covered_weight += weight;
            if let Some(name) = roster.tags.keys().nth(usize::from(tag)) {
                covers.push((name.clone(), weight));
            }
        }
    }
    let languages: Vec<String> = profile
        .languages
        .iter()
        .filter(|l| expert.speaks(l).is_some_and(|p| p >= Proficiency::Working))
        .cloned()
        .collect();
    let tradition = profile
        .legal_tradition
        .is_some_and(|t| expert.legal_traditions.contains(&t));
    let region = profile.region.is_some_and(|r| expert.regions.contains(&r));
    let language_share = if profile.languages.is_empty() {
        0.0
    } else {
        languages.len() as f64 / profile.languages.len() as f64
    };
    let role = match expert.role {
        crate::roster::Role::Both => 1.0,
        crate::roster::Role::Delivery => 0.8,
        crate::roster::Role::Assessment => 0.4,
    };
    let expertise = if total_weight > 0.0 {
        covered_weight / total_weight
    } else {
        0.0
    };
    let score = POINTS_EXPERTISE * expertise
        + POINTS_LANGUAGE * language_share
        + if tradition { POINTS_TRADITION } else { 0.0 }
        + if region { POINTS_REGION } else { 0.0 }
        + POINTS_ROLE * role;
    Candidate {
        expert: index,
        score,
        covers,
        languages,
        tradition,
        region,
    }
}

/// Greedy weighted set cover: repeatedly takes the candidate who covers the
/// most weight of still-uncovered priority tags (plus half a point for each
/// State language no member speaks yet), ties to the higher soft score.
/// Stops when every priority tag is covered or nobody adds anything. It
/// minimises the team greedily (within a factor ln n of the fewest).
fn propose_team(
    roster: &Roster,
    candidates: &[Candidate],
    priority: &[(String, f64)],
    profile: &Profile,
) -> Team {
    let mut uncovered: BTreeMap<&str, f64> =
        priority.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    let mut unspoken: Vec<&str> = profile.languages.iter().map(String::as_str).collect();
    let mut members: Vec<usize> = Vec::new();
    while !uncovered.is_empty() {
        let mut best: Option<(usize, f64)> = None;
        for (i, candidate) in candidates.iter().enumerate() {
            if members.contains(&i) {
                continue;
            }
            let mut gain: f64 = candidate
                .covers
                .iter()
                .filter_map(|(t, _)| uncovered.get(t.as_str()))
                .sum();
            if gain <= 0.0 {
                continue;
            }
            gain += 0.5
                * candidate
                    .languages
                    .iter()
                    .filter(|l| unspoken.contains(&l.as_str()))
                    .count() as f64;
            // Candidates are sorted by score, so the first of equal gains wins.
            if best.is_none_or(|(_, g)| gain > g + 1e-9) {
                best = Some((i, gain));
            }
        }
        let Some((chosen, _)) = best else { break };
        for (tag, _) in &candidates[chosen].covers {
            uncovered.remove(tag.as_str());
        }
        unspoken.retain(|l| !candidates[chosen].languages.iter().any(|k| k == l));
        members.push(chosen);
    }
    let mut genders = BTreeMap::new();
    let mut regions = BTreeMap::new();
    for &m in &members {
        let expert = &roster.experts[candidates[m].expert];
        *genders
            .entry(
                expert
                    .gender
                    .clone()
                    .unwrap_or_else(|| "not declared".into()),
            )
            .or_insert(0) += 1;
        let home = expert.regions.first().map_or("none", |r| r.name());
        *regions.entry(home.to_string()).or_insert(0) += 1;
    }
    Team {
        languages: profile
            .languages
            .iter()
            .map(|l| {
                (
                    l.clone(),
                    members
                        .iter()
                        .copied()
                        .filter(|&m| candidates[m].languages.contains(l))
                        .collect(),
                )
            })
            .collect(),
        members,
        uncovered: uncovered.keys().map(|t| (*t).to_string()).collect(),
        genders,
        regions,
    }
}

#[cfg(test)]
mod tests;
