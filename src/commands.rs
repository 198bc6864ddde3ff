//! The headless commands that read a session: `score`, `match` and
//! `report`, printing text or JSON.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use serde_json::json;

use crate::check::load_session_with_questionnaire;
use crate::output::Destination;
use crate::report::{self, Analysis, Templates};
use crate::roster::Roster;

fn roster(path: Option<&Path>) -> Result<Roster> {
    match path {
        Some(p) => Roster::load(p).map_err(|e| anyhow::anyhow!("{}", e.render().trim_end())),
        None => Ok(Roster::embedded()),
    }
}

fn level(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |l| format!("{l:.1}"))
}

pub fn score(session_path: &Path, questionnaire: Option<&Path>, as_json: bool) -> Result<ExitCode> {
    let (session, questionnaire, load) =
        load_session_with_questionnaire(session_path, questionnaire)?;
    for message in load.messages() {
        eprintln!("tana: note: {message}");
    }
    let scores = &crate::scoring::score(&questionnaire, &session);
    let needs = crate::needs::classify(&questionnaire, &session, scores);
    if as_json {
        score_json(&session, &questionnaire, scores, &needs)?;
    } else {
        score_text(&session, &questionnaire, scores, &needs);
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
    let areas: Vec<_> = scores
        .areas
        .iter()
        .map(|a| {
            let s = &questionnaire.sections[a.section];
            json!({
                "id": s.id, "title": s.title.get(language), "level": a.level, "confidence": a.confidence.name(),
                "gap": a.gap, "scored": a.scored, "applicable": a.applicable, "to_confirm": a.to_confirm,
                "open": a.open, "not_applicable": a.not_applicable,
            })
        })
        .collect();
    let need_rows: Vec<_> = needs
        .needs
        .iter()
        .map(|n| {
            let q = &questionnaire.questions[n.question];
            json!({
                "id": q.id, "level": n.level, "gap": n.gap, "priority": n.priority, "code": n.code(),
                "extent": n.extent.name(), "delivery": n.delivery.name(), "partner": n.partner, "tags": n.tags, "rule": n.rule,
            })
        })
        .collect();
    let to_confirm: Vec<_> = scores
        .indicators
        .iter()
        .filter(|i| i.state == crate::scoring::IndicatorState::ToConfirm)
        .map(|i| questionnaire.questions[i.question].id.clone())
        .collect();
    let out = json!({
        "state": session.state.name, "target": scores.target, "overall": scores.overall,
        "areas": areas, "needs": need_rows, "to_confirm": to_confirm,
        "flags": needs.flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>(),
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

fn score_text(
    session: &crate::session::Session,
    questionnaire: &crate::questionnaire::Questionnaire,
    scores: &crate::scoring::Scores,
    needs: &crate::needs::NeedsAssessment,
) {
    let language = questionnaire.fallback_language();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: overall {} against target {}",
        session.state.name,
        level(scores.overall),
        scores.target
    );
    let _ = writeln!(
        out,
        "\n{:<5} {:<58} {:>5} {:>4} {:<6} {:>8}",
        "area", "title", "level", "gap", "conf.", "scored"
    );
    for a in &scores.areas {
        let s = &questionnaire.sections[a.section];
        let _ = writeln!(
            out,
            "{:<5} {:<58} {:>5} {:>4.1} {:<6} {:>3}/{:<3}{}",
            s.id,
            crate::tui::wrap::truncate(s.title.get(language), 58, "…"),
            level(a.level),
            a.gap,
            a.confidence.name(),
            a.scored,
            a.applicable,
            if a.to_confirm > 0 {
                format!(" ({} to confirm)", a.to_confirm)
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(
        out,
        "\nneeds, highest priority first ({}):",
        needs.needs.len()
    );
    for n in &needs.needs {
        let q = &questionnaire.questions[n.question];
        let _ = writeln!(
            out,
            "  {:<6} level {:.1} gap {:.1} priority {:>4.1}  {}  {}",
            q.id,
            n.level,
            n.gap,
            n.priority,
            n.code(),
            n.rule
        );
    }
    for flag in &needs.flags {
        let _ = writeln!(out, "flag: {}", flag.text);
    }
    print!("{out}");
}

pub fn match_experts(
    session_path: &Path,
    roster_path: Option<&Path>,
    as_json: bool,
) -> Result<ExitCode> {
    let (session, questionnaire, load) = load_session_with_questionnaire(session_path, None)?;
    for message in load.messages() {
        eprintln!("tana: note: {message}");
    }
    let roster = roster(roster_path)?;
    let analysis = Analysis::of(&questionnaire, &session, &roster);
    if as_json {
        match_json(&roster, &analysis)?;
    } else {
        match_text(&roster, &analysis);
    }
    Ok(ExitCode::SUCCESS)
}

fn match_json(roster: &Roster, analysis: &Analysis) -> Result<()> {
    let matched = &analysis.matched;
    let expert = |i: usize| &roster.experts[i];
    let candidates: Vec<_> = matched
        .candidates
        .iter()
        .map(|c| {
            json!({
                "id": expert(c.expert).id, "name": expert(c.expert).name, "score": c.score,
                "covers": c.covered_tags(roster), "languages": c.languages(&analysis.profile),
                "region": c.region, "legal_tradition": c.tradition, "why": c.why(roster, &analysis.profile),
            })
        })
        .collect();
    let excluded: Vec<_> = matched
        .excluded
        .iter()
        .map(|e| json!({"id": expert(e.expert).id, "name": expert(e.expert).name, "reasons": e.reasons.iter().map(crate::matching::Exclusion::reason).collect::<Vec<_>>()}))
        .collect();
    let team: Vec<_> = matched
        .team
        .members
        .iter()
        .map(|&m| expert(matched.candidates[m].expert).id.clone())
        .collect();
    let out = json!({
        "needed": matched.needed.iter().map(|(t, w)| json!({"tag": t, "weight": w})).collect::<Vec<_>>(),
        "candidates": candidates, "excluded": excluded,
        "team": {
            "members": team, "uncovered": matched.team.uncovered,
            "languages": matched.team.languages.iter().map(|(l, m)| json!({"language": l, "members": m.iter().map(|&i| expert(matched.candidates[i].expert).id.clone()).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            "genders": matched.team.genders, "regions": matched.team.regions,
        },
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// One candidate on one line: id, name, score, and why.
fn candidate_line(
    roster: &Roster,
    analysis: &Analysis,
    candidate: &crate::matching::Candidate,
) -> String {
    let expert = &roster.experts[candidate.expert];
    format!(
        "  {:<8} {:<28} {:>3.0}  {}",
        expert.id,
        expert.name,
        candidate.score,
        candidate.why(roster, &analysis.profile)
    )
}

fn match_text(roster: &Roster, analysis: &Analysis) {
    let matched = &analysis.matched;
    let expert = |i: usize| &roster.experts[i];
    let mut out = String::new();
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
    for &m in &matched.team.members {
        let c = &matched.candidates[m];
        let _ = writeln!(out, "{}", candidate_line(roster, analysis, c));
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
    let _ = writeln!(
        out,
        "  gender: {:?}; regions: {:?}",
        matched.team.genders, matched.team.regions
    );
    let _ = writeln!(out, "\nbest matches:");
    for c in matched.candidates.iter().take(10) {
        let _ = writeln!(out, "{}", candidate_line(roster, analysis, c));
    }
    let _ = writeln!(out, "\nfiltered out ({}):", matched.excluded.len());
    for e in &matched.excluded {
        let reasons: Vec<String> = e
            .reasons
            .iter()
            .map(crate::matching::Exclusion::reason)
            .collect();
        let _ = writeln!(
            out,
            "  {:<8} {:<28} {}",
            expert(e.expert).id,
            expert(e.expert).name,
            reasons.join("; ")
        );
    }
    print!("{out}");
}

pub fn report(
    session_path: &Path,
    template: Option<&Path>,
    roster_path: Option<&Path>,
    output: Option<&Path>,
    format: Option<&str>,
    force: bool,
) -> Result<ExitCode> {
    let format = report_format(output, format)?;
    let (session, questionnaire, load) = load_session_with_questionnaire(session_path, None)?;
    for message in load.messages() {
        eprintln!("tana: note: {message}");
    }
    let roster = roster(roster_path)?;
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
    };
    let written = report::write(&questionnaire, &session, &roster, &request)
        .with_context(|| format!("writing the report for {}", session_path.display()))?;
    if written.report.path.is_some() {
        println!("{}", written.describe());
    } else if written.report.kept_aside.is_some() {
        eprintln!("tana: {}", written.describe());
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
                .with_context(|| format!("unknown report format {f}"))
        })
        .transpose()?;
    let implied = output
        .filter(|o| o.as_os_str() != "-")
        .and_then(report::Format::of_path);
    match (named, implied) {
        (Some(named), Some(implied)) if named != implied => anyhow::bail!(
            "--format {} but the output file {} names a {} file; make them agree",
            named.name(),
            output.unwrap_or(Path::new("")).display(),
            implied.name()
        ),
        (Some(format), _) | (None, Some(format)) => Ok(format),
        (None, None) => Ok(report::Format::Md),
    }
}
