//! The English words of tana's results, made in one place. The core
//! (scoring, needs, matching) returns typed values; the report data, the
//! text output of commands, the JSON `text` fields and the interface turn
//! them into sentences here. A second language would be a second catalogue
//! with the same functions.

pub mod compare;
pub mod plan;
pub mod report;
pub mod usage;

use std::fmt::Write as _;

use crate::matching::{
    Candidate, ConflictFlag, Exclusion, Interpreter, Involvement, Miss, Pick, Profile, Purpose,
    TraditionKind, Warning, Window, WindowBasis,
};
use crate::mission::{
    EditError, Field, FundField, Group, ProgrammeField, StakeholderField, WindowField,
};
use crate::needs::{
    Basis, ConditionOutcome, DefaultDelivery, DeliveryBasis, Flag, FundingAnswer, Held, Need,
    RuleBasis,
};
use crate::questionnaire::{Delivery, Extent, Importance, Partner, Questionnaire};
use crate::roster::{Roster, SectorInterest};
use crate::scoring::{
    IndicatorState, Priority, PriorityFactor, RequestState, Target, TargetOrigin,
};
use crate::session::{
    AnswerSource, DeliveryWindow, Fund, Programme, SourceHow, Stakeholder, Status,
};

/// The question text shown for an answer kept for a question the
/// questionnaire no longer has.
pub const ORPHAN_QUESTION: &str =
    "(a question the questionnaire no longer has; the answer is kept)";

/// The standing of an indicator one of two compared questionnaires lacks.
pub const NOT_IN_QUESTIONNAIRE: &str = "not in this questionnaire";

/// The end of a text cut to fit a workbook cell.
pub const CUT_MARKER: &str = " [cut: the whole text is in the CSV and JSON exports]";

/// A question's cell in the wide export: the value as read, with the status
/// beside it unless it is a plain answer (`1 (formative) (to confirm)`,
/// `(not applicable)`); empty for an open question.
pub fn wide_value(value: &str, status: &str) -> String {
    match (value.is_empty(), status) {
        (_, "answered") | (true, "open") => value.to_string(),
        (true, status) => format!("({status})"),
        (false, status) => format!("{value} ({status})"),
    }
}

/// The note on a question's header in a wide workbook: what the column
/// holds, so a reader knows what `A1.1` is.
pub fn wide_header_note(title: &str, question: &str, kind: &str) -> String {
    let holds = match kind {
        "maturity" => "the scored level, 0 to 4 (empty when not scored: see the _status column)",
        "single" => "the choice's id (labels: the long export's value column)",
        "multi" => "the choices' ids, joined by ';'",
        "yesno" => "true or false",
        "number" => "the number",
        "date" => "the date, YYYY-MM-DD",
        "text" => "the text as written",
        _ => "the answer as recorded",
    };
    let mut note = title.to_string();
    if !question.is_empty() && question != title {
        if !note.is_empty() {
            note.push('\n');
        }
        note.push_str(question);
    }
    format!("{note}\n\nHolds {holds}.")
}

/// A workbook cell whose text was cut to fit.
pub fn cut_cell(sheet: &str, cell: &str, column: &str) -> String {
    format!(
        "the text of {sheet}!{cell} ({column}) is longer than a workbook cell holds (32,767 characters) and was cut; the CSV and JSON exports hold all of it"
    )
}

/// `csv, xlsx or json`.
fn or_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// `--format` naming a format the command does not write.
pub fn unknown_format(name: &str, names: &[&str]) -> String {
    format!(
        "--format {name} is not a format tana writes here; give {}",
        or_list(names)
    )
}

/// `--format` and the `-o` file's extension naming two formats.
pub fn format_disagrees(named: &str, path: &str, implied: &str) -> String {
    format!("--format {named} but the output file {path} names a {implied} file; make them agree")
}

/// An `-o` file whose extension is no format the command writes.
pub fn unknown_extension(path: &str, extension: &str, names: &[&str]) -> String {
    let dotted: Vec<String> = names.iter().map(|n| format!(".{n}")).collect();
    let dotted: Vec<&str> = dotted.iter().map(String::as_str).collect();
    format!(
        "tana cannot write a .{extension} file ({path}); name the file {}, or give --format {} to say which is meant",
        or_list(&dotted),
        names.join("|")
    )
}

/// One file named twice among the sessions.
pub fn file_given_twice(first: &str, again: &str) -> String {
    if first == again {
        format!("{first} is given twice; give each session once")
    } else {
        format!("{first} and {again} are the same file; give each session once")
    }
}

