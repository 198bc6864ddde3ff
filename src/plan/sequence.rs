//! The sequence of a plan's workstreams: a topological order of the
//! questionnaire's `after` dependencies (followed through workstreams that
//! have no need, so legislation still comes before the training on it),
//! which no other rule can contradict; among the workstreams whose
//! prerequisites are placed, the State's requested ones (and their
//! prerequisites) first, then the earliest deadline (a dependent's earlier
//! deadline is inherited), then the highest need priority, then the
//! questionnaire's order; needs outside any workstream come last.

use jiff::civil::Date;
use serde::Serialize;

use super::WorkstreamPlan;
use crate::questionnaire::Questionnaire;

/// A workstream's place in the sequence and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Sequence {
    /// 1-based.
    pub position: usize,
    /// The plan's workstreams that must come before it (by dependency,
    /// direct or through others), in sequence order.
    pub after: Vec<String>,
    /// The requested workstreams that depend on it (it moves forward with them).
    pub prerequisite_of: Vec<String>,
    /// The end of its delivery window, or an earlier one inherited from a
    /// workstream that depends on it.
    #[serde(serialize_with = "super::opt_date")]
    pub deadline: Option<Date>,
    /// The workstream whose deadline it inherits, when not its own.
    pub deadline_from: Option<String>,
    /// The highest priority of its needs.
    pub priority: f64,
}

/// Orders `workstreams` in place and fills in their [`Sequence`].
pub fn arrange(questionnaire: &Questionnaire, workstreams: &mut [WorkstreamPlan]) {
    let n = workstreams.len();
    // deps[i]: the plan's workstreams (as positions in `workstreams`) that i must follow.
    let deps: Vec<Vec<usize>> = (0..n)
        .map(|i| prerequisites(questionnaire, workstreams, i))
        .collect();
    let own_deadline: Vec<Option<Date>> = workstreams
        .iter()
        .map(|w| w.timing.window.as_ref().map(|win| win.to))
        .collect();
    let mut urgent = vec![false; n];
    let mut deadline = own_deadline.clone();
    let mut deadline_from: Vec<Option<usize>> = vec![None; n];
    let mut prerequisite_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        urgent[i] |= workstreams[i].requested;
        for &j in &deps[i] {
            if workstreams[i].requested {
                urgent[j] = true;
                prerequisite_of[j].push(i);
            }
            if let Some(theirs) = own_deadline[i]
                && deadline[j].is_none_or(|mine| theirs < mine)
            {
                deadline[j] = Some(theirs);
                deadline_from[j] = Some(i);
            }
        }
    }
    let priority: Vec<f64> = workstreams
        .iter()
        .map(|w| w.needs.iter().map(|n| n.priority).fold(0.0, f64::max))
        .collect();
    // Kahn's algorithm, choosing the best ready workstream each time.
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let best = (0..n)
            .filter(|&i| !placed[i] && deps[i].iter().all(|&j| placed[j]))
            .min_by(|&a, &b| {
                let key = |i: usize| {
                    (
                        workstreams[i].index.is_none(),
                        !urgent[i],
                        deadline[i].is_none(),
                        deadline[i],
                    )
                };
                key(a)
                    .cmp(&key(b))
                    .then(priority[b].total_cmp(&priority[a]))
                    .then(workstreams[a].index.cmp(&workstreams[b].index))
            })
            .expect("workstream dependencies form no cycle (checked when the questionnaire loads)");
        placed[best] = true;
        order.push(best);
    }
    let position_of = |i: usize| order.iter().position(|&o| o == i).unwrap_or(0);
    let id_of = |i: usize| workstreams[i].id.clone().unwrap_or_default();
    let sequences: Vec<Sequence> = (0..n)
        .map(|i| {
            let mut after = deps[i].clone();
            after.sort_by_key(|&j| position_of(j));
            Sequence {
                position: position_of(i) + 1,
                after: after.into_iter().map(id_of).collect(),
                prerequisite_of: prerequisite_of[i].iter().map(|&j| id_of(j)).collect(),
                deadline: deadline[i],
                deadline_from: deadline_from[i].map(id_of),
                priority: priority[i],
            }
        })
        .collect();
    for (w, s) in workstreams.iter_mut().zip(sequences) {
        w.sequence = s;
    }
    workstreams.sort_by_key(|w| w.sequence.position);
}

/// The positions in `workstreams` of the workstreams that `i` must follow:
/// the questionnaire's `after`, followed transitively through workstreams
/// the plan does not hold.
fn prerequisites(
    questionnaire: &Questionnaire,
    workstreams: &[WorkstreamPlan],
    i: usize,
) -> Vec<usize> {
    let Some(start) = workstreams[i].index else {
        return Vec::new();
    };
    let mut seen = vec![false; questionnaire.workstreams.len()];
    let mut stack: Vec<usize> = questionnaire.workstreams[start].after.clone();
    let mut out = Vec::new();
    while let Some(w) = stack.pop() {
        if std::mem::replace(&mut seen[w], true) {
            continue;
        }
        if let Some(pos) = workstreams.iter().position(|x| x.index == Some(w)) {
            out.push(pos);
        }
        stack.extend(questionnaire.workstreams[w].after.iter().copied());
    }
    out.sort_unstable();
    out
}
