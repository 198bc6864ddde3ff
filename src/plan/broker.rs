//! The broker view of a workstream (seed 000 ¶36(d)-(e), ¶39(f)(iii)):
//! the inventory's providers whose mandate fits (by tags, extents, region,
//! languages and condition), its materials (by indicator or tag, in the
//! State's languages first), the roster experts for the workstream's own
//! needs in its delivery window, and what is still missing.

use jiff::civil::Date;
use serde::Serialize;

use super::funding::FundingStatus;
use super::{Inputs, Lead, WorkstreamPlan};
use crate::inventory::{MaterialKind, Mode, ProviderKind};
use crate::iso639::same_language;
use crate::matching::{self, MatchResult};
use crate::needs::Held;
use crate::questionnaire::Extent;
use crate::roster::Region;

/// How many roster candidates each workstream shows beside its team.
pub const CANDIDATES: usize = 5;

/// Who and what can serve a workstream.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Broker {
    /// Providers that fit, best first.
    pub providers: Vec<ProviderFit>,
    /// Providers whose mandate fits but something else does not, with why.
    pub near: Vec<ProviderFit>,
    /// Materials that serve its needs, the State's languages first.
    pub materials: Vec<MaterialFit>,
    pub experts: Experts,
}

/// A provider considered for a workstream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProviderFit {
    /// Index into `Inventory::providers`.
    #[serde(skip)]
    pub provider: usize,
    pub id: String,
    pub name: String,
    pub kind: ProviderKind,
    /// The needs of the workstream whose primary expertise (their
    /// question's first tag) is in its mandate.
    pub needs: Vec<String>,
    /// Those needs' primary tags.
    pub tags: Vec<String>,
    /// Needs of the workstream whose rule names it (by its `short` name) as
    /// the lead partner.
    pub leads: Vec<String>,
    /// The workstream's extents it delivers.
    pub extents: Vec<Extent>,
    /// The State's languages it works in.
    pub languages: Vec<String>,
    /// False when the inventory records no languages for it.
    pub languages_recorded: bool,
    /// It works in the State's first language.
    pub first_language: bool,
    pub modes: Vec<Mode>,
    pub condition: Option<ConditionFit>,
    /// Why it does not fit (empty for a provider that fits).
    pub misses: Vec<ProviderMiss>,
}

/// A provider's condition and what it came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionFit {
    pub when: String,
    /// The condition in words, from the inventory.
    pub text: Option<String>,
    pub held: Held,
}

/// Why a provider whose mandate fits does not fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ProviderMiss {
    /// It delivers none of the workstream's extents.
    Extent { delivers: Vec<Extent> },
    /// It does not work in the State's region.
    Region { region: Region },
    /// It works in none of the State's languages.
    Language { works_in: Vec<String> },
    /// Its condition is false or cannot be decided yet (not met).
    Condition { held: Held },
}

/// A material for a workstream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaterialFit {
    /// Index into `Inventory::materials`.
    #[serde(skip)]
    pub material: usize,
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub year: Option<u16>,
    pub kind: MaterialKind,
    pub languages: Vec<String>,
    /// The State's languages it is available in.
    pub state_languages: Vec<String>,
    pub first_language: bool,
    /// The workstream's needs it names directly (by indicator or area).
    pub needs: Vec<String>,
    /// The primary tags of the workstream's needs that it serves.
    pub tags: Vec<String>,
}

/// Roster experts for a workstream.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Experts {
    /// The delivery window their availability was judged against; `None`:
    /// no window for the workstream, so the matching judged it against the
    /// mission's dates (or not at all without them; docs/scoring.md §6).
    #[serde(serialize_with = "window")]
    pub window: Option<(Date, Date)>,
    /// The fewest experts covering its needs' expertise (greedy set cover).
    pub team: Vec<ExpertFit>,
    /// The best-scored available experts covering some of its expertise.
    pub candidates: Vec<ExpertFit>,
    /// Expertise of its needs that no available expert holds.
    pub uncovered: Vec<String>,
    /// How many experts were filtered out (conflicts of interest, availability).
    pub excluded: usize,
}

#[allow(clippy::ref_option)] // serde's signature
fn window<S: serde::Serializer>(
    window: &Option<(Date, Date)>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match window {
        Some((from, to)) => serde_json::json!({"from": from.to_string(), "to": to.to_string()})
            .serialize(serializer),
        None => serializer.serialize_none(),
    }
}