/// Two files holding the same save of one mission (a copy).
pub fn same_mission_twice(first: &str, again: &str, id: &str) -> String {
    format!(
        "{first} and {again} are the same mission ({id}, the same save: one is a copy of the other); give it once"
    )
}

/// Two different sessions sharing one mission id.
pub fn shared_mission_id(first: &str, again: &str, id: &str) -> String {
    format!(
        "{first} and {again} have the same mission id {id} but are different sessions (one was started as a copy of the other?); \
         nothing was written, as the two missions would be merged. If {again} is a mission of its own, give it its own id: \
         write when it began on its `created:` line (such as `created: \"2028-03-01T09:00:00Z\"`) and mark the file edited by hand \
         (`# tana-checksum: edited` on its first line; docs/session-format.md). A follow-up mission started with `tana new` gets its own id."
    )
}

/// Why a file could not be written in its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderProblem {
    Missing,
    NotAFolder,
    NotAllowed,
    ReadOnly,
    Full,
    /// The system's words, without its error code.
    Other(String),
}

/// `cannot write /x/y.csv: the folder /x does not exist`.
pub fn cannot_write(path: &str, folder: &str, problem: FolderProblem) -> String {
    let why = match problem {
        FolderProblem::Missing => format!("the folder {folder} does not exist"),
        FolderProblem::NotAFolder => format!("{folder} is not a folder"),
        FolderProblem::NotAllowed => format!("you may not write in the folder {folder}"),
        FolderProblem::ReadOnly => format!("the folder {folder} is on a read-only disk"),
        FolderProblem::Full => format!("the disk holding {folder} is full"),
        FolderProblem::Other(words) => words.to_lowercase(),
    };
    format!("cannot write {path}: {why}")
}

/// `export written to answers.csv (csv, 2 missions, 234 rows)`.
pub fn export_written(path: &str, format: &str, missions: usize, rows: usize) -> String {
    format!(
        "export written to {path} ({format}, {missions} mission{}, {rows} row{})",
        plural(missions, "", "s"),
        plural(rows, "", "s")
    )
}

/// `comparison written to compare.md (3 missions)`.
pub fn comparison_written(path: &str, missions: usize) -> String {
    format!(
        "comparison written to {path} ({missions} mission{})",
        plural(missions, "", "s")
    )
}

/// The title of a roster imported from a CSV file.
pub fn imported_roster_title(file: &str) -> String {
    format!("Roster imported from {file}")
}

/// Where a roster CSV read from standard input came from, in its title
/// and header comment.
pub const ROSTER_FROM_STDIN: &str = "standard input";

/// `tana import --roster -` without `-o`: there is no file name to write beside.
pub const ROSTER_STDIN_NEEDS_OUTPUT: &str = "the roster CSV comes from standard input, so there is no file name to write the roster beside; name it with -o FILE (or -o - for standard output)";

/// `tana import --roster` refused the CSV.
pub fn roster_not_imported(file: &str, problems: usize) -> String {
    format!(
        "{file}: {problems} problem{}; nothing was written",
        plural(problems, "", "s")
    )
}

/// `roster written to roster.yaml (159 experts)`.
pub fn roster_written(path: &str, experts: usize) -> String {
    format!(
        "roster written to {path} ({experts} expert{})",
        plural(experts, "", "s")
    )
}

/// `manual pages written to man/ (12 pages)`.
pub fn man_written(folder: &str, pages: usize) -> String {
    format!(
        "manual pages written to {folder} ({pages} page{})",
        plural(pages, "", "s")
    )
}

/// A file edited since tana wrote it, kept aside before writing.
pub fn kept_aside(path: &str) -> String {
    format!("the file there had been changed since tana wrote it; it was kept as {path}")
}

pub mod xlsform;

/// What an extent of assistance is (seed 000 ¶34).
pub fn extent_label(extent: Extent) -> &'static str {
    match extent {
        Extent::Advisory => "advisory and legislative drafting",
        Extent::Capacity => "capacity and training",
        Extent::Systems => "systems and technology",
        Extent::Infrastructure => "complete infrastructure or major project",
    }
}

/// How assistance is delivered.
pub fn delivery_label(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::Alone => "assisting office alone",
        Delivery::Broker => "broker with roster experts",
        Delivery::Partner => "partner-led",
    }
}

/// The lead partner of a partner-led need.
pub fn partner(partner: &Partner) -> String {
    match partner {
        Partner::Named(name) => name.clone(),
        Partner::Programme => "the programme already under way in the State".to_string(),
    }
}

