//! The skip-condition language of `when:`. A tiny expression grammar,
//! parsed and type-checked at load time and evaluated over answers with
//! three-valued logic; it is never evaluated as code.
//!
//! ```text
//! expr       := or
//! or         := and ("or" and)*
//! and        := unary ("and" unary)*
//! unary      := "not" unary | "(" expr ")" | test
//! test       := ID op literal | ID "has" NAME | ID "is" state
//! op         := "==" | "!=" | "<" | "<=" | ">" | ">="
//! literal    := NUMBER | NAME | "quoted text"
//! state      := "answered" | "unknown" | "na"
//! ```

use std::fmt;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    pub fn is_ordering(self) -> bool {
        !matches!(self, CmpOp::Eq | CmpOp::Ne)
    }

    pub fn compare<T: PartialOrd>(self, left: &T, right: &T) -> bool {
        match self {
            CmpOp::Eq => left == right,
            CmpOp::Ne => left != right,
            CmpOp::Lt => left < right,
            CmpOp::Le => left <= right,
            CmpOp::Gt => left > right,
            CmpOp::Ge => left >= right,
        }
    }
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Number(f64),
    Name(String),
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Number(n) => write!(f, "{n}"),
            // A name that would not read back as one word (a space, a
            // reserved word, a leading digit) is written quoted.
            Literal::Name(s)
                if !s.is_empty()
                    && s.chars().all(is_word_char)
                    && !s.starts_with(|c: char| c.is_ascii_digit())
                    && !is_keyword(s) =>
            {
                write!(f, "{s}")
            }
            Literal::Name(s) if s.contains('\'') => write!(f, "\"{s}\""),
            Literal::Name(s) => write!(f, "'{s}'"),
        }
    }
}

/// The states an answer can be tested for with `is`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateTest {
    Answered,
    Unknown,
    NotApplicable,
}

/// A parsed condition. `offset` fields are character offsets into the
/// condition text, for messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Compare {
        question: String,
        offset: usize,
        op: CmpOp,
        value: Literal,
    },
    Has {
        question: String,
        offset: usize,
        choice: String,
    },
    Is {
        question: String,
        offset: usize,
        state: StateTest,
    },
}

impl Expr {
    /// Every question the condition refers to, with its offset.
    pub fn references(&self) -> Vec<(&str, usize)> {
        let mut out = Vec::new();
        self.collect_references(&mut out);
        out
    }

    fn collect_references<'a>(&'a self, out: &mut Vec<(&'a str, usize)>) {
        match self {
            Expr::Or(items) | Expr::And(items) => {
                for item in items {
                    item.collect_references(out);
                }
            }
            Expr::Not(inner) => inner.collect_references(out),
            Expr::Compare {
                question, offset, ..
            }
            | Expr::Has {
                question, offset, ..
            }
            | Expr::Is {
                question, offset, ..
            } => out.push((question, *offset)),
        }
    }