/// An expert proposed for a workstream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpertFit {
    /// Index into `Roster::experts`.
    #[serde(skip)]
    pub expert: usize,
    pub id: String,
    pub name: String,
    pub score: f64,
    pub covers: Vec<String>,
    /// The State's languages the expert works in.
    pub languages: Vec<String>,
    pub first_language: bool,
}

/// What a workstream still lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Missing {
    /// No provider of the inventory fits.
    NoProvider,
    /// No material of the inventory serves its needs.
    NoMaterial,
    /// No available expert covers any of its expertise.
    NoExpert,
    /// Expertise no available expert holds.
    UncoveredExpertise { tags: Vec<String> },
    /// No proposed expert works in the State's first language; `others`
    /// are candidates who cover some of its expertise and do.
    NoExpertInFirstLanguage {
        language: String,
        others: Vec<String>,
    },
    /// No money covers it.
    NoFunds,
    /// Money covers part of the lower bound; this is the rest.
    FundingGap { amount: f64 },
    /// Needs the rules route into a programme under way that the session
    /// does not record (CX.7).
    ProgrammeNotRecorded { needs: Vec<String> },
    /// Needs whose extent has no sizing band.
    NotSized { needs: usize },
}

/// What the matching of one workstream reads.
struct Context<'a> {
    inputs: &'a Inputs<'a>,
    ws: &'a WorkstreamPlan,
    languages: &'a [String],
    /// Each need's id, primary expertise (its question's first tag) and priority.
    primary: Vec<(&'a str, &'a str, f64)>,
}

impl Context<'_> {
    /// The needs whose primary tag `holds` accepts, those tags, and the sum
    /// of those needs' priorities.
    fn serves(&self, holds: &dyn Fn(&str) -> bool) -> (Vec<String>, Vec<String>, f64) {
        let mut needs = Vec::new();
        let mut tags: Vec<String> = Vec::new();
        let mut weight = 0.0;
        for (id, tag, priority) in &self.primary {
            if holds(tag) {
                needs.push((*id).to_string());
                if !tags.iter().any(|t| t == tag) {
                    tags.push((*tag).to_string());
                }
                weight += priority;
            }
        }
        (needs, tags, weight)
    }

    /// The State's languages `of` accepts, in the State's order.
    fn state_languages(&self, of: &dyn Fn(&str) -> bool) -> Vec<String> {
        self.languages.iter().filter(|l| of(l)).cloned().collect()
    }

    fn first_language(&self, of: &dyn Fn(&str) -> bool) -> bool {
        self.languages.first().is_some_and(|f| of(f))
    }
}

/// The broker view of one workstream.
pub fn broker(
    inputs: &Inputs<'_>,
    ws: &WorkstreamPlan,
    languages: &[String],
    region: Option<Region>,
) -> Broker {
    if ws.needs.is_empty() {
        return Broker::default();
    }
    let context = Context {
        inputs,
        ws,
        languages,
        primary: ws
            .needs
            .iter()
            .filter_map(|n| {
                let tag = inputs.needs.needs[n.need].tags.first()?;
                Some((n.id.as_str(), tag.as_str(), n.priority.max(0.01)))
            })
            .collect(),
    };
    let (providers, near) = providers(&context, region);
    Broker {
        providers,
        near,
        materials: materials(&context),
        experts: experts(inputs, ws, languages),
    }
}