/// Where a target came from, as a phrase after "set by".
pub fn target_origin(origin: TargetOrigin) -> &'static str {
    match origin {
        TargetOrigin::MissionIndicator => "the mission for this indicator",
        TargetOrigin::MissionArea => "the mission for this area",
        TargetOrigin::Mission => "the mission for every indicator",
        TargetOrigin::Question => "the questionnaire for this indicator",
        TargetOrigin::Section => "the questionnaire for this area",
        TargetOrigin::Questionnaire => "the questionnaire",
        TargetOrigin::Default => "default",
    }
}

/// `3, set by the questionnaire` (or `3, the default`).
pub fn target(target: Target) -> String {
    match target.origin {
        TargetOrigin::Default => format!("{}, the default", target.level),
        origin => format!("{}, set by {}", target.level, target_origin(origin)),
    }
}

/// The state of an indicator; `asked` false means skipped by a condition.
pub fn indicator_state(state: IndicatorState, asked: bool) -> &'static str {
    match state {
        IndicatorState::Scored => "scored",
        IndicatorState::ToConfirm => "to confirm",
        IndicatorState::NotApplicable if !asked => "skipped",
        IndicatorState::NotApplicable => "not applicable",
        IndicatorState::PolicyChoice => "policy choice",
        IndicatorState::Open => "open",
    }
}

/// The status of an answer for a reader; `asked` false means skipped.
pub fn answer_status(status: Option<Status>, asked: bool) -> &'static str {
    match (asked, status) {
        (false, _) => "skipped",
        (true, Some(Status::Answered)) => "answered",
        (true, Some(Status::Unknown)) => "to confirm",
        (true, Some(Status::NotApplicable)) => "not applicable",
        (true, Some(Status::PolicyChoice)) => "policy choice",
        (true, None) => "open",
    }
}

fn importance(importance: Importance) -> &'static str {
    match importance {
        Importance::Low => "low",
        Importance::Normal => "normal",
        Importance::High => "high",
    }
}

/// One factor of a priority: `gap 2.0`, `importance high (×1.5)`,
/// `requested by the State (×2)`, `urgency priority (×1.25)`.
pub fn priority_factor(factor: &PriorityFactor) -> String {
    let value = factor.value();
    match factor {
        PriorityFactor::Gap { gap } => format!("gap {gap:.1}"),
        PriorityFactor::QuestionWeight { weight } => format!("weight {weight}"),
        PriorityFactor::SectionWeight { weight } => format!("area weight {weight}"),
        PriorityFactor::Importance { importance: i } => {
            format!("importance {} (×{value})", importance(*i))
        }
        PriorityFactor::Request { request } => match request {
            RequestState::Requested => format!("requested by the State (×{value})"),
            RequestState::NotRequested => {
                format!("not among the components the State asked for (×{value})")
            }
            RequestState::NotRecorded => {
                format!("the components of the request not recorded (×{value})")
            }
        },
        PriorityFactor::Urgency { urgency } => {
            format!("urgency {} (×{value})", urgency.name())
        }
    }
}

/// A priority with its factors: `3.0 = gap 2.0 × weight 1 × area weight 1 × importance high (×1.5)`.
pub fn priority(priority: &Priority) -> String {
    let factors: Vec<String> = priority.factors.iter().map(priority_factor).collect();
    format!("{:.1} = {}", priority.value, factors.join(" × "))
}

fn held(held: Held) -> &'static str {
    match held {
        Held::True => "holds",
        Held::False => "does not hold",
        Held::Undecided => {
            "cannot be decided yet (an answer it reads is missing), so it counts as not met"
        }
    }
}

fn passed_over(outcomes: &[ConditionOutcome]) -> String {
    let parts: Vec<String> = outcomes
        .iter()
        .map(|o| format!("{} {}", o.condition, held(o.held)))
        .collect();
    parts.join(", and ")
}

fn default_delivery_reason(default: DefaultDelivery) -> &'static str {
    match default {
        DefaultDelivery::InfrastructurePartner => {
            "because a complete infrastructure is a broader project led by a partner (000 ¶36(b))"
        }
        DefaultDelivery::SystemsPartner => {
            "because systems work is led by the area's specialised partner and the office stays product-neutral (000 ¶28, ¶35)"
        }
        DefaultDelivery::SystemsBroker => {
            "because systems work needs outside experts and the office stays product-neutral (000 ¶28, ¶35)"
        }
        DefaultDelivery::CapacityBroker => {
            "because training draws on public and private experts from the roster (000 ¶34, ¶36(e))"
        }
        DefaultDelivery::AdvisoryAlone => {
            "because advice and legislative drafting are the office's own work (000 ¶34)"
        }
    }
}