    /// Evaluates with Kleene logic: `None` means "cannot tell yet" (an answer
    /// it depends on is missing). `facts` answers each test.
    pub fn eval(&self, facts: &dyn Fn(&Expr) -> Option<bool>) -> Option<bool> {
        match self {
            Expr::Or(items) => {
                let mut unknown = false;
                for item in items {
                    match item.eval(facts) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                if unknown { None } else { Some(false) }
            }
            Expr::And(items) => {
                let mut unknown = false;
                for item in items {
                    match item.eval(facts) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown { None } else { Some(true) }
            }
            Expr::Not(inner) => inner.eval(facts).map(|b| !b),
            test => facts(test),
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Or(items) => join(f, items, " or "),
            Expr::And(items) => join(f, items, " and "),
            Expr::Not(inner) => match inner.as_ref() {
                Expr::Or(_) | Expr::And(_) => write!(f, "not ({inner})"),
                _ => write!(f, "not {inner}"),
            },
            Expr::Compare {
                question,
                op,
                value,
                ..
            } => write!(f, "{question} {} {value}", op.symbol()),
            Expr::Has {
                question, choice, ..
            } => write!(f, "{question} has {choice}"),
            Expr::Is {
                question, state, ..
            } => {
                let state = match state {
                    StateTest::Answered => "answered",
                    StateTest::Unknown => "unknown",
                    StateTest::NotApplicable => "na",
                };
                write!(f, "{question} is {state}")
            }
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, items: &[Expr], sep: &str) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        match item {
            Expr::Or(_) | Expr::And(_) => write!(f, "({item})")?,
            _ => write!(f, "{item}")?,
        }
    }
    Ok(())
}

/// A syntax error at a character offset of the condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Number(f64),
    Quoted(String),
    Op(CmpOp),
    Open,
    Close,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

#[allow(clippy::too_many_lines)] // a lexer reads best as one flat match over characters
fn tokenize(text: &str) -> Result<Vec<(Token, usize)>, SyntaxError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let token = match c {
            '(' => {
                i += 1;
                Token::Open
            }
            ')' => {
                i += 1;
                Token::Close
            }
            '=' | '!' | '<' | '>' => {
                let next = chars.get(i + 1).copied();
                let (op, len) = match (c, next) {
                    ('=', Some('=')) => (CmpOp::Eq, 2),
                    ('!', Some('=')) => (CmpOp::Ne, 2),
                    ('<', Some('=')) => (CmpOp::Le, 2),
                    ('>', Some('=')) => (CmpOp::Ge, 2),
                    ('<', _) => (CmpOp::Lt, 1),
                    ('>', _) => (CmpOp::Gt, 1),
                    ('=', _) => {
                        return Err(SyntaxError {
                            offset: start,
                            message: "write `==` to compare (a single `=` is not an operator)"
                                .into(),
                        });
                    }
                    _ => {
                        return Err(SyntaxError {
                            offset: start,
                            message: "write `!=` for \"not equal\", or `not` before a test".into(),
                        });
                    }
                };
                i += len;
                Token::Op(op)
            }
            '"' | '\'' => {
                let quote = c;
                i += 1;
                let mut value = String::new();
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(SyntaxError {
                                offset: start,
                                message: "this quoted text is not closed".into(),
                            });
                        }
                        Some(&q) if q == quote => {
                            i += 1;
                            break;
                        }
                        Some(&other) => {
                            value.push(other);
                            i += 1;
                        }
                    }
                }
                Token::Quoted(value)
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                // `1.2` is a number, but `2a` or `1.2.3` is a name (an id).
                if i < chars.len() && is_word_char(chars[i]) {
                    while i < chars.len() && is_word_char(chars[i]) {
                        i += 1;
                    }
                    Token::Word(chars[start..i].iter().collect())
                } else {
                    match word.parse::<f64>() {
                        Ok(n) => Token::Number(n),
                        Err(_) => Token::Word(word),
                    }
                }
            }
            c if is_word_char(c) => {
                while i < chars.len() && is_word_char(chars[i]) {
                    i += 1;
                }
                Token::Word(chars[start..i].iter().collect())
            }
            other => {
                return Err(SyntaxError {
                    offset: start,
                    message: format!("`{other}` cannot appear in a condition"),
                });
            }
        };
        tokens.push((token, start));
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    position: usize,
    end: usize,
}

/// Parses a condition.
pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(SyntaxError {
            offset: 0,
            message: "the condition is empty; remove `when:` or write a test such as `A1.1 >= 2`"
                .into(),
        });
    }
    let mut parser = Parser {
        tokens,
        position: 0,
        end: text.chars().count(),
    };
    let expr = parser.or()?;
    if let Some((token, offset)) = parser.peek() {
        return Err(SyntaxError {
            offset,
            message: format!(
                "unexpected {} after a complete test; join tests with `and` or `or`",
                describe(token)
            ),
        });
    }
    Ok(expr)
}

