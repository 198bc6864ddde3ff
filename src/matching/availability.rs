//! Availability: when an expert is needed (a delivery window of the
//! mission, a window given by the caller, or the assessment mission's dates)
//! and for how many days, judged by the overlap of the expert's own
//! availability with that window, never by "the whole window" for delivery.

use jiff::civil::Date;
use serde::Serialize;

use super::{Options, Profile, Purpose, Warning};
use crate::needs::Need;
use crate::questionnaire::Extent;

/// Days asked of an expert for a need when the questionnaire gives no
/// sizing: one working week, a short mission.
pub const DEFAULT_DAYS: u32 = 5;

/// A period of calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Window {
    #[serde(serialize_with = "date")]
    pub from: Date,
    #[serde(serialize_with = "date")]
    pub to: Date,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's signature
fn date<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

impl Window {
    /// `None` when `to` comes before `from`.
    pub fn new(from: Date, to: Date) -> Option<Window> {
        (from <= to).then_some(Window { from, to })
    }

    /// Its length in calendar days.
    pub fn days(self) -> u32 {
        days_between(self.from, self.to)
    }

    /// The calendar days it shares with `from..=to`.
    pub fn overlap(self, from: Date, to: Date) -> Option<(Date, Date)> {
        let start = self.from.max(from);
        let end = self.to.min(to);
        (start <= end).then_some((start, end))
    }
}