/// Why a need is classified as it is, in one sentence without a final stop:
/// the rule (and its condition), the conditional rules passed over, and
/// where the delivery came from.
pub fn need_rationale(need: &Need) -> String {
    let Basis {
        level,
        rule,
        delivery,
        passed_over: skipped,
    } = &need.basis;
    let mut out = match rule {
        RuleBasis::Rule {
            levels, condition, ..
        } => {
            let mut text = if levels.start() == levels.end() {
                format!(
                    "the questionnaire classifies level {level} as {}",
                    extent_label(need.extent)
                )
            } else {
                format!(
                    "level {level} is in the range {}–{} that the questionnaire classifies as {}",
                    levels.start(),
                    levels.end(),
                    extent_label(need.extent)
                )
            };
            if let Some(c) = condition {
                let _ = write!(text, " when {}, which {}", c.condition, held(c.held));
            }
            text
        }
        RuleBasis::NoRule => format!(
            "no need rule of the questionnaire covers level {level}; {} is assumed",
            extent_label(Extent::Capacity)
        ),
    };
    if !skipped.is_empty() {
        let _ = write!(
            out,
            " (a rule for other circumstances did not apply: {})",
            passed_over(skipped)
        );
    }
    let led_by = need
        .partner
        .as_ref()
        .map(|p| format!(" ({})", partner(p)))
        .unwrap_or_default();
    let _ = write!(out, "; delivery {}{led_by} ", delivery_label(need.delivery));
    match delivery {
        DeliveryBasis::Rule { partner_from_area } => {
            out.push_str("as the questionnaire specifies");
            if *partner_from_area && need.partner.is_some() {
                out.push_str(", with the area's first partner");
            }
        }
        DeliveryBasis::Default { default } => out.push_str(default_delivery_reason(*default)),
    }
    out
}

/// A flag as the sentence the report and the interface show.
pub fn flag(flag: &Flag, questionnaire: &Questionnaire) -> String {
    match flag {
        Flag::Funding { question, answer } => match answer {
            FundingAnswer::Choice { label, .. } => format!(
                "Funding for the assistance is not secured (answer to {question}: {label}); it will depend on extrabudgetary resources (000 ¶34, ¶38)."
            ),
            FundingAnswer::No => format!(
                "Funding for the assistance is not secured (answer to {question}); it will depend on extrabudgetary resources (000 ¶34, ¶38)."
            ),
            FundingAnswer::NotRecorded => format!(
                "The funding situation was not recorded ({question}); establish it before planning delivery (000 ¶34, ¶38)."
            ),
        },
        Flag::InformationFirst {
            section,
            area,
            to_confirm,
            open,
            applicable,
        } => {
            let title = questionnaire
                .sections
                .get(*section)
                .map_or(area.as_str(), |s| s.title.fallback());
            format!(
                "Gather information first on {title} ({area}): {to_confirm} item{} to confirm and {open} unanswered of {applicable} applicable (000 ¶34).",
                if *to_confirm == 1 { "" } else { "s" },
            )
        }
        Flag::DonorAwareness { needs } => format!(
            "{needs} need{} call{} for systems or infrastructure work: raise donor awareness and seek partners early (000 ¶35).",
            if *needs == 1 { "" } else { "s" },
            if *needs == 1 { "s" } else { "" }
        ),
    }
}

/// What a team is matched for.
pub fn purpose(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Assessment => "assessment",
        Purpose::Delivery => "delivery",
    }
}

fn window(window: Window) -> String {
    format!("{} to {}", window.from, window.to)
}

fn window_basis(basis: WindowBasis) -> &'static str {
    match basis {
        WindowBasis::Delivery => "the delivery window",
        WindowBasis::MissionDates => "the mission's dates",
        WindowBasis::Given => "the window given",
    }
}

/// A list of workstream ids, `None` read as needs without one.
fn workstreams(list: &[Option<String>]) -> String {
    let parts: Vec<&str> = list
        .iter()
        .map(|w| w.as_deref().unwrap_or("needs without a workstream"))
        .collect();
    parts.join(", ")
}