fn describe(token: &Token) -> String {
    match token {
        Token::Word(w) => format!("`{w}`"),
        Token::Number(n) => format!("`{n}`"),
        Token::Quoted(q) => format!("\"{q}\""),
        Token::Op(op) => format!("`{}`", op.symbol()),
        Token::Open => "`(`".into(),
        Token::Close => "`)`".into(),
    }
}

impl Parser {
    fn peek(&self) -> Option<(&Token, usize)> {
        self.tokens.get(self.position).map(|(t, o)| (t, *o))
    }

    fn next(&mut self) -> Option<(Token, usize)> {
        let item = self.tokens.get(self.position).cloned();
        self.position += 1;
        item
    }

    fn at_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some((Token::Word(w), _)) if w == keyword)
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut items = vec![self.and()?];
        while self.at_keyword("or") {
            self.position += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut items = vec![self.unary()?];
        while self.at_keyword("and") {
            self.position += 1;
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        match self.next() {
            Some((Token::Word(w), _)) if w == "not" => Ok(Expr::Not(Box::new(self.unary()?))),
            Some((Token::Open, offset)) => {
                let inner = self.or()?;
                match self.next() {
                    Some((Token::Close, _)) => Ok(inner),
                    _ => Err(SyntaxError {
                        offset,
                        message: "this `(` is never closed".into(),
                    }),
                }
            }
            Some((Token::Word(question), offset)) if !is_keyword(&question) => {
                self.test(question, offset)
            }
            Some((token, offset)) => Err(SyntaxError {
                offset,
                message: format!(
                    "expected a question id (such as `A1.1`) but found {}",
                    describe(&token)
                ),
            }),
            None => Err(SyntaxError {
                offset: self.end,
                message: "the condition ends too early; a test is missing".into(),
            }),
        }
    }

    fn test(&mut self, question: String, offset: usize) -> Result<Expr, SyntaxError> {
        match self.next() {
            Some((Token::Op(op), op_offset)) => {
                let value = match self.next() {
                    Some((Token::Number(n), _)) => Literal::Number(n),
                    Some((Token::Word(w) | Token::Quoted(w), _)) => Literal::Name(w),
                    _ => {
                        return Err(SyntaxError {
                            offset: op_offset,
                            message: format!(
                                "`{}` needs a value on its right (a number, a choice id, yes or no)",
                                op.symbol()
                            ),
                        });
                    }
                };
                Ok(Expr::Compare {
                    question,
                    offset,
                    op,
                    value,
                })
            }
            Some((Token::Word(w), word_offset)) if w == "has" => match self.next() {
                Some((Token::Word(choice) | Token::Quoted(choice), _)) => Ok(Expr::Has {
                    question,
                    offset,
                    choice,
                }),
                _ => Err(SyntaxError {
                    offset: word_offset,
                    message: "`has` needs a choice id on its right".into(),
                }),
            },
            Some((Token::Word(w), word_offset)) if w == "is" => {
                let state = match self.next() {
                    Some((Token::Word(s), _)) if s == "answered" => StateTest::Answered,
                    Some((Token::Word(s), _)) if s == "unknown" => StateTest::Unknown,
                    Some((Token::Word(s), _)) if s == "na" => StateTest::NotApplicable,
                    _ => {
                        return Err(SyntaxError {
                            offset: word_offset,
                            message: "`is` must be followed by `answered`, `unknown` or `na`"
                                .into(),
                        });
                    }
                };
                Ok(Expr::Is {
                    question,
                    offset,
                    state,
                })
            }
            Some((token, token_offset)) => Err(SyntaxError {
                offset: token_offset,
                message: format!(
                    "after `{question}` expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`), `has` or `is`, but found {}",
                    describe(&token)
                ),
            }),
            None => Err(SyntaxError {
                offset: self.end,
                message: format!(
                    "`{question}` alone is not a test; compare it, e.g. `{question} >= 2`, or write `{question} is answered`"
                ),
            }),
        }
    }
}

