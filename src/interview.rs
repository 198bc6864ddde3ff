//! The interview, independent of any screen: the current question,
//! navigation in any order, answering, notes and confidence, live skip
//! logic, progress, search and the review list. The TUI and the plain mode
//! both drive this; every change is reported so the caller can save it.

use std::collections::BTreeSet;

use jiff::Timestamp;

use crate::applicability;
use crate::questionnaire::{Kind, Question, Questionnaire, Section};
use crate::scoring::{self, Scores};
use crate::session::{Answer, Confidence, Session, Status, Value, value_fits};

/// How far the interview has come, in a section or overall. Answered and
/// to-confirm questions are counted apart: an unknown is not an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Applicable questions with an answer.
    pub answered: usize,
    /// Applicable questions marked unknown, to confirm.
    pub to_confirm: usize,
    /// Asked questions not marked not applicable: what is left to answer counts against these.
    pub applicable: usize,
    /// Questions asked (their condition holds or is undecided), not applicable ones included:
    /// the questions navigation visits.
    pub asked: usize,
}

impl Progress {
    fn add(self, other: Progress) -> Progress {
        Progress {
            answered: self.answered + other.answered,
            to_confirm: self.to_confirm + other.to_confirm,
            applicable: self.applicable + other.applicable,
            asked: self.asked + other.asked,
        }
    }
}

/// Why a question is on the review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReviewReason {
    RequiredUnanswered,
    ToConfirm,
    LowConfidence,
    Unanswered,
}

impl ReviewReason {
    pub fn label(self) -> &'static str {
        match self {
            ReviewReason::RequiredUnanswered => "required, unanswered",
            ReviewReason::ToConfirm => "to confirm",
            ReviewReason::LowConfidence => "low confidence",
            ReviewReason::Unanswered => "unanswered",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewItem {
    pub question: usize,
    pub reason: ReviewReason,
}

/// What changed in the session since the last [`Interview::take_changes`]:
/// all a copy of the session made earlier needs to catch up (the saver keeps
/// such a copy), without copying the whole session on every change.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    pub saves: u64,
    pub position: Option<String>,
    pub updated: Timestamp,
    /// Each answer that changed, as it is now (`None`: it was removed).
    pub answers: Vec<(String, Option<Answer>)>,
}

impl Changes {
    /// Brings `session` (an earlier copy) up to date.
    pub fn apply_to(self, session: &mut Session) {
        session.saves = self.saves;
        session.position = self.position;
        session.updated = self.updated;
        for (id, answer) in self.answers {
            match answer {
                Some(answer) => {
                    session.answers.insert(id, answer);
                }
                None => {
                    session.answers.remove(&id);
                }
            }
        }
    }
}

pub struct Interview {
    pub questionnaire: Questionnaire,
    pub session: Session,
    /// Questions whose answer changed since the last `take_changes`.
    changed: BTreeSet<usize>,
    /// Which conditions read which answers, to re-decide only what a change affects.
    graph: applicability::Graph,
    scores: Scores,
    /// Progress per section, then the total; the sections a change touches
    /// are counted again.
    progress: Vec<Progress>,
    current: usize,
}

impl Interview {
    /// Starts at the recorded position, or at the first question.
    pub fn new(questionnaire: Questionnaire, session: Session) -> Self {
        let graph = applicability::Graph::of(&questionnaire);
        let asked = applicability::applicable(&questionnaire, &session, &graph.order);
        let scores = scoring::score_with(&questionnaire, &session, asked);
        let current = session
            .position
            .as_deref()
            .and_then(|id| questionnaire.question_index(id))
            .unwrap_or(0);
        let mut interview = Self {
            questionnaire,
            session,
            changed: BTreeSet::new(),
            graph,
            scores,
            progress: Vec::new(),
            current,
        };
        interview.progress = interview.compute_progress();
        if !interview.is_asked(interview.current) {
            let here = interview.current;
            interview.current = interview
                .next_asked_from(here)
                .or_else(|| (0..here).rev().find(|&i| interview.is_asked(i)))
                .unwrap_or(0);
        }
        interview
    }

    pub fn current(&self) -> usize {
        self.current
    }

    pub fn question(&self) -> &Question {
        &self.questionnaire.questions[self.current]
    }

    pub fn section(&self) -> &Section {
        &self.questionnaire.sections[self.question().section]
    }

    pub fn answer(&self) -> Option<&Answer> {
        self.session.answer(&self.question().id)
    }

    pub fn answer_to(&self, question: usize) -> Option<&Answer> {
        self.session
            .answer(&self.questionnaire.questions[question].id)
    }

