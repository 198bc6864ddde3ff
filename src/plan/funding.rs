//! Funding of the plan's workstreams from the session's funds (budget
//! lines and pledges, with their earmarks). The rule (docs/plan.md):
//!
//! - A fund is **counted** when it has an amount above zero in the plan's
//!   currency (the questionnaire's sizing currency; a fund without a
//!   currency is in it). Others are listed as not counted, with why: tana
//!   converts no currency.
//! - A fund may pay for a workstream when its earmark names it, or when it
//!   has no earmark.
//! - Workstreams are served in sequence order. Each takes money up to the
//!   **lower bound** of its indicative cost band, from the funds that may
//!   pay for it: funds earmarked for it first (the narrowest earmark
//!   first), then unearmarked funds; committed money before pledged; then
//!   in the session's order.
//! - **Funded** when the money allocated covers the lower bound;
//!   **partly** when some money is allocated but less; **unfunded** when
//!   none is. A workstream that has no need (requested, but no gap found)
//!   needs no funds; one whose needs have no sizing band cannot be judged.
//! - What remains of a fund after every workstream is served is shown as
//!   unallocated (towards the upper ends of the bands).

use serde::Serialize;

use super::WorkstreamPlan;
use crate::session::{Fund, FundStatus, Session};

/// Whether a workstream's indicative cost is covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FundingStatus {
    /// The money allocated covers the lower bound of its cost band.
    Funded,
    /// Some money is allocated, less than the lower bound.
    Partly,
    /// No money is allocated.
    #[default]
    Unfunded,
    /// Requested, but no need was found: nothing to fund.
    NoNeed,
    /// Its needs have no cost band (the questionnaire sizes none of their extents).
    NotSized,
}

/// Money allocated from one fund to one workstream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    pub fund: String,
    pub source: String,
    pub amount: f64,
    pub status: FundStatus,
    /// True when the fund is earmarked (for this workstream among others).
    pub earmarked: bool,
}

/// Why a fund is not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NotCounted {
    /// The session records no amount (or zero).
    NoAmount,
    /// In another currency than the plan's.
    OtherCurrency { currency: String },
    /// The questionnaire sizes nothing, so there is no currency to count in.
    NoSizing,
}

/// A fund that may pay for a workstream but could not be counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Uncounted {
    pub fund: String,
    pub source: String,
    pub reason: NotCounted,
}

/// A workstream's funding.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Funding {
    pub status: FundingStatus,
    /// The lower bound of its indicative cost band (what "funded" covers).
    pub needed: Option<u64>,
    pub allocated: f64,
    /// Of the money allocated, how much is committed and how much only pledged.
    pub committed: f64,
    pub pledged: f64,
    pub allocations: Vec<Allocation>,
    pub uncounted: Vec<Uncounted>,
}

/// What one workstream took from one fund.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// The workstream's id; empty for the needs outside any workstream.
    pub workstream: String,
    pub amount: f64,
}

/// One fund of the session and what the plan allocated from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundUse {
    pub id: String,
    pub source: String,
    pub status: FundStatus,
    pub amount: Option<f64>,
    pub currency: Option<String>,
    /// The workstreams it may pay for; empty = any.
    pub earmark: Vec<String>,
    pub note: String,
    /// Why it is not counted, when it is not.
    pub not_counted: Option<NotCounted>,
    /// What each workstream took from it, in sequence order.
    pub allocated: Vec<Share>,
    pub unallocated: f64,
}

/// Why a fund cannot be counted in `currency`, if it cannot.
fn not_counted_of(fund: &Fund, currency: Option<&str>) -> Option<NotCounted> {
    match (currency, fund.amount) {
        (None, _) => Some(NotCounted::NoSizing),
        (_, None) => Some(NotCounted::NoAmount),
        (_, Some(a)) if a <= 0.0 => Some(NotCounted::NoAmount),
        (Some(c), _) => match &fund.currency {
            Some(theirs) if theirs != c => Some(NotCounted::OtherCurrency {
                currency: theirs.clone(),
            }),
            _ => None,
        },
    }
}

