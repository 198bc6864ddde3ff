//! Problems found in a file a person wrote by hand: each carries the line and
//! column where it was found and a message worded for the person who must fix
//! it. Loaders collect every problem instead of stopping at the first.

use std::fmt;
use std::path::Path;

use serde::Serialize;

/// One located problem in a file (lines and columns count from 1; 0 means
/// "the file as a whole").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl Problem {
    pub fn new(line: u64, column: u64, message: impl Into<String>) -> Self {
        Self {
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem with the file as a whole (no meaningful position).
    pub fn whole_file(message: impl Into<String>) -> Self {
        Self::new(0, 0, message)
    }

    pub fn at(location: Loc, message: impl Into<String>) -> Self {
        Self::new(location.line, location.column, message)
    }

    /// Renders as `file:line:col: message` (or `file: message` for a whole-file problem).
    pub fn display_in<'a>(&'a self, file: &'a Path) -> impl fmt::Display + 'a {
        DisplayIn {
            problem: self,
            file,
        }
    }
}

struct DisplayIn<'a> {
    problem: &'a Problem,
    file: &'a Path,
}

impl fmt::Display for DisplayIn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Problem {
            line,
            column,
            message,
        } = self.problem;
        if *line == 0 {
            write!(f, "{}: {message}", self.file.display())
        } else {
            write!(f, "{}:{line}:{column}: {message}", self.file.display())
        }
    }
}

/// A position in a source file, copied out of the YAML parser's spans so that
/// the validated model does not depend on the parser's types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Loc {
    pub line: u64,
    pub column: u64,
}

impl Loc {
    pub const UNKNOWN: Loc = Loc { line: 0, column: 0 };

    pub fn new(line: u64, column: u64) -> Self {
        Self { line, column }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// An ordered collection of problems for one file.
#[derive(Debug, Default, Clone)]
pub struct Problems(Vec<Problem>);

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    pub fn add(&mut self, at: Loc, message: impl Into<String>) {
        self.push(Problem::at(at, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems in file order (stable for problems at the same place).
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.0.sort_by_key(|p| (p.line, p.column));
        self.0
    }
}

impl Extend<Problem> for Problems {
    fn extend<T: IntoIterator<Item = Problem>>(&mut self, iter: T) {
        self.0.extend(iter);
    }
}

/// The error returned by a loader: every problem found in one file.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} has {} problem{}", file.display(), problems.len(), if problems.len() == 1 { "" } else { "s" })]
pub struct FileProblems {
    pub file: std::path::PathBuf,
    pub problems: Vec<Problem>,
}

impl FileProblems {
    pub fn new(file: &Path, problems: Vec<Problem>) -> Self {
        Self {
            file: file.to_path_buf(),
            problems,
        }
    }

    /// Every problem on its own line, `file:line:col: message`.
    pub fn render(&self) -> String {
        use fmt::Write as _;
        let mut out = String::new();
        for p in &self.problems {
            let _ = writeln!(out, "{}", p.display_in(&self.file));
        }
        out
    }
}

/// The closest candidate to a misspelled word, if one is close enough to be a
/// plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, c)| *distance <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` when a near candidate exists, else the empty string.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_a_typo() {
        let fields = ["id", "text", "required", "guidance"];
        assert_eq!(nearest("requird", fields), Some("required"));
        assert_eq!(nearest("guidence", fields), Some("guidance"));
        assert_eq!(nearest("colour", fields), None);
    }

    #[test]
    fn whole_file_problem_has_no_position() {
        let p = Problem::whole_file("empty file");
        assert_eq!(
            p.display_in(Path::new("q.yaml")).to_string(),
            "q.yaml: empty file"
        );
        let p = Problem::new(3, 7, "bad");
        assert_eq!(
            p.display_in(Path::new("q.yaml")).to_string(),
            "q.yaml:3:7: bad"
        );
    }
}