    /// The current answer's value, if it still fits the question.
    pub fn value(&self) -> Option<&Value> {
        let value = self.answer()?.value.as_ref()?;
        value_fits(self.question(), value).is_ok().then_some(value)
    }

    pub fn scores(&self) -> &Scores {
        &self.scores
    }

    pub fn is_asked(&self, question: usize) -> bool {
        self.scores.asked.get(question).copied().unwrap_or(false)
    }

    fn status(&self, question: usize) -> Option<Status> {
        self.answer_to(question).and_then(|a| a.status)
    }

    pub fn progress(&self) -> Progress {
        self.progress.last().copied().unwrap_or_default()
    }

    pub fn section_progress(&self, section: usize) -> Progress {
        self.progress[section]
    }

    /// The current question's place among the asked questions of its
    /// section (from 1), and how many are asked there: the same questions
    /// the sections list counts.
    pub fn position_in_section(&self) -> (usize, usize) {
        let range = self.section().questions.clone();
        let before = (range.start..self.current)
            .filter(|&i| self.is_asked(i))
            .count();
        (before + 1, self.progress[self.question().section].asked)
    }

    fn compute_progress(&self) -> Vec<Progress> {
        let mut all: Vec<Progress> = self
            .questionnaire
            .sections
            .iter()
            .map(|s| self.progress_of(s.questions.clone()))
            .collect();
        let total = all.iter().fold(Progress::default(), |t, p| t.add(*p));
        all.push(total);
        all
    }

    fn progress_of(&self, range: std::ops::Range<usize>) -> Progress {
        let mut progress = Progress::default();
        for i in range {
            if !self.is_asked(i) {
                continue;
            }
            progress.asked += 1;
            match self.status(i) {
                Some(Status::NotApplicable) => {}
                Some(Status::Answered | Status::PolicyChoice) => {
                    progress.applicable += 1;
                    progress.answered += 1;
                }
                Some(Status::Unknown) => {
                    progress.applicable += 1;
                    progress.to_confirm += 1;
                }
                None => progress.applicable += 1,
            }
        }
        progress
    }

    /// What changed since the last call (answers, position, the save
    /// counter), for a copy of the session made earlier to catch up.
    pub fn take_changes(&mut self) -> Changes {
        let answers = std::mem::take(&mut self.changed)
            .into_iter()
            .map(|i| {
                let id = self.questionnaire.questions[i].id.clone();
                let answer = self.session.answer(&id).cloned();
                (id, answer)
            })
            .collect();
        Changes {
            saves: self.session.saves,
            position: self.session.position.clone(),
            updated: self.session.updated,
            answers,
        }
    }

    // Navigation. Each returns true when the position changed.

    pub fn go_to(&mut self, question: usize) -> bool {
        if question >= self.questionnaire.questions.len() || question == self.current {
            return false;
        }
        self.current = question;
        self.session.position = Some(self.questionnaire.questions[question].id.clone());
        true
    }

    pub fn go_to_id(&mut self, id: &str) -> Result<bool, String> {
        let index = self
            .questionnaire
            .question_index(id)
            .or_else(|| {
                self.questionnaire
                    .questions
                    .iter()
                    .position(|q| q.id.eq_ignore_ascii_case(id))
            })
            .ok_or_else(|| {
                format!(
                    "there is no question `{id}`{}",
                    crate::problem::did_you_mean(
                        id,
                        self.questionnaire.questions.iter().map(|q| q.id.as_str())
                    )
                )
            })?;
        Ok(self.go_to(index))
    }

    fn next_asked_from(&self, from: usize) -> Option<usize> {
        (from + 1..self.questionnaire.questions.len()).find(|&i| self.is_asked(i))
    }

    pub fn next_question(&mut self) -> bool {
        self.next_asked_from(self.current)
            .is_some_and(|i| self.go_to(i))
    }

    pub fn previous_question(&mut self) -> bool {
        (0..self.current)
            .rev()
            .find(|&i| self.is_asked(i))
            .is_some_and(|i| self.go_to(i))
    }

    fn first_asked_in(&self, section: usize) -> Option<usize> {
        self.questionnaire.sections[section]
            .questions
            .clone()
            .find(|&i| self.is_asked(i))
    }

    pub fn next_section(&mut self) -> bool {
        let here = self.question().section;
        (here + 1..self.questionnaire.sections.len())
            .find_map(|s| self.first_asked_in(s))
            .is_some_and(|i| self.go_to(i))
    }

