//! The headless commands that read a session: `score`, `match`, `plan`
//! and `report`, printing text (words from [`crate::words`]) or JSON (codes
//! and parameters, with the English words beside them).

mod compare;
mod export;
mod plan;
mod roster;

pub use compare::compare;
pub use export::{Loaded, export, load_sessions};
pub use plan::plan;
pub use roster::{RosterImport, roster_import};

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use serde_json::json;

use crate::check::load_session_with_questionnaire;
use crate::matching::{Candidate, Options};
use crate::output::Destination;
use crate::report::{self, Analysis, Templates};
use crate::roster::Roster;
use crate::scoring::IndicatorState;
use crate::view::round1;
use crate::words;

pub(crate) fn roster(path: Option<&Path>) -> Result<Roster> {
    match path {
        Some(p) => Roster::load(p).map_err(|e| anyhow::anyhow!("{}", e.render().trim_end())),
        None => Ok(Roster::embedded()),
    }
}

/// Prints a JSON document on standard output, safe for a terminal.
fn json_out(value: &serde_json::Value) -> Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    crate::terminal::print(&format!("{}\n", crate::terminal::safe_json(&text)))?;
    Ok(())
}

fn level(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |l| format!("{l:.1}"))
}

pub fn score(session_path: &Path, questionnaire: Option<&Path>, as_json: bool) -> Result<ExitCode> {
    let (session, questionnaire, load) =
        load_session_with_questionnaire(session_path, questionnaire)?;
    for message in load.messages() {
        crate::status::note(&message);
    }
    let scores = &crate::scoring::score(&questionnaire, &session);
    let needs = crate::needs::classify(&questionnaire, &session, scores);
    if as_json {
        score_json(&session, &questionnaire, scores, &needs)?;
    } else {
        score_text(&session, &questionnaire, scores, &needs)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn score_json(
    session: &crate::session::Session,
    questionnaire: &crate::questionnaire::Questionnaire,
    scores: &crate::scoring::Scores,
    needs: &crate::needs::NeedsAssessment,
) -> Result<()> {
    let language = questionnaire.fallback_language();
    let id_of = |question: usize| questionnaire.questions[question].id.clone();
    let areas: Vec<_> = scores
        .areas
        .iter()
        .map(|a| {
            let s = &questionnaire.sections[a.section];
            json!({
                "id": s.id, "title": s.title.get(language), "level": a.level.map(round1), "confidence": a.confidence.name(),
                "target": a.target, "target_text": words::target(a.target),
                "gap": round1(a.gap), "scored": a.scored, "applicable": a.applicable, "to_confirm": a.to_confirm,
                "open": a.open, "not_applicable": a.not_applicable, "policy_choice": a.policy_choice,
                "lowest": a.lowest.map(|l| json!({"id": id_of(l.question), "level": round1(l.level)})),
            })
        })
        .collect();
    let indicators: Vec<_> = scores
        .indicators
        .iter()
        .map(|i| {
            let asked = scores.asked.get(i.question).copied().unwrap_or(true);
            json!({
                "id": id_of(i.question), "state": i.state, "state_text": words::indicator_state(i.state, asked),
                "level": i.level.map(round1), "target": i.target, "gap": round1(i.gap),
            })
        })
        .collect();
    let need_rows: Vec<_> = needs
        .needs
        .iter()
        .map(|n| {
            json!({
                "id": n.id, "title": n.title, "workstream": n.workstream, "level": round1(n.level), "gap": round1(n.gap),
                "target": n.target, "target_text": words::target(n.target),
                "priority": round1(n.priority.value), "priority_factors": n.priority.factors,
                "priority_text": words::priority(&n.priority),
                "code": n.code(), "extent": n.extent, "extent_text": words::extent_label(n.extent),
                "delivery": n.delivery, "delivery_text": words::delivery_label(n.delivery),
                "partner": n.partner, "partner_text": n.partner.as_ref().map(words::partner),
                "tags": n.tags, "basis": n.basis, "rule": words::need_rationale(n),
            })
        })
        .collect();
    let to_confirm: Vec<_> = scores
        .indicators
        .iter()
        .filter(|i| i.state == IndicatorState::ToConfirm)
        .map(|i| id_of(i.question))
        .collect();
    let policy_choices: Vec<_> = scores
        .indicators
        .iter()
        .filter(|i| i.state == IndicatorState::PolicyChoice)
        .map(|i| {
            let id = id_of(i.question);
            let reason = session
                .answer(&id)
                .map(|a| a.reason.clone())
                .unwrap_or_default();
            json!({"id": id, "reason": reason})
        })
        .collect();
    let flags: Vec<_> = needs
        .flags
        .iter()
        .map(|f| {
            let mut value = serde_json::to_value(f).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("text".into(), words::flag(f, questionnaire).into());
            }
            value
        })
        .collect();
    let out = json!({
        "state": session.state.name, "target": scores.target, "default_target": scores.default_target,
        "overall": scores.overall.map(round1), "areas": areas, "indicators": indicators, "needs": need_rows,
        "to_confirm": to_confirm, "policy_choices": policy_choices, "flags": flags,
    });
    json_out(&out)
}

fn score_text(
    session: &crate::session::Session,
    questionnaire: &crate::questionnaire::Questionnaire,
    scores: &crate::scoring::Scores,
    needs: &crate::needs::NeedsAssessment,
) -> std::io::Result<()> {
    let language = questionnaire.fallback_language();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: overall {} against target {}",
        session.state.name,
        level(scores.overall),
        words::target(scores.default_target)
    );
    let _ = writeln!(
        out,
        "\n{:<5} {:<44} {:>5} {:>6} {:>4} {:<6} {:>8}  lowest",
        "area", "title", "level", "target", "gap", "conf.", "scored"
    );
    for a in &scores.areas {
        let s = &questionnaire.sections[a.section];
        let mut extra = String::new();
        if a.to_confirm > 0 {
            let _ = write!(extra, " ({} to confirm)", a.to_confirm);
        }
        if a.policy_choice > 0 {
            let _ = write!(extra, " ({} policy choice)", a.policy_choice);
        }
        let _ = writeln!(
            out,
            "{:<5} {:<44} {:>5} {:>6} {:>4.1} {:<6} {:>3}/{:<3}  {}{}",
            s.id,
            crate::tui::wrap::truncate(s.title.get(language), 44, "…"),
            level(a.level),
            a.target.level,
            a.gap,
            a.confidence.name(),
            a.scored,
            a.applicable,
            a.lowest.map_or_else(
                || "–".to_string(),
                |l| format!("{} {:.1}", questionnaire.questions[l.question].id, l.level)
            ),
            extra
        );
    }
    let _ = writeln!(
        out,
        "\nneeds, highest priority first ({}):",
        needs.needs.len()
    );
    for n in &needs.needs {
        let _ = writeln!(
            out,
            "  {:<6} level {:.1} target {} gap {:.1} priority {:>4.1}  {}  {}: {}; priority {}",
            n.id,
            n.level,
            n.target.level,
            n.gap,
            n.priority.value,
            n.code(),
            n.title,
            words::need_rationale(n),
            words::priority(&n.priority)
        );
    }
    for flag in &needs.flags {
        let _ = writeln!(out, "flag: {}", words::flag(flag, questionnaire));
    }
    crate::terminal::print(&out)
}

