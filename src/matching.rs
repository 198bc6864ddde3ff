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
            legal_tradition: answered(profile.criminal_tradition)
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

/// Why an expert was filtered out (in words: [`crate::words::exclusion`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exclusion {
    National(String),
    AffiliatedWithBody(String),
    AffiliatedWithGovernment(String),
    Unavailable(Date, Date),
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
    /// Needed tags this expert holds, as indexes into the roster's tags.
    pub covers: Vec<u16>,
    /// The State's languages the expert works in, as a bit per index of `Profile::languages`.
    pub language_mask: u64,
    pub tradition: bool,
    pub region: bool,
}

impl Candidate {
    /// The needed tags this expert holds.
    pub fn covered_tags<'r>(&self, roster: &'r Roster) -> Vec<&'r str> {
        let names: Vec<&str> = roster.tags.keys().map(String::as_str).collect();
        self.covers
            .iter()
            .filter_map(|&t| names.get(usize::from(t)).copied())
            .collect()
    }

    /// The State's languages this expert works in.
    pub fn languages<'p>(&self, profile: &'p Profile) -> Vec<&'p str> {
        profile
            .languages
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 64 && self.language_mask & (1 << i) != 0)
            .map(|(_, l)| l.as_str())
            .collect()
    }

    /// Why this expert: needs covered, language, region, tradition, role.
    pub fn why(&self, roster: &Roster, profile: &Profile) -> String {
        let expert = &roster.experts[self.expert];
        let mut parts = Vec::new();
        if self.covers.is_empty() {
            parts.push("covers none of the needed expertise".to_string());
        } else {
            parts.push(format!("covers {}", self.covered_tags(roster).join(", ")));
        }
        let languages = self.languages(profile);
        if !languages.is_empty() {
            parts.push(format!("works in {}", languages.join(", ")));
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
    /// Best first; ties keep the roster's order.
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
    if let Some((from, to)) = profile.window
        && !expert.available(from, to)
    {
        reasons.push(Exclusion::Unavailable(from, to));
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
            *weights.entry(tag.clone()).or_default() += need.priority.value.max(0.01);
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
            &weight_by_id,
            total_weight,
            profile,
        ));
    }
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.expert.cmp(&b.expert)));
    let mut priority = vec![0.0; roster.tags.len()];
    let mut unknown_to_roster = Vec::new();
    for (tag, weight) in needed_tags(questionnaire, needs, Some(PRIORITY_NEEDS)) {
        match roster.tag_index(&tag) {
            Some(i) => priority[usize::from(i)] = weight,
            // No expert can hold a tag the roster does not list: uncovered from the start.
            None => unknown_to_roster.push(tag),
        }
    }
    let mut team = propose_team(roster, &candidates, priority, profile);
    team.uncovered.extend(unknown_to_roster);
    team.uncovered.sort();
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
            covers.push(tag);
        }
    }
    let mut language_mask = 0u64;
    let mut spoken = 0usize;
    for (i, language) in profile.languages.iter().enumerate().take(64) {
        if expert
            .speaks(language)
            .is_some_and(|p| p >= Proficiency::Working)
        {
            language_mask |= 1 << i;
            spoken += 1;
        }
    }
    let tradition = profile
        .legal_tradition
        .is_some_and(|t| expert.legal_traditions.contains(&t));
    let region = profile.region.is_some_and(|r| expert.regions.contains(&r));
    let language_share = if profile.languages.is_empty() {
        0.0
    } else {
        spoken as f64 / profile.languages.len() as f64
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
        language_mask,
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
    mut uncovered: Vec<f64>,
    profile: &Profile,
) -> Team {
    let mut unspoken: u64 = if profile.languages.len() >= 64 {
        u64::MAX
    } else {
        (1u64 << profile.languages.len()) - 1
    };
    let mut members: Vec<usize> = Vec::new();
    while uncovered.iter().any(|w| *w > 0.0) {
        let mut best: Option<(usize, f64)> = None;
        for (i, candidate) in candidates.iter().enumerate() {
            let gain: f64 = candidate
                .covers
                .iter()
                .map(|&t| uncovered[usize::from(t)])
                .sum();
            if gain <= 0.0 {
                continue;
            }
            let gain = gain + 0.5 * f64::from((candidate.language_mask & unspoken).count_ones());
            // Candidates are sorted by score, so the first of equal gains wins.
            if best.is_none_or(|(_, g)| gain > g + 1e-9) {
                best = Some((i, gain));
            }
        }
        let Some((chosen, _)) = best else { break };
        for &tag in &candidates[chosen].covers {
            uncovered[usize::from(tag)] = 0.0;
        }
        unspoken &= !candidates[chosen].language_mask;
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
    let names: Vec<&String> = roster.tags.keys().collect();
    Team {
        languages: profile
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let speakers = members
                    .iter()
                    .copied()
                    .filter(|&m| i < 64 && candidates[m].language_mask & (1 << i) != 0)
                    .collect();
                (l.clone(), speakers)
            })
            .collect(),
        members,
        uncovered: uncovered
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0.0)
            .map(|(i, _)| names[i].clone())
            .collect(),
        genders,
        regions,
    }
}

#[cfg(test)]
mod tests;