    pub fn previous_section(&mut self) -> bool {
        let here = self.question().section;
        let start = self.questionnaire.sections[here].questions.start;
        if self.current != start && self.first_asked_in(here).is_some_and(|i| i < self.current) {
            return self.first_asked_in(here).is_some_and(|i| self.go_to(i));
        }
        (0..here)
            .rev()
            .find_map(|s| self.first_asked_in(s))
            .is_some_and(|i| self.go_to(i))
    }

    pub fn go_to_section(&mut self, section: usize) -> bool {
        self.first_asked_in(section)
            .or_else(|| {
                self.questionnaire
                    .sections
                    .get(section)
                    .map(|s| s.questions.start)
            })
            .is_some_and(|i| self.go_to(i))
    }

    // Answering. Each returns true when the session changed.

    fn edit(&mut self, change: impl FnOnce(&mut Answer)) -> bool {
        let id = self.question().id.clone();
        let before = self.session.answer(&id).cloned();
        let now = Timestamp::now();
        let answer = self.session.answer_mut(&id, now);
        change(answer);
        let after = answer.clone();
        if after.is_blank() {
            self.session.answers.remove(&id);
        }
        let recorded = |a: &Answer| {
            (
                a.status,
                a.value.clone(),
                a.note.clone(),
                a.reason.clone(),
                a.confidence,
                a.sources.clone(),
            )
        };
        let changed = before.as_ref().map(recorded) != Some(recorded(&after));
        if changed {
            self.session.position = Some(id);
            self.changed.insert(self.current);
            self.rescore(self.current);
        } else if let Some(b) = before {
            // Nothing changed: keep the old time stamp.
            self.session.answers.insert(self.question().id.clone(), b);
        }
        changed
    }

    /// After the answer to `question` changed: re-decides the conditions
    /// that read it (and those that read them), then scores and counts
    /// again.
    fn rescore(&mut self, question: usize) {
        let affected = self.graph.affected_by(question);
        let mut touched = applicability::reapply(
            &self.questionnaire,
            &self.session,
            &affected,
            &mut self.scores.asked,
        );
        touched.push(question);
        scoring::update(
            &self.questionnaire,
            &self.session,
            &mut self.scores,
            &touched,
        );
        let mut sections: Vec<usize> = touched
            .iter()
            .map(|&q| self.questionnaire.questions[q].section)
            .collect();
        sections.sort_unstable();
        sections.dedup();
        for section in sections {
            self.progress[section] =
                self.progress_of(self.questionnaire.sections[section].questions.clone());
        }
        let total = self.questionnaire.sections.len();
        self.progress[total] = self.progress[..total]
            .iter()
            .fold(Progress::default(), |t, p| t.add(*p));
    }

    /// Records a value; it must suit the question (checked).
    pub fn set_value(&mut self, value: Value) -> Result<bool, String> {
        value_fits(self.question(), &value)?;
        Ok(self.edit(|a| {
            a.status = Some(Status::Answered);
            a.value = Some(value);
        }))
    }

    /// Removes the value (a text answer erased); a mark (unknown, not
    /// applicable), the note and the confidence stay.
    pub fn clear_value(&mut self) -> bool {
        self.edit(|a| {
            a.value = None;
            if a.status == Some(Status::Answered) {
                a.status = None;
            }
        })
    }

    /// Picks level `n` of a maturity question or choice number `n` (from 1)
    /// of a choice question (toggling it for a multi-choice question), or
    /// yes (1) / no (2).
    pub fn pick(&mut self, n: usize) -> Result<bool, String> {
        let question = self.question();
        let value = match &question.kind {
            Kind::Maturity { .. } => {
                let level = u8::try_from(n)
                    .ok()
                    .filter(|l| *l <= crate::questionnaire::MAX_LEVEL);
                Value::Level(level.ok_or_else(|| {
                    format!("levels run from 0 to {}", crate::questionnaire::MAX_LEVEL)
                })?)
            }
            Kind::Single { choices } => {
                let choice = n.checked_sub(1).and_then(|i| choices.get(i));
                Value::Choice(
                    choice
                        .ok_or_else(|| format!("choose 1 to {}", choices.len()))?
                        .id
                        .clone(),
                )
            }
            Kind::Multi { choices } => {
                let choice = n.checked_sub(1).and_then(|i| choices.get(i));
                let id = choice
                    .ok_or_else(|| format!("choose 1 to {}", choices.len()))?
                    .id
                    .clone();
                let mut chosen = match self.value() {
                    Some(Value::Choices(cs)) => cs.clone(),
                    _ => Vec::new(),
                };
                if let Some(at) = chosen.iter().position(|c| *c == id) {
                    chosen.remove(at);
                } else {
                    chosen.push(id);
                    // Keep the questionnaire's order of choices.
                    chosen.sort_by_key(|c| choices.iter().position(|k| k.id == *c));
                }
                Value::Choices(chosen)
            }
            Kind::YesNo => match n {
                1 => Value::YesNo(true),
                2 => Value::YesNo(false),
                _ => return Err("1 is yes, 2 is no".into()),
            },
            Kind::Number { .. } | Kind::Text | Kind::Date => {
                return Err("this question is answered by typing: press Enter on the screen, or write `value: ...` in plain mode".into());
            }
        };
        self.set_value(value)
    }