fn involvement(organisation: &str, involvement: &Involvement) -> String {
    match involvement {
        Involvement::Body => format!("{organisation}, a body involved in the mission"),
        Involvement::Supplier => format!("{organisation}, a supplier of the State's systems"),
        Involvement::ProgrammeLead { programme, name } => {
            format!("{organisation}, which leads the programme under way {name} ({programme})")
        }
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// A requirement an expert's availability does not meet.
pub fn miss(miss: &Miss) -> String {
    if miss.whole {
        return format!(
            "not available for the whole mission, {}",
            window(miss.window)
        );
    }
    let mut out = format!(
        "free {} of the {} day{} needed in {} {}",
        miss.free,
        miss.needed,
        plural(miss.needed as usize, "", "s"),
        window_basis(miss.basis),
        window(miss.window)
    );
    // A delivery window serves some workstreams; the mission's dates or a
    // window given serve them all.
    if miss.basis == WindowBasis::Delivery && !miss.workstreams.is_empty() {
        let _ = write!(out, " ({})", workstreams(&miss.workstreams));
    }
    out
}

/// Why an expert was filtered out.
pub fn exclusion(exclusion: &Exclusion) -> String {
    match exclusion {
        Exclusion::National { state_code } => format!(
            "conflict of interest: a national of the requesting State ({state_code}), not independent for an assessment"
        ),
        Exclusion::Involved {
            organisation,
            involvement: how,
            employer,
        } => format!(
            "conflict of interest: {} {}",
            if *employer {
                "employed by"
            } else {
                "declared affiliation with"
            },
            involvement(organisation, how)
        ),
        Exclusion::StateGovernment { organisation } => format!(
            "conflict of interest: declared affiliation with the requesting State's government ({organisation})"
        ),
        Exclusion::Role { role, purpose: p } => format!(
            "role {} only: not proposed for {}",
            role.name(),
            purpose(*p)
        ),
        Exclusion::Unavailable { misses } => {
            let parts: Vec<String> = misses.iter().map(miss).collect();
            if misses.iter().all(|m| m.whole) {
                parts.join("; ")
            } else {
                format!("not available long enough: {}", parts.join("; "))
            }
        }
    }
}

/// A sector of interest in words.
pub fn sector(sector: SectorInterest) -> &'static str {
    match sector {
        SectorInterest::Banking => "banking",
        SectorInterest::Payments => "payments",
        SectorInterest::Insurance => "insurance",
        SectorInterest::VirtualAssets => "virtual assets",
        SectorInterest::Telecom => "telecommunications",
        SectorInterest::OnlinePlatforms => "online platforms",
        SectorInterest::Biometrics => "biometrics",
        SectorInterest::IdentitySystems => "identity systems",
        SectorInterest::DocumentSecurity => "document security",
        SectorInterest::BorderTechnology => "border technology",
        SectorInterest::Forensics => "forensics",
        SectorInterest::Cybersecurity => "cybersecurity",
    }
}

/// A conflict of interest kept and shown beside an expert.
pub fn conflict_flag(flag: &ConflictFlag) -> String {
    match flag {
        ConflictFlag::National { state_code } => format!(
            "a national of the requesting State ({state_code}): welcome for delivery, but check independence from the bodies assessed"
        ),
        ConflictFlag::SupplierStaff {
            organisation,
            needs,
        } => format!(
            "works for or with {organisation}, a supplier: conflict of interest on the systems need{} {} (000 ¶28, ¶35)",
            plural(needs.len(), "", "s"),
            needs.join(", ")
        ),
        ConflictFlag::SectorInterest { sector, needs } => format!(
            "an interest in {}: conflict of interest on {}, which regulate{} that sector or buy{} its systems",
            self::sector(*sector),
            needs.join(", "),
            plural(needs.len(), "s", ""),
            plural(needs.len(), "s", "")
        ),
    }
}

/// What the matching could not check, and what to record.
pub fn warning(warning: &Warning) -> String {
    match warning {
        Warning::NoStateCode { purpose: p } => format!(
            "No State code is recorded: nationals of the State cannot be {} and affiliations with its government cannot be filtered out; record the code (Mission screen, `tana new --code`, or `state.code`).",
            match p {
                Purpose::Assessment => "filtered out",
                Purpose::Delivery => "flagged",
            }
        ),
        Warning::NoBodies => "No body involved in the mission is recorded: affiliations with the bodies assessed cannot be checked; record them (`mission.bodies`).".to_string(),
        Warning::NoSuppliers => "No supplier of the State's systems is recorded: experts affiliated with one cannot be filtered out (`mission.suppliers`); suppliers' staff are still flagged on systems needs.".to_string(),
        Warning::NoDeliveryWindow { fallback: Some(w) } => format!(
            "No delivery window is recorded: availability is judged against the mission's dates, {}, which are the assessment's, not delivery's; record when assistance is needed (`mission.delivery_windows`).",
            window(*w)
        ),
        Warning::NoDeliveryWindow { fallback: None } => "No delivery window and no mission dates are recorded: availability is not checked.".to_string(),
        Warning::NoWindowFor {
            workstreams: list,
            fallback,
        } => format!(
            "No delivery window concerns {}: {}.",
            workstreams(list),
            match fallback {
                Some(w) => format!(
                    "the availability of their experts is judged against the mission's dates, {}",
                    window(*w)
                ),
                None => "the availability of their experts is not checked".to_string(),
            }
        ),
        Warning::NoMissionDates => {
            "The mission's dates are not recorded: availability for the assessment is not checked.".to_string()
        }
        Warning::NoLanguages => "The State's working languages are not recorded: languages are not weighed and the need for an interpreter cannot be seen.".to_string(),
    }
}

/// The interpreter a team needs.
pub fn interpreter(interpreter: &Interpreter) -> String {
    format!(
        "No member of the team works in {}, the State's first working language, and no available expert who does adds expertise: an interpreter is needed.",
        interpreter.language
    )
}

/// Why a member joined the team.
pub fn pick(pick: &Pick) -> Option<String> {
    match pick {
        Pick::Coverage => None,
        Pick::FirstLanguage { language } => Some(format!(
            "joined because no other member works in {language}, the State's first working language"
        )),
    }
}

fn tradition_kind(kind: TraditionKind) -> &'static str {
    match kind {
        TraditionKind::Criminal => "criminal law",
        TraditionKind::CivilStatus => "civil status",
    }
}