pub fn match_experts(
    session_path: &Path,
    questionnaire_path: Option<&Path>,
    roster_path: Option<&Path>,
    options: &Options,
    as_json: bool,
) -> Result<ExitCode> {
    let (session, questionnaire, load) =
        load_session_with_questionnaire(session_path, questionnaire_path)?;
    for message in load.messages() {
        crate::status::note(&message);
    }
    let roster = roster(roster_path)?;
    let analysis = Analysis::with(
        &questionnaire,
        &session,
        &roster,
        options,
        crate::report::shipped_inventory(),
    );
    if as_json {
        match_json(&roster, &analysis)?;
    } else {
        match_text(&roster, &analysis)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A typed value as JSON with its English words beside it.
fn with_text<T: serde::Serialize>(value: &T, text: String) -> serde_json::Value {
    let mut out = serde_json::to_value(value).unwrap_or_default();
    if let Some(map) = out.as_object_mut() {
        map.insert("text".into(), text.into());
    }
    out
}

fn match_json(roster: &Roster, analysis: &Analysis) -> Result<()> {
    let matched = &analysis.matched;
    let profile = &analysis.profile;
    let expert = |i: usize| &roster.experts[i];
    let candidate = |c: &Candidate| {
        json!({
            "id": expert(c.expert).id, "name": expert(c.expert).name, "score": c.score,
            "parts": c.parts,
            "covers": c.covered_tags(roster),
            "needs": c.needs.iter().map(|&n| matched.needs[usize::from(n)].id.clone()).collect::<Vec<_>>(),
            "languages": c.languages(profile),
            "region": c.region, "traditions": c.traditions().collect::<Vec<_>>(),
            "flags": c.flags.iter().map(|f| with_text(f, words::conflict_flag(f))).collect::<Vec<_>>(),
            "short": c.short.iter().map(|m| with_text(m, words::miss(m))).collect::<Vec<_>>(),
            "why": words::candidate_why(c, roster, profile),
        })
    };
    let candidates: Vec<_> = matched.candidates.iter().map(candidate).collect();
    let excluded: Vec<_> = matched
        .excluded
        .iter()
        .map(|e| json!({"id": expert(e.expert).id, "name": expert(e.expert).name, "reasons": e.reasons.iter().map(|r| with_text(r, words::exclusion(r))).collect::<Vec<_>>()}))
        .collect();
    let team: Vec<_> = matched
        .team
        .members
        .iter()
        .zip(&matched.team.picks)
        .map(|(&m, pick)| {
            json!({
                "id": expert(matched.candidates[m].expert).id.clone(),
                "pick": with_text(pick, words::pick(pick).unwrap_or_default()),
            })
        })
        .collect();
    let out = json!({
        "purpose": matched.purpose,
        "warnings": matched.warnings.iter().map(|w| with_text(w, words::warning(w))).collect::<Vec<_>>(),
        "requirements": matched.requirements,
        "needs": matched.needs,
        "needed": matched.needed.iter().map(|(t, w)| json!({"tag": t, "weight": w})).collect::<Vec<_>>(),
        "candidates": candidates, "excluded": excluded,
        "team": {
            "members": team, "uncovered": matched.team.uncovered,
            "languages": matched.team.languages.iter().map(|(l, m)| json!({"language": l, "members": m.iter().map(|&i| expert(matched.candidates[i].expert).id.clone()).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            "interpreter": matched.team.interpreter.as_ref().map(|i| with_text(i, words::interpreter(i))),
            "genders": matched.team.genders, "regions": matched.team.regions,
        },
    });
    json_out(&out)
}

/// One candidate on one line: id, name, score, and why; then a line per flag.
fn candidate_lines(roster: &Roster, analysis: &Analysis, candidate: &Candidate) -> String {
    let expert = &roster.experts[candidate.expert];
    let mut out = format!(
        "  {:<8} {:<28} {:>3.0}  {}",
        expert.id,
        expert.name,
        candidate.score,
        words::candidate_why(candidate, roster, &analysis.profile)
    );
    for flag in &candidate.flags {
        let _ = write!(out, "\n           flag: {}", words::conflict_flag(flag));
    }
    out
}

fn match_text(roster: &Roster, analysis: &Analysis) -> std::io::Result<()> {
    let matched = &analysis.matched;
    let expert = |i: usize| &roster.experts[i];
    let mut out = String::new();
    let _ = writeln!(out, "experts for {}", words::purpose(matched.purpose));
    for warning in &matched.warnings {
        let _ = writeln!(out, "warning: {}", words::warning(warning));
    }
    let needed: Vec<String> = matched
        .needed
        .iter()
        .map(|(t, w)| format!("{t} ({w:.1})"))
        .collect();
    let _ = writeln!(
        out,
        "needed expertise, weighted by need priority: {}",
        if needed.is_empty() {
            "none".into()
        } else {
            needed.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "\nproposed team ({} expert{}):",
        matched.team.members.len(),
        if matched.team.members.len() == 1 {
            ""
        } else {
            "s"
        }
    );
    for (&m, pick) in matched.team.members.iter().zip(&matched.team.picks) {
        let c = &matched.candidates[m];
        let _ = writeln!(out, "{}", candidate_lines(roster, analysis, c));
        if let Some(why) = words::pick(pick) {
            let _ = writeln!(out, "           {why}");
        }
    }
    if !matched.team.uncovered.is_empty() {
        let _ = writeln!(
            out,
            "  not covered by any available expert: {}",
            matched.team.uncovered.join(", ")
        );
    }
    for (language, members) in &matched.team.languages {
        let _ = writeln!(
            out,
            "  language {language}: {}",
            if members.is_empty() {
                "no member".to_string()
            } else {
                members
                    .iter()
                    .map(|&i| expert(matched.candidates[i].expert).id.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
    }
    if let Some(interpreter) = &matched.team.interpreter {
        let _ = writeln!(out, "  interpreter: {}", words::interpreter(interpreter));
    }
    let counts = |map: &std::collections::BTreeMap<String, usize>| {
        map.iter()
            .map(|(name, n)| format!("{name} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "  gender: {}; regional experience: {}",
        counts(&matched.team.genders),
        counts(&matched.team.regions)
    );
    let _ = writeln!(out, "\nbest matches:");
    for c in matched.candidates.iter().take(10) {
        let _ = writeln!(out, "{}", candidate_lines(roster, analysis, c));
    }
    let _ = writeln!(out, "\nfiltered out ({}):", matched.excluded.len());
    for e in &matched.excluded {
        let reasons: Vec<String> = e.reasons.iter().map(words::exclusion).collect();
        let _ = writeln!(
            out,
            "  {:<8} {:<28} {}",
            expert(e.expert).id,
            expert(e.expert).name,
            reasons.join("; ")
        );
    }
    crate::terminal::print(&out)
}

#[allow(clippy::too_many_arguments)] // one per command-line option
pub fn report(
    session_path: &Path,
    questionnaire_path: Option<&Path>,
    template: Option<&Path>,
    roster_path: Option<&Path>,
    inventory_path: Option<&Path>,
    output: Option<&Path>,
    format: Option<&str>,
    force: bool,
) -> Result<ExitCode> {
    let format = report_format(output, format)?;
    if crate::stdin::is_stdin(session_path) && output.is_none() {
        return Err(crate::cli::usage_error(
            "the session comes from standard input, so there is no folder to write the report beside; name it with -o FILE (or -o - for standard output)",
        ));
    }
    let (session, questionnaire, load) =
        load_session_with_questionnaire(session_path, questionnaire_path)?;
    for message in load.messages() {
        crate::status::note(&message);
    }
    let roster = roster(roster_path)?;
    let inventory = match inventory_path {
        Some(_) => Some(plan::inventory(inventory_path, &questionnaire)?),
        None => None,
    };
    let templates = template.map_or(Templates::Embedded, |t| Templates::File(t.to_path_buf()));
    let destination = output.map_or_else(
        || Destination::File(report::default_output(session_path, format)),
        Destination::from_arg,
    );
    let request = report::Request {
        templates,
        destination,
        format,
        force,
        inventory,
    };
    let written = report::write(&questionnaire, &session, &roster, &request)
        .with_context(|| format!("writing the report for {}", session_path.display()))?;
    // What was written is status, on standard error: standard output
    // holds only data (the report itself with `-o -`).
    if written.report.path.is_some() {
        crate::status::status(&written.describe());
    } else if written.report.kept_aside.is_some() {
        crate::terminal::eprint_line(&format!("tana: {}", written.describe()));
    }
    Ok(ExitCode::SUCCESS)
}

/// The report's format: `--format`, else the `-o` file's extension, else Markdown.
fn report_format(output: Option<&Path>, format: Option<&str>) -> Result<report::Format> {
    let named = format
        .map(|f| {
            report::Format::ALL
                .into_iter()
                .find(|x| x.name() == f)
                .ok_or_else(|| crate::cli::usage_error(format!("unknown report format {f}")))
        })
        .transpose()?;
    let implied = output
        .filter(|o| o.as_os_str() != "-")
        .and_then(report::Format::of_path);
    match (named, implied) {
        (Some(named), Some(implied)) if named != implied => Err(crate::cli::usage_error(format!(
            "--format {} but the output file {} names a {} file; make them agree",
            named.name(),
            output.unwrap_or(Path::new("")).display(),
            implied.name()
        ))),
        (Some(format), _) | (None, Some(format)) => Ok(format),
        (None, None) => Ok(report::Format::Md),
    }
}