/// The providers whose mandate serves a need of the workstream: those that
/// fit, and those that do not with why; those the need rules name as lead
/// partner first, then the heaviest mandate, then the State's first
/// language, then the inventory's order.
fn providers(
    context: &Context<'_>,
    region: Option<Region>,
) -> (Vec<ProviderFit>, Vec<ProviderFit>) {
    let inputs = context.inputs;
    let mut fits: Vec<(f64, ProviderFit)> = Vec::new();
    for (index, p) in inputs.inventory.providers.iter().enumerate() {
        let (served, covered, weight) = context.serves(&|t| p.tags.iter().any(|x| x == t));
        if served.is_empty() {
            continue;
        }
        let extents: Vec<Extent> = context
            .ws
            .extents
            .iter()
            .map(|c| c.value)
            .filter(|e| p.delivers(*e))
            .collect();
        let mut misses = Vec::new();
        if extents.is_empty() {
            misses.push(ProviderMiss::Extent {
                delivers: p.extents.clone(),
            });
        }
        if let Some(r) = region.filter(|r| !p.regions.cover(Some(*r))) {
            misses.push(ProviderMiss::Region { region: r });
        }
        let spoken = context.state_languages(&|l| p.works_in(l));
        if !p.languages.is_empty() && !context.languages.is_empty() && spoken.is_empty() {
            misses.push(ProviderMiss::Language {
                works_in: p.languages.clone(),
            });
        }
        let condition = p.when.as_ref().map(|expr| ConditionFit {
            when: p.when_text.clone().unwrap_or_else(|| expr.to_string()),
            text: p.condition.clone(),
            held: held(crate::applicability::evaluate(
                inputs.questionnaire,
                inputs.session,
                &inputs.scores.asked,
                expr,
            )),
        });
        if let Some(c) = condition.as_ref().filter(|c| c.held != Held::True) {
            misses.push(ProviderMiss::Condition { held: c.held });
        }
        let leads: Vec<String> = p
            .short
            .as_ref()
            .map(|short| {
                context
                    .ws
                    .needs
                    .iter()
                    .filter(|n| matches!(&n.lead, Lead::Partner { name } if name == short))
                    .map(|n| n.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        fits.push((
            weight,
            ProviderFit {
                provider: index,
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind,
                needs: served,
                leads,
                tags: covered,
                extents,
                first_language: context.first_language(&|f| p.works_in(f)),
                languages: spoken,
                languages_recorded: !p.languages.is_empty(),
                modes: p.modes.clone(),
                condition,
                misses,
            },
        ));
    }
    fits.sort_by(|(wa, a), (wb, b)| {
        b.leads
            .len()
            .cmp(&a.leads.len())
            .then(wb.total_cmp(wa))
            .then(b.first_language.cmp(&a.first_language))
            .then(a.provider.cmp(&b.provider))
    });
    fits.into_iter()
        .map(|(_, f)| f)
        .partition(|f| f.misses.is_empty())
}

/// The materials that name a need of the workstream or serve its primary
/// expertise: in the State's first language first, then in another of its
/// languages, then by weight (a need named directly weighs more than any
/// tag), then the inventory's order.
fn materials(context: &Context<'_>) -> Vec<MaterialFit> {
    let inputs = context.inputs;
    let mut materials: Vec<(f64, MaterialFit)> = Vec::new();
    for (index, m) in inputs.inventory.materials.iter().enumerate() {
        let named: Vec<String> = context
            .ws
            .needs
            .iter()
            .filter(|n| {
                let question = &inputs.questionnaire.questions[inputs.needs.needs[n.need].question];
                let area = &inputs.questionnaire.sections[question.section].id;
                m.indicators.iter().any(|i| *i == n.id || i == area)
            })
            .map(|n| n.id.clone())
            .collect();
        let (_, served, tag_weight) = context.serves(&|t| m.tags.iter().any(|x| x == t));
        if named.is_empty() && served.is_empty() {
            continue;
        }
        #[allow(clippy::cast_precision_loss)]
        let weight = 1000.0 * named.len() as f64 + tag_weight;
        materials.push((
            weight,
            MaterialFit {
                material: index,
                id: m.id.clone(),
                title: m.title.clone(),
                publisher: m.publisher.clone(),
                year: m.year,
                kind: m.kind,
                languages: m.languages.clone(),
                state_languages: context.state_languages(&|l| m.in_language(l)),
                first_language: context.first_language(&|f| m.in_language(f)),
                needs: named,
                tags: served,
            },
        ));
    }
    materials.sort_by(|(wa, a), (wb, b)| {
        b.first_language
            .cmp(&a.first_language)
            .then(
                a.state_languages
                    .is_empty()
                    .cmp(&b.state_languages.is_empty()),
            )
            .then(wb.total_cmp(wa))
            .then(a.material.cmp(&b.material))
    });
    materials.into_iter().map(|(_, m)| m).collect()
}

fn held(value: Option<bool>) -> Held {
    match value {
        Some(true) => Held::True,
        Some(false) => Held::False,
        None => Held::Undecided,
    }
}

/// The one place the plan calls the roster matching: the needs of one
/// workstream, judged in its delivery window, in the State's working
/// languages. To switch to per-subset matching, change only this function.
fn match_workstream(
    inputs: &Inputs<'_>,
    ws: &WorkstreamPlan,
    languages: &[String],
) -> (matching::Profile, MatchResult) {
    let needs: Vec<&crate::needs::Need> = ws
        .needs
        .iter()
        .map(|n| &inputs.needs.needs[n.need])
        .collect();
    let mut profile = matching::Profile::of(inputs.questionnaire, inputs.session);
    if !languages.is_empty() {
        profile.languages = languages.to_vec();
    }
    let options = matching::Options {
        purpose: matching::Purpose::Delivery,
        window: ws
            .timing
            .window
            .as_ref()
            .and_then(|w| matching::Window::new(w.from, w.to)),
        days: None,
    };
    let matched = matching::match_with(inputs.roster, &profile, &needs, &options);
    (profile, matched)
}

fn experts(inputs: &Inputs<'_>, ws: &WorkstreamPlan, languages: &[String]) -> Experts {
    let (profile, matched) = match_workstream(inputs, ws, languages);
    let roster = inputs.roster;
    let fit = |c: &matching::Candidate| {
        let expert = &roster.experts[c.expert];
        let spoken: Vec<String> = c
            .languages(&profile)
            .into_iter()
            .map(str::to_string)
            .collect();
        ExpertFit {
            expert: c.expert,
            id: expert.id.clone(),
            name: expert.name.clone(),
            score: c.score,
            covers: c
                .covered_tags(roster)
                .into_iter()
                .map(str::to_string)
                .collect(),
            first_language: languages
                .first()
                .is_some_and(|f| spoken.iter().any(|s| same_language(s, f))),
            languages: spoken,
        }
    };
    Experts {
        window: ws.timing.window.as_ref().map(|w| (w.from, w.to)),
        team: matched
            .team
            .members
            .iter()
            .map(|&m| fit(&matched.candidates[m]))
            .collect(),
        candidates: matched
            .candidates
            .iter()
            .filter(|c| c.covers_any())
            .take(CANDIDATES)
            .map(fit)
            .collect(),
        uncovered: matched.team.uncovered.clone(),
        excluded: matched.excluded.len(),
    }
}

/// What a workstream still lacks, from its broker view and its funding.
pub fn missing(ws: &WorkstreamPlan, languages: &[String]) -> Vec<Missing> {
    let mut out = Vec::new();
    if ws.needs.is_empty() {
        return out;
    }
    let broker = &ws.broker;
    if broker.providers.is_empty() {
        out.push(Missing::NoProvider);
    }
    if broker.materials.is_empty() {
        out.push(Missing::NoMaterial);
    }
    let experts = &broker.experts;
    if experts.team.is_empty() {
        out.push(Missing::NoExpert);
    } else {
        if !experts.uncovered.is_empty() {
            out.push(Missing::UncoveredExpertise {
                tags: experts.uncovered.clone(),
            });
        }
        if let Some(first) = languages.first()
            && !experts.team.iter().any(|e| e.first_language)
        {
            out.push(Missing::NoExpertInFirstLanguage {
                language: first.clone(),
                others: experts
                    .candidates
                    .iter()
                    .filter(|e| e.first_language)
                    .map(|e| e.id.clone())
                    .collect(),
            });
        }
    }
    match ws.funding.status {
        FundingStatus::Unfunded => out.push(Missing::NoFunds),
        FundingStatus::Partly => out.push(Missing::FundingGap {
            amount: ws.funding.needed.map_or(0.0, |n| {
                #[allow(clippy::cast_precision_loss)]
                let n = n as f64;
                n - ws.funding.allocated
            }),
        }),
        FundingStatus::Funded | FundingStatus::NoNeed | FundingStatus::NotSized => {}
    }
    let unrecorded: Vec<String> = ws
        .needs
        .iter()
        .filter(|n| n.lead == Lead::ProgrammeNotRecorded)
        .map(|n| n.id.clone())
        .collect();
    if !unrecorded.is_empty() {
        out.push(Missing::ProgrammeNotRecorded { needs: unrecorded });
    }
    if let Some(size) = ws.size.as_ref().filter(|s| s.not_sized > 0) {
        out.push(Missing::NotSized {
            needs: size.not_sized,
        });
    }
    out
}