/// Why this expert: needs covered, languages (the first one named when
/// missing), region, the traditions the needs call for, role, and windows
/// they are short of time in.
pub fn candidate_why(candidate: &Candidate, roster: &Roster, profile: &Profile) -> String {
    let expert = &roster.experts[candidate.expert];
    let mut parts = Vec::new();
    if candidate.covers_any() {
        parts.push(format!(
            "covers {}",
            candidate.covered_tags(roster).join(", ")
        ));
    } else {
        parts.push("covers none of the needed expertise".to_string());
    }
    let languages = candidate.languages(profile);
    if let Some(first) = profile.languages.first() {
        if languages.is_empty() {
            parts.push(format!("does not work in {}", profile.languages.join(", ")));
        } else if candidate.speaks(0) {
            parts.push(format!("works in {}", languages.join(", ")));
        } else {
            parts.push(format!(
                "works in {}, not in {first}, the first working language",
                languages.join(", ")
            ));
        }
    }
    if let Some(region) = profile.region.filter(|_| candidate.region) {
        parts.push(format!("experience in {}", region.name()));
    }
    for fit in candidate.traditions() {
        parts.push(if fit.fits {
            format!("{} law ({})", fit.state.name(), tradition_kind(fit.kind))
        } else {
            format!(
                "not {} law, the State's tradition of {}",
                fit.state.name(),
                tradition_kind(fit.kind)
            )
        });
    }
    parts.push(format!("role: {}", expert.role.name()));
    for m in &candidate.short {
        parts.push(miss(m));
    }
    parts.join("; ")
}

/// The title of a group of the Mission screen.
pub fn group_title(group: Group) -> &'static str {
    match group {
        Group::State => "The State",
        Group::Mission => "The mission",
        Group::Targets => "Targets agreed with the State",
        Group::Parties => "Bodies and suppliers involved (conflicts of interest)",
        Group::Programmes => "Programmes under way",
        Group::Funds => "Funds",
        Group::Windows => "Delivery windows",
        Group::Findings => "Key findings",
        Group::Stakeholders => "Stakeholders consulted",
    }
}

