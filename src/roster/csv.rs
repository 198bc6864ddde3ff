//! A roster from the CSV an HR department exports: one row per expert,
//! lists in cells separated by `;` (`fr:fluent;en:working`,
//! `2027-01-01..2027-06-30;2027-09-01..2027-12-31`,
//! `Veridex ID Systems (supplier, FR)`). The rows are turned into a roster
//! file (one YAML line per cell, so that every line is known to come from
//! one cell) and that file goes through the same validation as a roster
//! written by hand; every problem, the CSV's own and the validation's, is
//! located as `file.csv:ROW:COLUMN (header): message`, all at once.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{EmployerKind, LegalTradition, Region, Roster, Sector, SectorInterest};
use crate::problem::did_you_mean;

/// The columns a roster CSV may have (after [`normalise`]), in the order
/// the roster format lists the fields.
pub const COLUMNS: [&str; 18] = [
    "id",
    "name",
    "gender",
    "sector",
    "organisation",
    "employer_kind",
    "sector_interest",
    "nationality",
    "residence",
    "regions",
    "languages",
    "legal_traditions",
    "expertise",
    "levels",
    "role",
    "prior_missions",
    "availability",
    "affiliations",
];

/// Columns every roster CSV must have.
pub const REQUIRED: [&str; 11] = [
    "id",
    "name",
    "sector",
    "organisation",
    "nationality",
    "residence",
    "regions",
    "languages",
    "legal_traditions",
    "expertise",
    "role",
];

/// Other spellings HR exports use for a column.
const ALIASES: [(&str, &str); 14] = [
    ("organization", "organisation"),
    ("employer", "organisation"),
    ("nationalities", "nationality"),
    ("country_of_residence", "residence"),
    ("region", "regions"),
    ("language", "languages"),
    ("legal_tradition", "legal_traditions"),
    ("tags", "expertise"),
    ("level", "levels"),
    ("sector_interests", "sector_interest"),
    ("affiliation", "affiliations"),
    ("windows", "availability"),
    ("missions", "prior_missions"),
    ("expert_id", "id"),
];

const ROLES: [&str; 3] = ["assessment", "delivery", "both"];
const LEVELS: [&str; 4] = ["policy", "legal", "operational", "technical"];
const PROFICIENCIES: [&str; 4] = ["native", "fluent", "working", "basic"];

/// A problem in a roster CSV: the row (the line where the record starts;
/// 1 is the header row), the column (from 1) and its header.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CsvProblem {
    /// 0: the file as a whole.
    pub row: u64,
    /// 0: the row as a whole.
    pub column: usize,
    pub header: String,
    pub message: String,
}

impl CsvProblem {
    /// `experts.csv:7:12 (languages): message`.
    pub fn display_in(&self, file: &str) -> String {
        match (self.row, self.column) {
            (0, _) => format!("{file}: {}", self.message),
            (row, 0) => format!("{file}:{row}: {}", self.message),
            (row, column) => format!("{file}:{row}:{column} ({}): {}", self.header, self.message),
        }
    }
}

/// What a CSV import gives: the roster (validated) and its file text.
#[derive(Debug)]
pub struct Imported {
    pub roster: Roster,
    /// The roster file, ready to write; it passes `tana validate`.
    pub yaml: String,
    /// Columns tana does not use (`Email`, `Phone`), ignored.
    pub notes: Vec<CsvProblem>,
}

/// Why nothing was imported: every problem, and the columns ignored.
#[derive(Debug)]
pub struct Rejected {
    pub problems: Vec<CsvProblem>,
    pub notes: Vec<CsvProblem>,
}

/// A header as a column name: lower case, spaces and dashes as `_`, the
/// usual other spellings mapped.
pub fn normalise(header: &str) -> String {
    let name: String = header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, column)| (*column).to_string())
}

/// The delimiter of the file, from its header line: `,` unless the header
/// holds `;` or tabs and no comma (spreadsheets set to some locales save
/// with `;`).
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c| header.matches(c).count();
    if count(',') > 0 {
        b','
    } else if count(';') > 0 {
        b';'
    } else if count('\t') > 0 {
        b'\t'
    } else {
        b','
    }
}