    /// Parses typed text into the value of a number, text or date question.
    pub fn parse_typed(&self, text: &str) -> Result<Value, String> {
        match &self.question().kind {
            Kind::Number { .. } => {
                let cleaned: String = text
                    .trim()
                    .chars()
                    .filter(|c| !matches!(c, ',' | '_' | ' '))
                    .collect();
                cleaned
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .map(Value::Number)
                    .ok_or_else(|| format!("`{}` is not a number", text.trim()))
            }
            Kind::Date => text
                .trim()
                .parse::<jiff::civil::Date>()
                .map(Value::Date)
                .map_err(|_| format!("`{}` is not a date; write YYYY-MM-DD", text.trim())),
            Kind::Text => Ok(Value::Text(text.to_string())),
            _ => Err("this question is answered by choosing, not typing".into()),
        }
    }

    /// Marks the question unknown (to confirm); again, clears the mark.
    pub fn toggle_unknown(&mut self) -> bool {
        self.toggle_status(Status::Unknown)
    }

    /// Marks the question not applicable; again, clears the mark.
    pub fn toggle_not_applicable(&mut self) -> bool {
        self.toggle_status(Status::NotApplicable)
    }

    fn toggle_status(&mut self, status: Status) -> bool {
        let current = self.answer().and_then(|a| a.status);
        self.edit(|a| {
            if current == Some(status) {
                a.status = if a.value.is_some() {
                    Some(Status::Answered)
                } else {
                    None
                };
            } else {
                a.status = Some(status);
            }
        })
    }

    /// Sets the status of the current answer (`None` clears it). A policy
    /// choice is accepted only where the question offers one
    /// (`policy_choice:`); returns false (nothing changed) otherwise.
    pub fn set_status(&mut self, status: Option<Status>) -> bool {
        if status == Some(Status::PolicyChoice) && self.question().policy_choice.is_none() {
            return false;
        }
        self.edit(|a| a.status = status)
    }

    /// Sets the reason of a deliberate policy choice on the current answer.
    pub fn set_reason(&mut self, reason: &str) -> bool {
        self.edit(|a| reason.clone_into(&mut a.reason))
    }

    /// Replaces the sources of the current answer.
    pub fn set_sources(&mut self, sources: Vec<crate::session::AnswerSource>) -> bool {
        self.edit(|a| a.sources = sources)
    }

    pub fn set_note(&mut self, note: &str) -> bool {
        self.edit(|a| note.clone_into(&mut a.note))
    }

    pub fn cycle_confidence(&mut self) -> bool {
        self.edit(|a| a.confidence = Confidence::cycle(a.confidence))
    }

    /// Questions whose id or text contains every word of the query (case-insensitive), asked first.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let language = self.questionnaire.fallback_language();
        let mut hits: Vec<usize> = self
            .questionnaire
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| {
                let haystack = format!("{} {}", q.id, q.text.get(language)).to_lowercase();
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .map(|(i, _)| i)
            .collect();
        hits.sort_by_key(|&i| !self.is_asked(i));
        hits
    }

    /// What to check before leaving: required questions unanswered, items to
    /// confirm, answers of low confidence, then other unanswered questions.
    pub fn review(&self) -> Vec<ReviewItem> {
        let mut items = Vec::new();
        for (i, question) in self.questionnaire.questions.iter().enumerate() {
            if !self.is_asked(i) {
                continue;
            }
            let answer = self.answer_to(i);
            let reason = match answer.and_then(|a| a.status) {
                Some(Status::Unknown) => Some(ReviewReason::ToConfirm),
                Some(Status::Answered)
                    if answer.and_then(|a| a.confidence) == Some(Confidence::Low) =>
                {
                    Some(ReviewReason::LowConfidence)
                }
                Some(Status::Answered | Status::NotApplicable | Status::PolicyChoice) => None,
                None if question.required => Some(ReviewReason::RequiredUnanswered),
                None => Some(ReviewReason::Unanswered),
            };
            if let Some(reason) = reason {
                items.push(ReviewItem {
                    question: i,
                    reason,
                });
            }
        }
        items.sort_by_key(|item| (item.reason, item.question));
        items
    }
}

#[cfg(test)]
mod tests;