/// The label of a field of the record.
pub fn field_label(field: &Field, questionnaire: &Questionnaire) -> String {
    let area = |id: &str| {
        questionnaire
            .sections
            .iter()
            .find(|s| s.id == id)
            .map_or_else(
                || id.to_string(),
                |s| format!("{id} {}", s.title.fallback()),
            )
    };
    match field {
        Field::StateName => "Name".into(),
        Field::StateCode => "Code (ISO 3166-1)".into(),
        Field::Languages => "Working languages, in order".into(),
        Field::Title => "Title".into(),
        Field::Purpose => "Purpose".into(),
        Field::Start => "First day".into(),
        Field::End => "Last day".into(),
        Field::Assessors => "Assessors".into(),
        Field::Target => "Every indicator".into(),
        Field::AreaTarget(id) | Field::AreaFinding(id) => area(id),
        Field::IndicatorTargets => "Indicators (ID: level)".into(),
        Field::Bodies => "Bodies involved or assessed".into(),
        Field::Suppliers => "Suppliers of the State's systems".into(),
        Field::Validation => "Validation by the State".into(),
        Field::Limitations => "Limitations".into(),
        Field::FindingsOverall => "Overall".into(),
        Field::Stakeholder(_, f) => match f {
            StakeholderField::Institution => "Institution",
            StakeholderField::Function => "Function",
            StakeholderField::Person => "Person",
            StakeholderField::Date => "Date met",
            StakeholderField::Place => "Place",
            StakeholderField::Met => "Met",
            StakeholderField::WhyNot => "Why not met",
        }
        .into(),
        Field::Programme(_, f) => match f {
            ProgrammeField::Name => "Name",
            ProgrammeField::Lead => "Lead or funder",
            ProgrammeField::Workstreams => "Workstreams",
            ProgrammeField::Indicators => "Indicators (finer scope)",
            ProgrammeField::Until => "Until",
            ProgrammeField::Note => "Note",
        }
        .into(),
        Field::Fund(_, f) => match f {
            FundField::Source => "Source",
            FundField::Amount => "Amount",
            FundField::Currency => "Currency",
            FundField::Status => "Status",
            FundField::Workstreams => "Earmarked for (workstreams)",
            FundField::Note => "Note",
        }
        .into(),
        Field::Window(_, f) => match f {
            WindowField::From => "From",
            WindowField::To => "To",
            WindowField::Workstreams => "Workstreams (none: all)",
            WindowField::Note => "Note",
        }
        .into(),
    }
}

/// What a field is for and how to write it, shown while editing it.
pub fn field_hint(field: &Field) -> &'static str {
    match field {
        Field::StateCode => {
            "Two capital letters (XE, NO). The conflict checks need it to spot nationals of the State and affiliations with its government."
        }
        Field::Languages => {
            "ISO 639 codes in order of preference, such as fr, ar, en. The team must work in the first."
        }
        Field::Start
        | Field::End
        | Field::Stakeholder(_, StakeholderField::Date)
        | Field::Programme(_, ProgrammeField::Until) => "YYYY-MM-DD, or empty.",
        Field::Window(_, WindowField::From | WindowField::To) => {
            "YYYY-MM-DD. Experts are matched by the days they are free inside the window."
        }
        Field::Assessors => "One name a line.",
        Field::Bodies | Field::Suppliers => {
            "One a line. Experts employed by or affiliated with them are filtered out."
        }
        Field::Target | Field::AreaTarget(_) => "A level 0-4, or empty for the questionnaire's.",
        Field::IndicatorTargets => "One `ID: level` a line, such as A5.1: 2.",
        Field::Window(_, WindowField::Workstreams)
        | Field::Programme(_, ProgrammeField::Workstreams)
        | Field::Fund(_, FundField::Workstreams) => {
            "Workstream ids separated by commas, such as WS.LAW, WS.COOP."
        }
        Field::Programme(_, ProgrammeField::Lead) => {
            "Experts affiliated with the lead are filtered out."
        }
        Field::Programme(_, ProgrammeField::Indicators) => {
            "Indicator or area ids separated by commas."
        }
        Field::Fund(_, FundField::Amount) => "A number, such as 160000.",
        Field::Fund(_, FundField::Currency) => {
            "ISO 4217, such as USD; empty for the questionnaire's."
        }
        Field::Validation
        | Field::Fund(_, FundField::Status)
        | Field::Stakeholder(_, StakeholderField::Met) => "Space or Enter changes it.",
        _ => "",
    }
}