/// Calendar days of `from..=to`, both included (0 when `to < from`).
fn days_between(from: Date, to: Date) -> u32 {
    u32::try_from(day_number(to) - day_number(from) + 1).unwrap_or(0)
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`): cheap enough to run for every expert and window.
fn day_number(date: Date) -> i64 {
    let (m, d) = (i64::from(date.month()), i64::from(date.day()));
    let y = i64::from(date.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// How many calendar days of `window` fall inside the expert's availability
/// windows (overlapping availability windows counted once).
pub fn free_days(availability: &[(Date, Date)], window: Window) -> u32 {
    let mut total = 0;
    // Ends of what is counted so far; windows are usually in order, so one
    // pass suffices, and a window that starts earlier than the one before
    // sends us to the sorted path.
    let mut counted_until: Option<Date> = None;
    let mut last_start: Option<Date> = None;
    for &(from, to) in availability {
        if last_start.is_some_and(|s| from < s) {
            let mut sorted = availability.to_vec();
            sorted.sort_unstable();
            return free_days(&sorted, window);
        }
        last_start = Some(from);
        let Some((start, end)) = window.overlap(from, to) else {
            continue;
        };
        let start = match counted_until {
            Some(until) if start <= until => match until.tomorrow() {
                Ok(next) => next,
                Err(_) => continue,
            },
            _ => start,
        };
        if start <= end {
            total += days_between(start, end);
        }
        counted_until = Some(counted_until.map_or(end, |u| u.max(end)));
    }
    total
}

/// Where a requirement's window comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowBasis {
    /// The mission's delivery windows that concern the need's workstream.
    Delivery,
    /// The assessment mission's dates (for an assessment, or for delivery
    /// when no delivery window concerns the need).
    MissionDates,
    /// Given by the caller (a phase of a plan, `tana match --window`).
    Given,
}

/// Where the number of days asked of an expert comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DaysBasis {
    /// All of the window: an assessment team is there for the whole mission.
    WholeWindow,
    /// The low end of the questionnaire's indicative expert-days for one
    /// need of this extent.
    Sizing { extent: Extent },
    /// No sizing in the questionnaire: [`DEFAULT_DAYS`].
    Default,
    /// Given by the caller (`tana match --days`).
    Given,
}

/// When an expert must be free, and for how many days, to serve a group of
/// needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// The expert must be free enough days in one of these.
    pub windows: Vec<Window>,
    pub basis: WindowBasis,
    /// Days of overlap asked for (a window shorter than this asks for all of its days).
    pub days: u32,
    pub days_basis: DaysBasis,
    /// The workstreams of the needs it serves (`None`: a need with none).
    pub workstreams: Vec<Option<String>>,
}

impl Requirement {
    /// The days needed in `window`: the days asked, at most the window's length.
    pub fn needed_in(&self, window: Window) -> u32 {
        let length = window.days();
        match self.days_basis {
            DaysBasis::WholeWindow => length,
            _ => self.days.min(length),
        }
    }

    /// Whether the availability fits, with the best window (by free days) and its free days.
    pub fn fit(&self, availability: &[(Date, Date)]) -> Fit {
        let mut best = Fit {
            ok: false,
            window: self.windows[0],
            free: 0,
            needed: self.needed_in(self.windows[0]),
        };
        for &window in &self.windows {
            let free = free_days(availability, window);
            let needed = self.needed_in(window);
            let ok = free >= needed;
            if (ok && !best.ok) || (ok == best.ok && free > best.free) {
                best = Fit {
                    ok,
                    window,
                    free,
                    needed,
                };
            }
        }
        best
    }
}

/// How an expert's availability meets a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    pub ok: bool,
    /// The window judged (the one with the most free days).
    pub window: Window,
    pub free: u32,
    pub needed: u32,
}

/// The requirements of a run and, per need (in the order given), the index
/// of its requirement (`None`: availability is not checked for it).
pub(super) struct Plan {
    pub requirements: Vec<Requirement>,
    pub of_need: Vec<Option<usize>>,
}

/// Works out when each need's experts must be available, and warns when it
/// has to fall back on the mission's dates or cannot check at all.
pub(super) fn plan(
    profile: &Profile,
    needs: &[&Need],
    options: &Options,
    warnings: &mut Vec<Warning>,
) -> Plan {
    let mut plan = Plan {
        requirements: Vec::new(),
        of_need: Vec::with_capacity(needs.len()),
    };
    match options.purpose {
        Purpose::Assessment => {
            let (window, basis) = match (options.window, profile.mission_dates) {
                (Some(w), _) => (Some(w), WindowBasis::Given),
                (None, Some(w)) => (Some(w), WindowBasis::MissionDates),
                (None, None) => (None, WindowBasis::MissionDates),
            };
            let Some(window) = window else {
                if !needs.is_empty() {
                    warnings.push(Warning::NoMissionDates);
                }
                plan.of_need = vec![None; needs.len()];
                return plan;
            };
            let (days, days_basis) = match options.days {
                Some(d) => (d, DaysBasis::Given),
                None => (window.days(), DaysBasis::WholeWindow),
            };
            for need in needs {
                let index = plan.add(vec![window], basis, days, days_basis, need);
                plan.of_need.push(Some(index));
            }
        }
        Purpose::Delivery => {
            let mut without: Vec<Option<String>> = Vec::new();
            for need in needs {
                let (days, days_basis) = match options.days {
                    Some(d) => (d, DaysBasis::Given),
                    None => match profile.days_by_extent[need.extent as usize] {
                        Some(d) => (
                            d,
                            DaysBasis::Sizing {
                                extent: need.extent,
                            },
                        ),
                        None => (DEFAULT_DAYS, DaysBasis::Default),
                    },
                };
                let (windows, basis) = if let Some(w) = options.window {
                    (vec![w], WindowBasis::Given)
                } else {
                    let concerned: Vec<Window> = profile
                        .delivery_windows
                        .iter()
                        .filter(|(_, workstreams)| {
                            workstreams.is_empty()
                                || need
                                    .workstream
                                    .as_ref()
                                    .is_some_and(|w| workstreams.contains(w))
                        })
                        .map(|(w, _)| *w)
                        .collect();
                    if concerned.is_empty() {
                        if !without.contains(&need.workstream) {
                            without.push(need.workstream.clone());
                        }
                        let Some(w) = profile.mission_dates else {
                            plan.of_need.push(None);
                            continue;
                        };
                        (vec![w], WindowBasis::MissionDates)
                    } else {
                        (concerned, WindowBasis::Delivery)
                    }
                };
                let index = plan.add(windows, basis, days, days_basis, need);
                plan.of_need.push(Some(index));
            }
            if !without.is_empty() {
                without.sort();
                let fallback = profile.mission_dates;
                warnings.push(if profile.delivery_windows.is_empty() {
                    Warning::NoDeliveryWindow { fallback }
                } else {
                    Warning::NoWindowFor {
                        workstreams: without,
                        fallback,
                    }
                });
            }
        }
    }
    plan
}

impl Plan {
    fn add(
        &mut self,
        windows: Vec<Window>,
        basis: WindowBasis,
        days: u32,
        days_basis: DaysBasis,
        need: &Need,
    ) -> usize {
        let found = self.requirements.iter().position(|r| {
            r.windows == windows && r.basis == basis && r.days == days && r.days_basis == days_basis
        });
        let index = found.unwrap_or_else(|| {
            self.requirements.push(Requirement {
                windows,
                basis,
                days,
                days_basis,
                workstreams: Vec::new(),
            });
            self.requirements.len() - 1
        });
        let workstreams = &mut self.requirements[index].workstreams;
        if !workstreams.contains(&need.workstream) {
            workstreams.push(need.workstream.clone());
            workstreams.sort();
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn w(from: &str, to: &str) -> Window {
        Window::new(d(from), d(to)).unwrap()
    }

    #[test]
    fn day_numbers_agree_with_the_calendar() {
        assert_eq!(day_number(d("1970-01-01")), 0);
        for (a, b) in [
            ("2024-02-28", "2024-03-01"),
            ("1999-12-31", "2031-07-04"),
            ("2027-04-15", "2027-09-15"),
        ] {
            let span = d(b).since(d(a)).unwrap().get_days();
            assert_eq!(
                day_number(d(b)) - day_number(d(a)),
                i64::from(span),
                "{a} {b}"
            );
        }
    }

    #[test]
    fn a_window_counts_both_ends() {
        assert_eq!(w("2027-04-15", "2027-04-15").days(), 1);
        assert_eq!(w("2027-04-15", "2027-09-15").days(), 154);
        assert!(Window::new(d("2027-02-01"), d("2027-01-31")).is_none());
    }

    #[test]
    fn free_days_are_the_overlap_counted_once() {
        let window = w("2027-04-01", "2027-04-30");
        assert_eq!(free_days(&[], window), 0);
        assert_eq!(free_days(&[(d("2027-03-01"), d("2027-04-10"))], window), 10);
        assert_eq!(
            free_days(
                &[
                    (d("2027-04-01"), d("2027-04-05")),
                    (d("2027-04-26"), d("2027-05-31"))
                ],
                window
            ),
            10,
            "two short stretches add up"
        );
        assert_eq!(
            free_days(
                &[
                    (d("2027-04-01"), d("2027-04-10")),
                    (d("2027-04-05"), d("2027-04-12"))
                ],
                window
            ),
            12,
            "overlapping availability is counted once"
        );
        assert_eq!(
            free_days(
                &[
                    (d("2027-04-20"), d("2027-04-22")),
                    (d("2027-04-01"), d("2027-04-02"))
                ],
                window
            ),
            5,
            "out of order"
        );
        assert_eq!(free_days(&[(d("2027-05-01"), d("2027-06-01"))], window), 0);
    }

    #[test]
    fn the_days_asked_are_capped_by_a_short_window() {
        let r = Requirement {
            windows: vec![w("2027-02-08", "2027-02-12"), w("2027-04-01", "2027-06-30")],
            basis: WindowBasis::Delivery,
            days: 10,
            days_basis: DaysBasis::Given,
            workstreams: Vec::new(),
        };
        let busy_in_spring = [(d("2027-02-01"), d("2027-02-28"))];
        let fit = r.fit(&busy_in_spring);
        assert!(fit.ok, "all five days of the short window suffice");
        assert_eq!((fit.free, fit.needed), (5, 5));
        let late = [(d("2027-06-25"), d("2027-07-31"))];
        let fit = r.fit(&late);
        assert!(!fit.ok);
        assert_eq!((fit.window, fit.free, fit.needed), (r.windows[1], 6, 10));
    }
}