/// A JSON string, which YAML reads as the same text.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|i| quoted(i))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The items of a list cell, trimmed, empty ones dropped.
fn items(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The items of a list whose items never hold a comma (codes, words,
/// tags, windows): `;` or `,` separates them, whichever was typed.
fn items_any(cell: &str) -> Vec<String> {
    cell.split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A word of a closed vocabulary in the case the vocabulary writes it
/// (`Africa` → `africa`, `leg-draft` → `LEG-DRAFT`), or as it was typed
/// when it is none of them (validation then says so).
fn in_vocabulary<'a>(item: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    known
        .into_iter()
        .find(|k| k.eq_ignore_ascii_case(item))
        .map_or_else(|| item.to_string(), str::to_string)
}

/// A country code in capitals when it is two letters (`sn` → `SN`).
fn country(item: &str) -> String {
    if item.len() == 2 && item.chars().all(|c| c.is_ascii_alphabetic()) {
        item.to_ascii_uppercase()
    } else {
        item.to_string()
    }
}

/// The line on which a record whose position is the byte `at` of `text`
/// starts, from 1. The csv crate's own line count lags by one after
/// `\r\n` line ends (rust-csv#395), and its byte offset may still point at
/// the line end before the record, so the line is counted here from the
/// first byte at or after `at` that is not a line end.
fn line_at(text: &str, newlines: &[usize], at: u64) -> u64 {
    let at = usize::try_from(at).unwrap_or(usize::MAX).min(text.len());
    let start = text.as_bytes()[at..]
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .map_or(text.len(), |skip| at + skip);
    newlines.partition_point(|&n| n < start) as u64 + 1
}

/// Builds the roster file from the CSV text, then validates it as any
/// roster. `tags` is the expertise vocabulary (a CSV has none: the
/// built-in roster's, or another roster's).
#[allow(clippy::too_many_lines)] // one arm per column, in the roster format's order
pub fn import(
    text: &str,
    title: &str,
    tags: &BTreeMap<String, String>,
) -> Result<Imported, Rejected> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let row_of = |position: Option<&::csv::Position>| {
        position.map_or(0, |p| line_at(text, &newlines, p.byte()))
    };
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let reject = |problems: Vec<CsvProblem>, notes: Vec<CsvProblem>| Rejected { problems, notes };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(reject(
                vec![CsvProblem {
                    row: 1,
                    column: 0,
                    header: String::new(),
                    message: format!("the header row cannot be read: {e}"),
                }],
                notes,
            ));
        }
        None => {
            return Err(reject(
                vec![CsvProblem {
                    row: 0,
                    column: 0,
                    header: String::new(),
                    message:
                        "the file is empty; a roster CSV has a header row, then one row per expert"
                            .into(),
                }],
                notes,
            ));
        }
    };
    let headers: Vec<String> = header.iter().map(str::to_string).collect();
    let columns: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut suggested: Vec<&str> = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        if c.is_empty() && headers[i].trim().is_empty() {
            continue;
        }
        if !COLUMNS.contains(&c.as_str()) {
            // A near miss of a column is a typo whose cells would be lost:
            // an error. Anything else (`Email`, `Phone`) is a column an HR
            // export carries and tana does not use: ignored, with a note.
            match crate::problem::nearest(c, COLUMNS) {
                Some(near) => {
                    suggested.push(near);
                    problems.push(CsvProblem {
                        row: 1,
                        column: i + 1,
                        header: headers[i].clone(),
                        message: format!(
                            "`{}` is not a roster column; did you mean `{near}`? (columns: {})",
                            headers[i].trim(),
                            COLUMNS.join(", ")
                        ),
                    });
                }
                None => notes.push(CsvProblem {
                    row: 1,
                    column: i + 1,
                    header: headers[i].clone(),
                    message: format!(
                        "`{}` is not a roster column, so its cells are ignored (columns: {})",
                        headers[i].trim(),
                        COLUMNS.join(", ")
                    ),
                }),
            }
        } else if let Some(first) = index.get(c.as_str()) {
            problems.push(CsvProblem {
                row: 1,
                column: i + 1,
                header: headers[i].clone(),
                message: format!(
                    "the column `{c}` is given twice: first in column {}",
                    first + 1
                ),
            });
        } else {
            index.insert(COLUMNS.iter().find(|k| **k == c).copied().unwrap_or(""), i);
        }
    }
    let mut missing = false;
    for required in REQUIRED {
        if !index.contains_key(required) {
            missing = true;
            if suggested.contains(&required) {
                continue; // said with the header that is its near miss
            }
            problems.push(CsvProblem {
                row: 1,
                column: 0,
                header: String::new(),
                message: format!("the column `{required}` is missing; every expert needs it (see docs/roster-format.md)"),
            });
        }
    }
    // Without a required column no row can be checked; anything else
    // found in the header is reported with the rows' problems.
    if missing {
        return Err(reject(problems, notes));
    }

    // The roster file, and for each of its lines the cell it came from.
    let mut yaml = String::new();
    let mut origin: Vec<Option<(u64, usize)>> = vec![None];
    let mut line = |yaml: &mut String, text: &str, from: Option<(u64, usize)>| {
        yaml.push_str(text);
        yaml.push('\n');
        origin.push(from);
    };
    line(&mut yaml, "tana-roster: 1", None);
    line(&mut yaml, &format!("title: {}", quoted(title)), None);
    line(&mut yaml, "tags:", None);
    for (tag, description) in tags {
        line(
            &mut yaml,
            &format!("  {}: {}", quoted(tag), quoted(description)),
            None,
        );
    }
    line(&mut yaml, "experts:", None);
    let mut experts = 0;
    // Cells whose every item was refused here: validation's "lists no …"
    // on them would say the same twice.
    let mut emptied: Vec<(u64, usize)> = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = row_of(e.position());
                problems.push(CsvProblem {
                    row,
                    column: 0,
                    header: String::new(),
                    message: format!("the row cannot be read: {e}"),
                });
                continue;
            }
        };
        let row = row_of(record.position());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            problems.push(CsvProblem {
                row,
                column: 0,
                header: String::new(),
                message: format!(
                    "the row has {} cells but the header has {}; a cell holding the separator must be quoted",
                    record.len(),
                    headers.len()
                ),
            });
            continue;
        }
        experts += 1;
        let mut first = true;
        for column in COLUMNS {
            let Some(&i) = index.get(column) else {
                continue;
            };
            let cell = record.get(i).unwrap_or("").trim();
            let at = Some((row, i));
            let mut problem = |message: String| {
                problems.push(CsvProblem {
                    row,
                    column: i + 1,
                    header: headers[i].clone(),
                    message,
                });
            };
            let lead = if first { "  - " } else { "    " };
            let optional_empty = cell.is_empty() && !REQUIRED.contains(&column);
            if optional_empty {
                continue;
            }
            let value = match column {
                "sector" => {
                    let word = in_vocabulary(cell, Sector::NAMES);
                    if Sector::NAMES.contains(&word.as_str()) {
                        quoted(&word)
                    } else {
                        problem(format!(
                            "`{cell}` is not a sector{} (sectors: {})",
                            did_you_mean(cell, Sector::NAMES),
                            Sector::NAMES.join(", ")
                        ));
                        quoted(Sector::NAMES[0])
                    }
                }
                "role" => {
                    let word = in_vocabulary(cell, ROLES);
                    if ROLES.contains(&word.as_str()) {
                        quoted(&word)
                    } else {
                        problem(format!(
                            "`{cell}` is not a role{} (roles: {})",
                            did_you_mean(cell, ROLES),
                            ROLES.join(", ")
                        ));
                        quoted(ROLES[2])
                    }
                }
                "legal_traditions" | "levels" => {
                    let known: &[&str] = if column == "levels" {
                        &LEVELS
                    } else {
                        &LegalTradition::NAMES
                    };
                    let mut good = Vec::new();
                    for item in items_any(cell) {
                        let item = in_vocabulary(&item, known.iter().copied());
                        if known.contains(&item.as_str()) {
                            good.push(item);
                        } else {
                            problem(format!(
                                "`{item}` is not a {}{} ({}: {})",
                                if column == "levels" {
                                    "level"
                                } else {
                                    "legal tradition"
                                },
                                did_you_mean(&item, known.iter().copied()),
                                if column == "levels" {
                                    "levels"
                                } else {
                                    "traditions"
                                },
                                known.join(", ")
                            ));
                        }
                    }
                    if good.is_empty() && !cell.is_empty() {
                        emptied.push((row, i));
                    }
                    list(&good)
                }
                "nationality" => list(
                    &items_any(cell)
                        .iter()
                        .map(|c| country(c))
                        .collect::<Vec<_>>(),
                ),
                "residence" => quoted(&country(cell)),
                "employer_kind" => quoted(&in_vocabulary(cell, EmployerKind::NAMES)),
                "regions" => list(
                    &items_any(cell)
                        .iter()
                        .map(|r| in_vocabulary(r, Region::NAMES))
                        .collect::<Vec<_>>(),
                ),
                "sector_interest" => list(
                    &items_any(cell)
                        .iter()
                        .map(|r| in_vocabulary(r, SectorInterest::NAMES))
                        .collect::<Vec<_>>(),
                ),
                "expertise" => list(
                    &items_any(cell)
                        .iter()
                        .map(|t| in_vocabulary(t, tags.keys().map(String::as_str)))
                        .collect::<Vec<_>>(),
                ),
                "languages" => {
                    let mut pairs: Vec<(String, String)> = Vec::new();
                    for item in items_any(cell) {
                        let Some((code, level)) = item.split_once(':') else {
                            problem(format!(
                                "`{item}` is not LANGUAGE:LEVEL, such as `fr:fluent` (levels: {})",
                                PROFICIENCIES.join(", ")
                            ));
                            continue;
                        };
                        let code = code.trim();
                        // `EN` is `en`; any other wrong code is left for
                        // validation to name what to write.
                        let code = match crate::iso639::check(code) {
                            Err(crate::iso639::Fault::Case { meant }) => meant,
                            _ => code.to_string(),
                        };
                        let level = in_vocabulary(level.trim(), PROFICIENCIES);
                        let level = level.as_str();
                        if !PROFICIENCIES.contains(&level) {
                            problem(format!(
                                "`{level}` is not a language level{} (levels: {})",
                                did_you_mean(level, PROFICIENCIES),
                                PROFICIENCIES.join(", ")
                            ));
                            continue;
                        }
                        if pairs.iter().any(|(c, _)| *c == code) {
                            problem(format!("the language `{code}` is listed twice"));
                            continue;
                        }
                        pairs.push((code, level.to_string()));
                    }
                    if pairs.is_empty() && !cell.is_empty() {
                        emptied.push((row, i));
                    }
                    format!(
                        "{{{}}}",
                        pairs
                            .iter()
                            .map(|(c, l)| format!("{}: {}", quoted(c), quoted(l)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
                "prior_missions" => {
                    if cell.parse::<u32>().is_ok() {
                        cell.to_string()
                    } else {
                        problem(format!("`{cell}` is not a whole number of missions"));
                        "0".into()
                    }
                }
                "availability" => {
                    let mut windows = Vec::new();
                    for item in items_any(cell) {
                        match item.split_once("..") {
                            Some((from, to)) => windows.push(format!(
                                "{{from: {}, to: {}}}",
                                quoted(from.trim()),
                                quoted(to.trim())
                            )),
                            None => problem(format!(
                                "`{item}` is not FROM..TO, such as `2027-01-01..2027-06-30`"
                            )),
                        }
                    }
                    format!("[{}]", windows.join(", "))
                }
                "affiliations" => {
                    let mut out = Vec::new();
                    for item in items(cell) {
                        match affiliation(&item) {
                            Some((organisation, kind, country)) => {
                                let country = country
                                    .map(|c| format!(", country: {}", quoted(&self::country(&c))))
                                    .unwrap_or_default();
                                let kind = in_vocabulary(&kind, super::validate::AFFILIATION_KINDS);
                                out.push(format!(
                                    "{{organisation: {}, kind: {}{country}}}",
                                    quoted(&organisation),
                                    quoted(&kind)
                                ));
                            }
                            None => problem(format!(
                                "`{item}` is not ORGANISATION (KIND) or ORGANISATION (KIND, COUNTRY), such as `Veridex ID Systems (supplier, FR)`"
                            )),
                        }
                    }
                    format!("[{}]", out.join(", "))
                }
                _ => quoted(cell),
            };
            line(&mut yaml, &format!("{lead}{column}: {value}"), at);
            first = false;
        }
    }
    if experts == 0 && problems.is_empty() {
        problems.push(CsvProblem {
            row: 0,
            column: 0,
            header: String::new(),
            message: "the file has a header row but no expert".into(),
        });
    }
    // The same validation as a roster written by hand; its problems are
    // put back on the cells their lines came from.
    match Roster::from_source(&yaml) {
        Ok(roster) if problems.is_empty() => Ok(Imported {
            roster,
            yaml,
            notes,
        }),
        Ok(_) => Err(reject(sorted(problems), notes)),
        Err(found) => {
            for p in found {
                let from = usize::try_from(p.line)
                    .ok()
                    .and_then(|l| origin.get(l).copied().flatten());
                if from.is_some_and(|cell| emptied.contains(&cell)) {
                    continue;
                }
                let message = rows_for_lines(&p.message, &origin);
                problems.push(match from {
                    Some((row, i)) => CsvProblem {
                        row,
                        column: i + 1,
                        header: headers[i].clone(),
                        message,
                    },
                    None => CsvProblem {
                        row: 0,
                        column: 0,
                        header: String::new(),
                        message,
                    },
                });
            }
            Err(reject(sorted(problems), notes))
        }
    }
}

/// A validation message names places in the roster file (`first at line
/// 8, column 9`); the reader knows the CSV's rows: `first in row 2`.
fn rows_for_lines(message: &str, origin: &[Option<(u64, usize)>]) -> String {
    const AT: &str = "first at line ";
    let Some(start) = message.find(AT) else {
        return message.to_string();
    };
    let rest = &message[start + AT.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let Some(row) = digits
        .parse::<usize>()
        .ok()
        .and_then(|l| origin.get(l).copied().flatten())
        .map(|(row, _)| row)
    else {
        return message.to_string();
    };
    let after = &rest[digits.len()..];
    let after = after.strip_prefix(", column ").map_or(after, |a| {
        a.trim_start_matches(|c: char| c.is_ascii_digit())
    });
    format!("{}first in row {row}{after}", &message[..start])
}

fn sorted(mut problems: Vec<CsvProblem>) -> Vec<CsvProblem> {
    problems.sort_by_key(|p| (p.row, p.column));
    problems.dedup();
    problems
}

/// `Veridex ID Systems (supplier, FR)` → (organisation, kind, country).
fn affiliation(item: &str) -> Option<(String, String, Option<String>)> {
    let (organisation, rest) = item.rsplit_once('(')?;
    let inside = rest.trim().strip_suffix(')')?;
    let mut parts = inside.split(',').map(str::trim);
    let kind = parts.next().filter(|k| !k.is_empty())?.to_string();
    let country = parts.next().map(str::to_string);
    if parts.next().is_some() || organisation.trim().is_empty() {
        return None;
    }
    Some((organisation.trim().to_string(), kind, country))
}

/// The header comment of a roster file imported from `file`.
pub fn file_header(file: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# tana roster imported from {file} by `tana import --roster`; the expertise vocabulary (tags) is the one named at import."
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags() -> BTreeMap<String, String> {
        crate::roster::Roster::embedded().tags
    }

    const GOOD: &str = "\u{feff}ID,Name,Gender,Sector,Organization,Nationality,Residence,Regions,Languages,Legal traditions,Expertise,Role,Availability,Affiliations,Prior missions
EX-1,Ama Test,female,public,Ministry of Justice,NO,NO,africa;western-europe-others,en:native;fr:working,common;civil,LEG-DRAFT,both,2027-01-01..2027-06-30;2027-09-01..2027-12-31,\"Veridex ID Systems (supplier, FR); Statens vegvesen (government, NO)\",3
EX-2,Bo Test,,private,\"Bank, plc\",KE;GB,KE,africa,en:fluent,common,LEG-DRAFT,assessment,,,
";

    #[test]
    fn a_good_csv_gives_the_roster_a_yaml_file_would() {
        let imported = import(GOOD, "HR export", &tags()).unwrap();
        let roster = &imported.roster;
        assert_eq!(roster.experts.len(), 2);
        let e = &roster.experts[0];
        assert_eq!(e.nationality, ["NO"], "Norway stays NO");
        assert_eq!(e.languages.len(), 2);
        assert_eq!(e.availability.len(), 2);
        assert_eq!(e.affiliations[0].organisation, "Veridex ID Systems");
        assert_eq!(e.affiliations[0].country.as_deref(), Some("FR"));
        assert_eq!(e.affiliations[1].kind, "government");
        assert_eq!(e.prior_missions, 3);
        assert_eq!(e.gender.as_deref(), Some("female"));
        assert_eq!(roster.experts[1].organisation, "Bank, plc");
        assert_eq!(roster.experts[1].nationality, ["KE", "GB"]);
        assert!(roster.experts[1].availability.is_empty());
        // The file written is a roster that loads as the same.
        let again = Roster::from_source(&imported.yaml).unwrap();
        assert_eq!(again.experts.len(), 2);
        assert_eq!(again.experts[0].languages, e.languages);
    }

    #[test]
    fn semicolon_separated_files_are_read() {
        let text = "id;name;sector;organisation;nationality;residence;regions;languages;legal_traditions;expertise;role\nEX-1;A;public;M;KE;KE;\"africa;asia-pacific\";\"en:fluent;sw:native\";common;LEG-DRAFT;both\n";
        let roster = import(text, "t", &tags()).unwrap().roster;
        assert_eq!(roster.experts[0].regions.len(), 2);
    }

    fn shown(found: &[CsvProblem]) -> Vec<String> {
        found.iter().map(|p| p.display_in("x.csv")).collect()
    }

    const BAD: &str = "id,name,sector,organisation,nationality,residence,regions,languages,legal_traditions,expertise,role,availability,colour
EX-1,A,pubic,M,Kenya,KE,afrika,en:fluant,comon,LEG-DRAF,bith,2027-01-01/2027-02-01,red
EX-1,B,public,M,KE,KE,africa,en,common,LEG-DRAFT,both,2027-13-01..2027-02-01,
";

    /// Every problem of [`BAD`], as `x.csv:ROW:COLUMN (header): …` starts.
    const BAD_PROBLEMS: [&str; 11] = [
        "x.csv:2:3 (sector): `pubic` is not a sector; did you mean `public`?",
        "x.csv:2:5 (nationality): `Kenya` is not a country code",
        "x.csv:2:7 (regions): `afrika` is not a region; did you mean `africa`?",
        "x.csv:2:8 (languages): `fluant` is not a language level; did you mean `fluent`?",
        "x.csv:2:9 (legal_traditions): `comon` is not a legal tradition; did you mean `common`?",
        "x.csv:2:10 (expertise): `LEG-DRAF` is not in the roster's `tags`; did you mean `LEG-DRAFT`?",
        "x.csv:2:11 (role): `bith` is not a role; did you mean `both`?",
        "x.csv:2:12 (availability): `2027-01-01/2027-02-01` is not FROM..TO",
        "x.csv:3:1 (id): the expert id `EX-1` is used twice: first in row 2, again here",
        "x.csv:3:8 (languages): `en` is not LANGUAGE:LEVEL",
        "x.csv:3:12 (availability): `2027-13-01` is not a date",
    ];

    fn assert_bad_problems(found: &Rejected) {
        let text = shown(&found.problems);
        for needle in BAD_PROBLEMS {
            assert!(
                text.iter().any(|t| t.starts_with(needle)),
                "{needle}\n{text:#?}"
            );
        }
        assert_eq!(
            text.len(),
            BAD_PROBLEMS.len(),
            "no problem twice on one cell: {text:#?}"
        );
    }

    #[test]
    fn every_problem_at_once_on_its_cell() {
        // A column tana does not use is ignored with a located note; the
        // rows are all checked.
        let found = import(BAD, "t", &tags()).unwrap_err();
        assert_bad_problems(&found);
        let notes = shown(&found.notes);
        assert_eq!(notes.len(), 1, "{notes:#?}");
        assert!(
            notes[0].starts_with(
                "x.csv:1:13 (colour): `colour` is not a roster column, so its cells are ignored"
            ),
            "{notes:#?}"
        );
    }

    #[test]
    fn crlf_line_ends_and_a_byte_order_mark_keep_every_row_and_column() {
        // Excel's "CSV UTF-8": a BOM and CRLF line ends (the csv crate's
        // own line count is one behind there, rust-csv#395).
        let crlf = BAD.replace('\n', "\r\n");
        assert_bad_problems(&import(&crlf, "t", &tags()).unwrap_err());
        let bom = format!("\u{feff}{crlf}");
        assert_bad_problems(&import(&bom, "t", &tags()).unwrap_err());
        assert_bad_problems(&import(&format!("\u{feff}{BAD}"), "t", &tags()).unwrap_err());
        // Blank lines and a quoted cell over two lines: the row is the line
        // where the record starts.
        let spaced = BAD
            .replacen('\n', "\r\n\r\n", 1)
            .replace("EX-1,B,", "\"EX-1\",\"B\r\nsecond line\",");
        let text = shown(&import(&spaced, "t", &tags()).unwrap_err().problems);
        assert!(
            text.iter()
                .any(|t| t.starts_with("x.csv:3:3 (sector): `pubic`")),
            "{text:#?}"
        );
        assert!(
            text.iter().any(|t| t
                .starts_with("x.csv:4:1 (id): the expert id `EX-1` is used twice: first in row 3")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("x.csv:4:12 (availability): `2027-13-01`")),
            "{text:#?}"
        );
        let ragged = format!("{crlf}EX-3,too,few\r\n");
        let text = shown(&import(&ragged, "t", &tags()).unwrap_err().problems);
        assert!(
            text.iter()
                .any(|t| t.starts_with("x.csv:4: the row has 3 cells")),
            "{text:#?}"
        );
    }

    #[test]
    fn a_near_miss_of_a_column_is_an_error_said_with_the_rows_problems() {
        let bad = BAD
            .replace(",availability,colour", ",availabilty,Email")
            .replace(",2027-13-01..2027-02-01,", ",2027-01-01..2027-02-01,");
        let found = import(&bad, "t", &tags()).unwrap_err();
        let text = shown(&found.problems);
        assert!(
            text[0].starts_with(
                "x.csv:1:12 (availabilty): `availabilty` is not a roster column; did you mean `availability`?"
            ),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.starts_with("x.csv:2:3 (sector): `pubic`")),
            "the rows are checked too: {text:#?}"
        );
        assert!(shown(&found.notes)[0].starts_with(
            "x.csv:1:13 (Email): `Email` is not a roster column, so its cells are ignored"
        ));
        // A near miss of a required column is said once, not also as missing.
        let found = import(&BAD.replace(",languages,", ",langauges,"), "t", &tags()).unwrap_err();
        let text = shown(&found.problems);
        assert_eq!(text.len(), 1, "{text:#?}");
        assert!(text[0].contains("did you mean `languages`?"), "{text:#?}");
    }

    #[test]
    fn an_hr_export_with_extra_columns_imports_with_notes() {
        let text = GOOD
            .replace("Prior missions\n", "Prior missions,Email,Phone\n")
            .replace(",3\n", ",3,ama@example.org,+254 1\n")
            .replace("assessment,,,\n", "assessment,,,,bo@example.org,\n");
        let imported = import(&text, "t", &tags()).unwrap();
        assert_eq!(imported.roster.experts.len(), 2);
        let notes = shown(&imported.notes);
        assert_eq!(notes.len(), 2, "{notes:#?}");
        assert!(notes[0].starts_with("x.csv:1:16 (Email): "), "{notes:#?}");
        assert!(notes[1].starts_with("x.csv:1:17 (Phone): "), "{notes:#?}");
        assert!(
            !imported.yaml.contains("example.org"),
            "ignored cells are not written"
        );
    }

    #[test]
    fn spreadsheet_capitals_and_commas_are_read_as_meant() {
        let text = "ID,Name,Sector,Organisation,Employer kind,Sector interest,Nationality,Residence,Regions,Languages,Legal traditions,Expertise,Levels,Role,Affiliations
EX-1,A,Public,M,Supplier,Banking;Telecom,sn,ke,\"Africa, Asia-Pacific\",\"EN:Fluent, fr:Native;PT-br:working\",Common,\"leg-draft, Stats\",Legal;Policy,Both,\"Veridex (Supplier, fr)\"
";
        let imported = import(text, "t", &tags()).unwrap();
        let e = &imported.roster.experts[0];
        assert_eq!(e.sector, Sector::Public);
        assert_eq!(e.role, super::super::Role::Both);
        assert_eq!(e.employer_kind, Some(EmployerKind::Supplier));
        assert_eq!(e.sector_interest.len(), 2);
        assert_eq!(e.nationality, ["SN"]);
        assert_eq!(e.residence, "KE");
        assert_eq!(e.regions, [Region::Africa, Region::AsiaPacific]);
        assert_eq!(
            e.languages,
            [
                ("en".to_string(), super::super::Proficiency::Fluent),
                ("fr".to_string(), super::super::Proficiency::Native),
                ("pt-BR".to_string(), super::super::Proficiency::Working),
            ]
        );
        assert_eq!(e.legal_traditions, [LegalTradition::Common]);
        assert_eq!(e.expertise, ["LEG-DRAFT", "STATS"]);
        assert_eq!(e.levels.len(), 2);
        assert_eq!(e.affiliations[0].kind, "supplier");
        assert_eq!(e.affiliations[0].country.as_deref(), Some("FR"));
        assert!(
            Roster::from_source(&imported.yaml).is_ok(),
            "written in canonical form"
        );
    }

    #[test]
    fn language_codes_are_checked_on_their_cell() {
        let text = "id,name,sector,organisation,nationality,residence,regions,languages,legal_traditions,expertise,role
EX-1,A,public,M,KE,KE,africa,sv:native;english:fluent;xx:working;eng:basic;Englsh:basic,common,LEG-DRAFT,both
";
        let text = shown(&import(text, "t", &tags()).unwrap_err().problems);
        assert_eq!(
            text,
            [
                "x.csv:2:8 (languages): `english` is not a language code; write its ISO 639-1 code in lower case: `en`",
                "x.csv:2:8 (languages): `xx` is not an ISO 639-1 language code; write the two-letter code in lower case, such as `en`, `fr` or `ar`",
                "x.csv:2:8 (languages): `eng` is a three-letter code of a language that has a two-letter one; write `en`",
                "x.csv:2:8 (languages): `Englsh` is not an ISO 639-1 language code; did you mean `en`?",
            ]
        );
    }

    #[test]
    fn affiliations_are_read_with_or_without_a_country() {
        assert_eq!(
            affiliation("Ministry of Interior (Examplia) (government, XE)"),
            Some((
                "Ministry of Interior (Examplia)".into(),
                "government".into(),
                Some("XE".into())
            ))
        );
        assert_eq!(
            affiliation("UNODC (international)"),
            Some(("UNODC".into(), "international".into(), None))
        );
        assert_eq!(affiliation("UNODC"), None);
        assert_eq!(affiliation("(supplier)"), None);
    }
}