/// What is wrong with an edit.
pub fn edit_error(error: &EditError) -> String {
    let nearest = |n: &Option<String>| {
        n.as_ref()
            .map(|n| format!("; did you mean {n}?"))
            .unwrap_or_default()
    };
    match error {
        EditError::Required => "This cannot be empty.".into(),
        EditError::NotADate { text } => format!("`{text}` is not a date; write YYYY-MM-DD."),
        EditError::NotACountryCode { text } => format!(
            "`{text}` is not a country code; write the two letters of ISO 3166-1, such as XE or NO."
        ),
        EditError::NotALanguage { text } => format!(
            "`{text}` is not a language code; write ISO 639 codes in lower case, such as fr, ar, en."
        ),
        EditError::LanguageTwice { language } => {
            format!("`{language}` is listed twice; list each language once.")
        }
        EditError::NotALevel { text } => {
            format!("`{text}` is not a level; write a whole number from 0 to 4, or nothing.")
        }
        EditError::NotAnAmount { text } => format!("`{text}` is not an amount; write a number."),
        EditError::NotACurrency { text } => {
            format!("`{text}` is not a currency code; write three letters, such as USD.")
        }
        EditError::EndsBeforeStart { start, end } => {
            format!("The end ({end}) would come before the start ({start}).")
        }
        EditError::UnknownWorkstream { id, nearest: n } => {
            format!(
                "`{id}` is not a workstream of the questionnaire{}.",
                nearest(n)
            )
        }
        EditError::UnknownIndicator { id, nearest: n } => {
            format!(
                "`{id}` is not an indicator of the questionnaire{}.",
                nearest(n)
            )
        }
        EditError::AreaInIndicatorTargets { id } => {
            format!("`{id}` is an area: set its target on its own line above.")
        }
        EditError::NotATargetLine { line, text } => {
            format!("Line {line}, `{text}`, is not `ID: level`.")
        }
        EditError::NoSuchItem => "That item no longer exists.".into(),
        EditError::StakeholderInUse { id, answers } => format!(
            "{id} is the source of {} answer{} ({}); mark the meeting not met instead, or remove those sources first.",
            answers.len(),
            plural(answers.len(), "", "s"),
            answers.join(", ")
        ),
    }
}

/// A stakeholder on one line: `S1 Ministry of Justice, Deputy Director (Ms L. Harrouche), met 2027-02-08 in Seyra`.
pub fn stakeholder_line(s: &Stakeholder) -> String {
    let mut out = format!(
        "{} {}",
        s.id,
        if s.institution.is_empty() {
            "(no institution yet)"
        } else {
            &s.institution
        }
    );
    if !s.function.is_empty() {
        let _ = write!(out, ", {}", s.function);
    }
    if !s.person.is_empty() {
        let _ = write!(out, " ({})", s.person);
    }
    if s.met {
        out.push_str(", met");
        if let Some(d) = s.date {
            let _ = write!(out, " {d}");
        }
        if !s.place.is_empty() {
            let _ = write!(out, " in {}", s.place);
        }
    } else {
        out.push_str(", not met");
        if !s.why_not.is_empty() {
            let _ = write!(out, ": {}", s.why_not);
        }
    }
    out
}

/// A programme on one line.
pub fn programme_line(p: &Programme) -> String {
    let mut out = format!(
        "{} {}",
        p.id,
        if p.name.is_empty() {
            "(no name yet)"
        } else {
            &p.name
        }
    );
    if let Some(lead) = &p.lead {
        let _ = write!(out, ", led by {lead}");
    }
    if !p.workstreams.is_empty() {
        let _ = write!(out, " ({})", p.workstreams.join(", "));
    }
    if let Some(until) = p.until {
        let _ = write!(out, " until {until}");
    }
    out
}

/// A fund on one line.
pub fn fund_line(f: &Fund) -> String {
    let mut out = format!(
        "{} {}",
        f.id,
        if f.source.is_empty() {
            "(no source yet)"
        } else {
            &f.source
        }
    );
    if let Some(amount) = f.amount {
        let _ = write!(out, ", {amount}");
        if let Some(c) = &f.currency {
            let _ = write!(out, " {c}");
        }
    }
    let _ = write!(out, ", {}", f.status.name());
    if !f.workstreams.is_empty() {
        let _ = write!(out, ", for {}", f.workstreams.join(", "));
    }
    out
}

/// A delivery window on one line.
pub fn window_line(w: &DeliveryWindow) -> String {
    let mut out = format!("{} to {}", w.from, w.to);
    if w.workstreams.is_empty() {
        out.push_str(", all workstreams");
    } else {
        let _ = write!(out, ", {}", w.workstreams.join(", "));
    }
    if !w.note.is_empty() {
        let _ = write!(out, ": {}", w.note.lines().next().unwrap_or_default());
    }
    out
}

/// How a source gave the information.
pub fn source_how(how: SourceHow) -> &'static str {
    match how {
        SourceHow::Document => "document seen",
        SourceHow::Oral => "stated orally",
        SourceHow::Observed => "observed",
        SourceHow::Desk => "desk review",
    }
}

/// An answer's source: `S1 Ministry of Justice, stated orally`.
pub fn answer_source(source: &AnswerSource, stakeholders: &[Stakeholder]) -> String {
    match &source.stakeholder {
        Some(id) => {
            let who = stakeholders
                .iter()
                .find(|s| &s.id == id)
                .map_or_else(|| id.clone(), |s| format!("{id} {}", s.institution));
            format!("{who}, {}", source_how(source.how))
        }
        None => source_how(source.how).to_string(),
    }
}

#[cfg(test)]
mod tests;
