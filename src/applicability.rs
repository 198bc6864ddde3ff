//! Which questions are asked, given the answers so far: every skip condition
//! evaluated with three-valued logic, in dependency order, so that a test on
//! a question that is itself skipped is decided (false), not undecided.

use crate::questionnaire::Questionnaire;
use crate::questionnaire::condition::{Expr, Literal, StateTest};
use crate::session::{Answer, Session, Status, Value};

/// The order in which conditions can be evaluated: every question after the
/// questions its condition reads (conditions have no cycles; validation
/// guarantees it).
pub fn evaluation_order(questionnaire: &Questionnaire) -> Vec<usize> {
    let n = questionnaire.questions.len();
    let mut order = Vec::with_capacity(n);
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some((node, edge)) = stack.last().copied() {
            let deps = dependencies(questionnaire, node);
            if let Some(&next) = deps.get(edge) {
                stack.last_mut().expect("not empty").1 += 1;
                if state[next] == 0 {
                    state[next] = 1;
                    stack.push((next, 0));
                }
            } else {
                state[node] = 2;
                order.push(node);
                stack.pop();
            }
        }
    }
    order
}

fn dependencies(questionnaire: &Questionnaire, question: usize) -> Vec<usize> {
    questionnaire.questions[question]
        .when
        .as_ref()
        .map(|expr| {
            expr.references()
                .into_iter()
                .filter_map(|(id, _)| questionnaire.question_index(id))
                .collect()
        })
        .unwrap_or_default()
}

/// Computes, for every question, whether it is asked.
pub fn applicable(questionnaire: &Questionnaire, session: &Session, order: &[usize]) -> Vec<bool> {
    let mut asked = vec![true; questionnaire.questions.len()];
    reapply(questionnaire, session, order, &mut asked);
    asked
}

/// Decides again whether each of `questions` (in evaluation order) is
/// asked, given the rest of `asked`; returns those whose answer changed.
pub fn reapply(
    questionnaire: &Questionnaire,
    session: &Session,
    questions: &[usize],
    asked: &mut [bool],
) -> Vec<usize> {
    let mut changed = Vec::new();
    for &i in questions {
        if let Some(expr) = &questionnaire.questions[i].when {
            let facts = |test: &Expr| decide(questionnaire, session, asked, test);
            let now = expr.eval(&facts) != Some(false);
            if asked[i] != now {
                asked[i] = now;
                changed.push(i);
            }
        }
    }
    changed
}

/// The condition graph, known once the questionnaire is loaded: the order
/// conditions are evaluated in, and for each question the questions whose
/// condition reads it. A changed answer re-decides only what depends on it.
#[derive(Debug, Clone)]
pub struct Graph {
    pub order: Vec<usize>,
    /// Each question's place in `order`.
    rank: Vec<usize>,
    /// The questions whose condition reads each question.
    dependents: Vec<Vec<usize>>,
}

impl Graph {
    pub fn of(questionnaire: &Questionnaire) -> Graph {
        let order = evaluation_order(questionnaire);
        let n = questionnaire.questions.len();
        let mut rank = vec![0; n];
        for (place, &question) in order.iter().enumerate() {
            rank[question] = place;
        }
        let mut dependents = vec![Vec::new(); n];
        for question in 0..n {
            for read in dependencies(questionnaire, question) {
                if !dependents[read].contains(&question) {
                    dependents[read].push(question);
                }
            }
        }
        Graph {
            order,
            rank,
            dependents,
        }
    }

    /// The questions whose condition reads `question`, directly or through
    /// other conditions, in evaluation order: the only ones whose
    /// applicability a change to its answer can change.
    pub fn affected_by(&self, question: usize) -> Vec<usize> {
        if self.dependents[question].is_empty() {
            return Vec::new();
        }
        let mut visited = vec![false; self.rank.len()];
        visited[question] = true;
        let mut seen = vec![question];
        let mut next = 0;
        while next < seen.len() {
            for &d in &self.dependents[seen[next]] {
                if !visited[d] {
                    visited[d] = true;
                    seen.push(d);
                }
            }
            next += 1;
        }
        let mut affected: Vec<usize> = seen.into_iter().skip(1).collect();
        affected.sort_by_key(|&q| self.rank[q]);
        affected
    }
}

/// Evaluates a condition over the answers (three-valued: `None` when it
/// cannot be decided yet), given which questions are asked. Used for need
/// rule conditions, which count only when decidedly true.
pub fn evaluate(
    questionnaire: &Questionnaire,
    session: &Session,
    asked: &[bool],
    expr: &Expr,
) -> Option<bool> {
    expr.eval(&|test: &Expr| decide(questionnaire, session, asked, test))
}