/// The funds that may pay for the workstream `id`, in the order they are
/// used: earmarked first (the narrowest earmark first), committed before
/// pledged, then the session's order.
fn eligible(funds: &[Fund], id: Option<&str>) -> Vec<usize> {
    let may_pay = |earmark: &[String]| {
        earmark.is_empty() || id.is_some_and(|w| earmark.iter().any(|e| e == w))
    };
    let mut eligible: Vec<usize> = (0..funds.len())
        .filter(|&i| may_pay(&funds[i].workstreams))
        .collect();
    eligible.sort_by_key(|&i| {
        let f = &funds[i];
        (
            f.workstreams.is_empty(),
            f.workstreams.len(),
            f.status != FundStatus::Committed,
            i,
        )
    });
    eligible
}

/// Allocates the session's funds to the workstreams (already in sequence
/// order), filling in each one's [`Funding`]; returns every fund's use.
pub fn allocate(
    session: &Session,
    currency: Option<&str>,
    workstreams: &mut [WorkstreamPlan],
) -> Vec<FundUse> {
    let funds = &session.mission.funds;
    let not_counted: Vec<Option<NotCounted>> =
        funds.iter().map(|f| not_counted_of(f, currency)).collect();
    let mut remaining: Vec<f64> = funds
        .iter()
        .zip(&not_counted)
        .map(|(f, n)| {
            if n.is_none() {
                f.amount.unwrap_or(0.0)
            } else {
                0.0
            }
        })
        .collect();
    let mut uses: Vec<Vec<Share>> = vec![Vec::new(); funds.len()];
    for ws in workstreams.iter_mut() {
        let id = ws.id.clone();
        let eligible = eligible(funds, id.as_deref());
        let mut funding = Funding {
            uncounted: eligible
                .iter()
                .filter_map(|&i| {
                    not_counted[i].clone().map(|reason| Uncounted {
                        fund: funds[i].id.clone(),
                        source: funds[i].source.clone(),
                        reason,
                    })
                })
                .collect(),
            ..Funding::default()
        };
        let sized = ws.size.as_ref().filter(|s| s.not_sized < ws.needs.len());
        if ws.needs.is_empty() {
            funding.status = FundingStatus::NoNeed;
        } else if let Some(size) = sized {
            #[allow(clippy::cast_precision_loss)] // costs are far below 2^52
            let needed = size.cost.low as f64;
            funding.needed = Some(size.cost.low);
            for &i in &eligible {
                let want = needed - funding.allocated;
                if want <= 0.0 {
                    break;
                }
                let take = want.min(remaining[i]);
                if take <= 0.0 {
                    continue;
                }
                remaining[i] -= take;
                funding.allocated += take;
                match funds[i].status {
                    FundStatus::Committed => funding.committed += take,
                    FundStatus::Pledged => funding.pledged += take,
                }
                funding.allocations.push(Allocation {
                    fund: funds[i].id.clone(),
                    source: funds[i].source.clone(),
                    amount: take,
                    status: funds[i].status,
                    earmarked: !funds[i].workstreams.is_empty(),
                });
                uses[i].push(Share {
                    workstream: id.clone().unwrap_or_default(),
                    amount: take,
                });
            }
            funding.status = if funding.allocated >= needed {
                FundingStatus::Funded
            } else if funding.allocated > 0.0 {
                FundingStatus::Partly
            } else {
                FundingStatus::Unfunded
            };
        } else {
            funding.status = FundingStatus::NotSized;
        }
        ws.funding = funding;
    }
    funds
        .iter()
        .zip(not_counted)
        .zip(uses)
        .zip(remaining)
        .map(|(((f, not_counted), allocated), unallocated)| FundUse {
            id: f.id.clone(),
            source: f.source.clone(),
            status: f.status,
            amount: f.amount,
            currency: f.currency.clone().or_else(|| currency.map(str::to_string)),
            earmark: f.workstreams.clone(),
            note: f.note.clone(),
            not_counted,
            allocated,
            unallocated,
        })
        .collect()
}