fn is_keyword(word: &str) -> bool {
    matches!(word, "and" | "or" | "not" | "has" | "is")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_precedence_and_parentheses() {
        let e = parse("A1.1 >= 2 and not CX.2 == yes or CX.3 has fr").unwrap();
        assert_eq!(
            e.to_string(),
            "(A1.1 >= 2 and not CX.2 == yes) or CX.3 has fr"
        );
        let e = parse("A1.1 >= 2 and (B.1 is unknown or B.2 != 'a b')").unwrap();
        assert_eq!(
            e.to_string(),
            "A1.1 >= 2 and (B.1 is unknown or B.2 != 'a b')"
        );
    }

    #[test]
    fn a_printed_condition_parses_back_to_the_same_tree() {
        for text in [
            "not (A1.1 >= 2 and CX.2 == yes)",
            "not (CX.1 == a or CX.2 == b) and CX.3 is answered",
            "CX.3 == 'two words'",
            "CX.3 == \"it's\"",
            "CX.3 has 'and'",
            "CX.3 == '2024-01-01'",
            "not not CX.1 == yes",
        ] {
            let parsed = parse(text).unwrap();
            let printed = parsed.to_string();
            let again = parse(&printed).unwrap_or_else(|e| panic!("{printed}: {e:?}"));
            assert_eq!(again.to_string(), printed, "{text}");
            let facts = |e: &Expr| match e {
                Expr::Compare { question, .. } | Expr::Has { question, .. } => {
                    Some(question == "CX.1" || question == "CX.3")
                }
                _ => Some(false),
            };
            assert_eq!(
                parsed.eval(&facts),
                again.eval(&facts),
                "{text} → {printed}"
            );
        }
    }

    #[test]
    fn ids_with_digits_and_dots_are_words_not_numbers() {
        let e = parse("1.2.3 == 4").unwrap();
        assert_eq!(e.references(), vec![("1.2.3", 0)]);
    }

    #[test]
    fn syntax_errors_say_where() {
        let err = parse("A1.1 = 2").unwrap_err();
        assert_eq!(err.offset, 5);
        assert!(err.message.contains("=="));
        let err = parse("A1.1 >= 2 and").unwrap_err();
        assert_eq!(err.offset, 13);
        let err = parse("(A1.1 >= 2").unwrap_err();
        assert_eq!(err.offset, 0);
        let err = parse("A1.1").unwrap_err();
        assert!(err.message.contains("alone is not a test"));
        let err = parse("A1.1 >= 2 A1.2 >= 1").unwrap_err();
        assert!(err.message.contains("join tests"));
        let err = parse("").unwrap_err();
        assert!(err.message.contains("empty"));
        let err = parse("A1.1 == \"x").unwrap_err();
        assert!(err.message.contains("not closed"));
        let err = parse("A1.1 ; drop").unwrap_err();
        assert!(err.message.contains("cannot appear"));
    }

    #[test]
    fn kleene_logic() {
        let unknown = |_: &Expr| None;
        let yes = |_: &Expr| Some(true);
        let no = |_: &Expr| Some(false);
        let e = parse("a == 1 or b == 2").unwrap();
        assert_eq!(e.eval(&unknown), None);
        assert_eq!(e.eval(&yes), Some(true));
        assert_eq!(e.eval(&no), Some(false));
        let e = parse("not a == 1").unwrap();
        assert_eq!(e.eval(&unknown), None);
        assert_eq!(e.eval(&no), Some(true));
        // false and unknown is false; true or unknown is true
        let first_false = |t: &Expr| match t {
            Expr::Compare { question, .. } if question == "a" => Some(false),
            _ => None,
        };
        assert_eq!(
            parse("a == 1 and b == 2").unwrap().eval(&first_false),
            Some(false)
        );
        assert_eq!(
            parse("not a == 1 or b == 2").unwrap().eval(&first_false),
            Some(true)
        );
    }
}