/// Decides one test; `None` when it cannot be decided yet.
fn decide(
    questionnaire: &Questionnaire,
    session: &Session,
    asked: &[bool],
    test: &Expr,
) -> Option<bool> {
    let (id, _) = *test.references().first()?;
    let index = questionnaire.question_index(id)?;
    if !asked[index] {
        // A skipped question has no answer and will get none: decided, never true.
        return Some(false);
    }
    let answer = session.answer(id);
    let status = answer.and_then(|a| a.status);
    match test {
        Expr::Is { state, .. } => Some(match state {
            StateTest::Answered => status == Some(Status::Answered),
            StateTest::Unknown => status == Some(Status::Unknown),
            StateTest::NotApplicable => status == Some(Status::NotApplicable),
        }),
        Expr::Compare { op, value, .. } => {
            let value_now = answered_value(answer)?;
            let question = &questionnaire.questions[index];
            match (value_now, value) {
                (Value::Level(l), Literal::Number(n)) => Some(op.compare(&f64::from(*l), n)),
                (Value::Choice(c), Literal::Name(name)) => {
                    Some(op.compare(&c.as_str(), &name.as_str()))
                }
                (Value::Choice(c), Literal::Number(n)) => {
                    let score = question.choice(c)?.score?;
                    Some(op.compare(&score, n))
                }
                (Value::YesNo(b), Literal::Name(name)) => {
                    Some(op.compare(&(if *b { "yes" } else { "no" }), &name.as_str()))
                }
                (Value::Number(x), Literal::Number(n)) => Some(op.compare(x, n)),
                (Value::Text(t), Literal::Name(name)) => {
                    Some(op.compare(&t.as_str(), &name.as_str()))
                }
                (Value::Date(d), Literal::Name(name)) => {
                    let other: jiff::civil::Date = name.parse().ok()?;
                    Some(op.compare(d, &other))
                }
                _ => None,
            }
        }
        Expr::Has { choice, .. } => match answered_value(answer)? {
            Value::Choices(cs) => Some(cs.iter().any(|c| c == choice)),
            Value::Choice(c) => Some(c == choice),
            _ => None,
        },
        Expr::Or(_) | Expr::And(_) | Expr::Not(_) => None,
    }
}

fn answered_value(answer: Option<&Answer>) -> Option<&Value> {
    let answer = answer?;
    if answer.status == Some(Status::Answered) {
        answer.value.as_ref()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "tana-questionnaire: 1
id: t
version: \"1\"
title: T
sections:
  - id: A
    title: A
    questions:
      - id: A.1
        kind: maturity
        text: T
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
      - id: A.2
        kind: maturity
        text: T
        when: A.1 >= 2
        levels: {0: a, 1: b, 2: c, 3: d, 4: e}
      - id: A.3
        kind: yesno
        text: T
        when: A.2 >= 1 or A.4 == yes
      - id: A.4
        kind: yesno
        text: T
";

    use crate::testing::record as set;

    #[test]
    fn undecided_conditions_ask_and_false_ones_skip_transitively() {
        let q = Questionnaire::from_source(SOURCE).unwrap();
        let order = evaluation_order(&q);
        let mut s = crate::testing::blank_session(&q);
        assert_eq!(
            applicable(&q, &s, &order),
            vec![true, true, true, true],
            "nothing answered: ask everything"
        );
        set(&mut s, "A.1", Status::Answered, Some(Value::Level(1)));
        set(&mut s, "A.2", Status::Answered, Some(Value::Level(3)));
        set(&mut s, "A.4", Status::Answered, Some(Value::YesNo(false)));
        // A.2 is skipped (A.1 < 2), so its answer does not count: A.3 is skipped too.
        assert_eq!(applicable(&q, &s, &order), vec![true, false, false, true]);
        set(&mut s, "A.4", Status::Answered, Some(Value::YesNo(true)));
        assert_eq!(applicable(&q, &s, &order), vec![true, false, true, true]);
        set(&mut s, "A.1", Status::Unknown, None);
        assert_eq!(
            applicable(&q, &s, &order),
            vec![true, true, true, true],
            "unknown is undecided: ask"
        );
    }

    #[test]
    fn a_change_re_decides_only_what_depends_on_it_and_agrees_with_a_full_pass() {
        let q = Questionnaire::from_source(SOURCE).unwrap();
        let graph = Graph::of(&q);
        assert_eq!(
            graph.affected_by(0),
            vec![1, 2],
            "A.2 reads A.1, A.3 reads A.2"
        );
        assert_eq!(graph.affected_by(3), vec![2]);
        assert!(graph.affected_by(2).is_empty());
        let mut s = crate::testing::blank_session(&q);
        let mut asked = applicable(&q, &s, &graph.order);
        let steps = [
            ("A.1", Value::Level(1)),
            ("A.2", Value::Level(3)),
            ("A.4", Value::YesNo(false)),
            ("A.4", Value::YesNo(true)),
            ("A.1", Value::Level(4)),
            ("A.4", Value::YesNo(false)),
            ("A.1", Value::Level(0)),
        ];
        for (id, value) in steps {
            set(&mut s, id, Status::Answered, Some(value));
            let index = q.question_index(id).unwrap();
            reapply(&q, &s, &graph.affected_by(index), &mut asked);
            assert_eq!(asked, applicable(&q, &s, &graph.order), "after {id}");
        }
    }
}
