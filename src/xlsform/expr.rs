//! `XLSForm` expressions (the `XPath` of `relevant` and `constraint`, with
//! `${name}` references): parsed into a small tree, then translated into
//! tana's `when:` language where the meaning carries over, or refused with
//! the reason. Never evaluated.

/// A comparison operator of `XPath`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn flipped(self) -> Op {
        match self {
            Op::Eq => Op::Eq,
            Op::Ne => Op::Ne,
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
        }
    }

    /// The operator in tana's language.
    pub fn tana(self) -> &'static str {
        match self {
            Op::Eq => "==",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    pub fn is_ordering(self) -> bool {
        !matches!(self, Op::Eq | Op::Ne)
    }
}

/// A parsed `XLSForm` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Or(Vec<Node>),
    And(Vec<Node>),
    Cmp(Op, Box<Node>, Box<Node>),
    Call(String, Vec<Node>),
    Ref(String),
    Str(String),
    Num(f64),
    /// `.`: the current question.
    Dot,
    /// Arithmetic (`+`, `-`, `*`, `div`, `mod`), with the operator.
    Arith(String),
    /// A path (`/data/x`, `../x`, a bare name).
    Path(String),
}

/// Why an expression does not carry over into tana's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Not a well-formed expression; at a character offset.
    Syntax { offset: usize, message: String },
    /// A function tana's language has no counterpart for.
    Function(String),
    /// Arithmetic on answers.
    Arithmetic(String),
    /// An `XPath` path instead of a `${name}` reference.
    Path(String),
    /// `.` (the question itself) where a condition reads other answers.
    Current,
    /// A reference to a name that is no question of the form.
    UnknownName(String),
    /// A reference to a row that is not carried over (a calculation, a note…).
    NotCarried(String),
    /// A reference to a group, not a question.
    Group(String),
    /// The condition reads the question it belongs to.
    ItSelf,
    /// The conditions would form a cycle (tana refuses them).
    Cycle(Vec<String>),
    /// Two answers compared with each other.
    TwoAnswers,
    /// A value that is not a choice of the list.
    NotAChoice { question: String, value: String },
    /// `=` on a `select_multiple` (true only when exactly that choice is selected).
    MultiEquality(String),
    /// `<`, `>` on choices that are not levels.
    OrderedChoice(String),
    /// A test that does not suit the question's kind.
    Kind {
        question: String,
        kind: &'static str,
        value: String,
    },
    /// `true()`, `false()` or another constant.
    Constant,
    /// Text holding both kinds of quote.
    Quotes,
    /// A value alone, not a test.
    NotATest,
    /// A constraint that is not a range of `.` against numbers.
    NotARange,
    /// `. > 1.5` on a decimal question: tana's bounds include their ends.
    StrictBound,
}

pub type Result<T> = std::result::Result<T, Why>;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ref(String),
    Str(String),
    Num(f64),
    Name(String),
    Open,
    Close,
    Comma,
    Op(Op),
    Arith(String),
    Dot,
    Slash(String),
}

#[allow(clippy::too_many_lines)] // a lexer reads best as one flat match over characters
fn tokens(text: &str) -> Result<Vec<(Token, usize)>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let syntax = |offset: usize, message: &str| Why::Syntax {
        offset,
        message: message.to_string(),
    };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let token = match c {
            '$' if chars.get(i + 1) == Some(&'{') => {
                let close = chars[i..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or_else(|| syntax(start, "`${` is never closed"))?;
                let name: String = chars[i + 2..i + close].iter().collect();
                i += close + 1;
                Token::Ref(name.trim().to_string())
            }
            '\'' | '"' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .ok_or_else(|| syntax(start, "the quoted text is never closed"))?;
                let value: String = chars[i + 1..i + 1 + close].iter().collect();
                i += close + 2;
                Token::Str(value)
            }
            '(' => {
                i += 1;
                Token::Open
            }
            ')' => {
                i += 1;
                Token::Close
            }
            ',' => {
                i += 1;
                Token::Comma
            }
            '=' => {
                i += 1;
                Token::Op(Op::Eq)
            }
            '!' if chars.get(i + 1) == Some(&'=') => {
                i += 2;
                Token::Op(Op::Ne)
            }
            '<' | '>' => {
                let or_equal = chars.get(i + 1) == Some(&'=');
                i += if or_equal { 2 } else { 1 };
                Token::Op(match (c, or_equal) {
                    ('<', false) => Op::Lt,
                    ('<', true) => Op::Le,
                    ('>', false) => Op::Gt,
                    _ => Op::Ge,
                })
            }
            '+' | '-' | '*' | '|' => {
                i += 1;
                Token::Arith(c.to_string())
            }
            '/' => {
                i += 1;
                Token::Slash("/".into())
            }
            '.' if chars.get(i + 1) == Some(&'.') => {
                i += 2;
                Token::Slash("..".into())
            }
            c if c.is_ascii_digit()
                || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                Token::Num(
                    word.parse()
                        .map_err(|_| syntax(start, "this is not a number"))?,
                )
            }
            '.' => {
                i += 1;
                Token::Dot
            }
            c if c.is_alphabetic() || c == '_' => {
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '-' | ':' | '.'))
                {
                    i += 1;
                }
                Token::Name(chars[start..i].iter().collect())
            }
            '‘' | '’' | '“' | '”' => {
                return Err(syntax(
                    start,
                    &format!("`{c}` is a typographic quote; write a straight ' or \""),
                ));
            }
            other => return Err(syntax(start, &format!("`{other}` cannot appear here"))),
        };
        out.push((token, start));
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    at: usize,
    end: usize,
}

/// Parses an `XLSForm` expression.
pub fn parse(text: &str) -> Result<Node> {
    let mut parser = Parser {
        tokens: tokens(text)?,
        at: 0,
        end: text.chars().count(),
    };
    let node = parser.or()?;
    if let Some((_, offset)) = parser.tokens.get(parser.at) {
        return Err(Why::Syntax {
            offset: *offset,
            message: "the expression goes on after a complete test".into(),
        });
    }
    Ok(node)
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.at).map_or(self.end, |(_, o)| *o)
    }

    fn word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Name(w)) if w == word)
    }

    fn or(&mut self) -> Result<Node> {
        let mut items = vec![self.and()?];
        while self.word("or") {
            self.at += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn and(&mut self) -> Result<Node> {
        let mut items = vec![self.comparison()?];
        while self.word("and") {
            self.at += 1;
            items.push(self.comparison()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        })
    }

    fn comparison(&mut self) -> Result<Node> {
        let left = self.arithmetic()?;
        if let Some(Token::Op(op)) = self.peek().cloned() {
            self.at += 1;
            let right = self.arithmetic()?;
            if let Some(Token::Op(_)) = self.peek() {
                return Err(Why::Syntax {
                    offset: self.offset(),
                    message: "two comparisons in a row".into(),
                });
            }
            return Ok(Node::Cmp(op, Box::new(left), Box::new(right)));
        }
        Ok(left)
    }

    fn arithmetic(&mut self) -> Result<Node> {
        let first = self.unary()?;
        let mut op = None;
        loop {
            match self.peek() {
                Some(Token::Arith(a)) => op = Some(a.clone()),
                Some(Token::Name(w)) if w == "div" || w == "mod" => op = Some(w.clone()),
                _ => break,
            }
            self.at += 1;
            self.unary()?;
        }
        Ok(match op {
            Some(op) => Node::Arith(op),
            None => first,
        })
    }

    fn unary(&mut self) -> Result<Node> {
        let offset = self.offset();
        let Some((token, _)) = self.tokens.get(self.at).cloned() else {
            return Err(Why::Syntax {
                offset,
                message: "the expression ends too early".into(),
            });
        };
        self.at += 1;
        match token {
            Token::Arith(a) if a == "-" => match self.unary()? {
                Node::Num(n) => Ok(Node::Num(-n)),
                _ => Ok(Node::Arith(a)),
            },
            Token::Ref(name) => Ok(self.path_after(Node::Ref(name))),
            Token::Str(s) => Ok(Node::Str(s)),
            Token::Num(n) => Ok(Node::Num(n)),
            Token::Dot => Ok(self.path_after(Node::Dot)),
            Token::Slash(s) => {
                self.skip_path();
                Ok(Node::Path(s))
            }
            Token::Open => {
                let inner = self.or()?;
                match self.peek() {
                    Some(Token::Close) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => Err(Why::Syntax {
                        offset,
                        message: "this `(` is never closed".into(),
                    }),
                }
            }
            Token::Name(name) if self.peek() == Some(&Token::Open) => {
                self.at += 1;
                let mut args = Vec::new();
                if self.peek() == Some(&Token::Close) {
                    self.at += 1;
                    return Ok(Node::Call(name, args));
                }
                loop {
                    args.push(self.or()?);
                    match self.peek() {
                        Some(Token::Comma) => self.at += 1,
                        Some(Token::Close) => {
                            self.at += 1;
                            return Ok(Node::Call(name, args));
                        }
                        _ => {
                            return Err(Why::Syntax {
                                offset,
                                message: format!("the arguments of `{name}(` are never closed"),
                            });
                        }
                    }
                }
            }
            Token::Name(name) => {
                self.skip_path();
                Ok(Node::Path(name))
            }
            other => Err(Why::Syntax {
                offset,
                message: format!("{} cannot start a test", describe(&other)),
            }),
        }
    }

    /// `${x}/y` or `./y`: a path.
    fn path_after(&mut self, node: Node) -> Node {
        if matches!(self.peek(), Some(Token::Slash(_))) {
            self.skip_path();
            return Node::Path(match node {
                Node::Ref(name) => format!("${{{name}}}/…"),
                _ => "./…".into(),
            });
        }
        node
    }

    fn skip_path(&mut self) {
        while matches!(
            self.peek(),
            Some(Token::Slash(_) | Token::Name(_) | Token::Dot)
        ) && !self.word("and")
            && !self.word("or")
            && !self.word("div")
            && !self.word("mod")
        {
            self.at += 1;
        }
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Close => "`)`".into(),
        Token::Comma => "`,`".into(),
        Token::Op(op) => format!("`{}`", op.tana()),
        Token::Arith(a) => format!("`{a}`"),
        _ => "this".into(),
    }
}

/// What a condition may read: the questions of the imported form.
#[derive(Debug, Clone)]
pub enum Target {
    Text,
    Number,
    Date,
    YesNo {
        /// The list's names for yes and no, as written (`Yes`, `no`).
        yes: String,
        no: String,
    },
    Maturity,
    Single {
        /// Original name → tana choice id.
        choices: Vec<(String, String)>,
        /// True when every choice's score equals its name read as a number.
        levels: bool,
    },
    Multi {
        choices: Vec<(String, String)>,
    },
}

/// How a name in a condition resolves.
#[derive(Debug, Clone)]
pub enum Lookup<'a> {
    Question { id: &'a str, target: &'a Target },
    NotCarried,
    Group,
    Unknown,
}

/// A condition in tana's language, before it is written out.
#[derive(Debug, Clone, PartialEq)]
pub enum When {
    Or(Vec<When>),
    And(Vec<When>),
    Not(Box<When>),
    /// One test, written (`q == yes`), with the question id it reads.
    Test {
        text: String,
        reads: String,
    },
}

impl When {
    /// The question ids the condition reads.
    pub fn reads(&self) -> Vec<&str> {
        match self {
            When::Or(items) | When::And(items) => items.iter().flat_map(When::reads).collect(),
            When::Not(inner) => inner.reads(),
            When::Test { reads, .. } => vec![reads.as_str()],
        }
    }

    /// All of these conditions (`a and b`), or the one of them.
    pub fn all(mut items: Vec<When>) -> Option<When> {
        let mut flat = Vec::new();
        for item in items.drain(..) {
            match item {
                When::And(inner) => flat.extend(inner),
                other => flat.push(other),
            }
        }
        match flat.len() {
            0 => None,
            1 => flat.pop(),
            _ => Some(When::And(flat)),
        }
    }

    /// The condition as tana writes it: `not` binds tighter than `and`,
    /// `and` tighter than `or`.
    pub fn render(&self) -> String {
        self.render_in(0)
    }

    fn render_in(&self, parent: u8) -> String {
        let (own, text) = match self {
            When::Or(items) => (
                1,
                items
                    .iter()
                    .map(|i| i.render_in(1))
                    .collect::<Vec<_>>()
                    .join(" or "),
            ),
            When::And(items) => (
                2,
                items
                    .iter()
                    .map(|i| i.render_in(2))
                    .collect::<Vec<_>>()
                    .join(" and "),
            ),
            When::Not(inner) => (3, format!("not {}", inner.render_in(3))),
            When::Test { text, .. } => (4, text.clone()),
        };
        if own < parent {
            format!("({text})")
        } else {
            text
        }
    }
}

/// Translates a `relevant` expression into a tana condition; `lookup`
/// resolves `${name}`; `owner` is the name of the question it belongs to.
pub fn translate<'a>(
    node: &Node,
    owner: &str,
    lookup: &dyn Fn(&str) -> Lookup<'a>,
) -> Result<When> {
    match node {
        Node::Or(items) => Ok(When::Or(
            items
                .iter()
                .map(|i| translate(i, owner, lookup))
                .collect::<Result<_>>()?,
        )),
        Node::And(items) => Ok(When::And(
            items
                .iter()
                .map(|i| translate(i, owner, lookup))
                .collect::<Result<_>>()?,
        )),
        Node::Call(name, args) if name == "not" && args.len() == 1 => {
            Ok(When::Not(Box::new(translate(&args[0], owner, lookup)?)))
        }
        Node::Call(name, args) if name == "selected" && args.len() == 2 => {
            let Node::Ref(question) = &args[0] else {
                return Err(argument_why(&args[0]));
            };
            let value = literal_text(&args[1]).ok_or(Why::TwoAnswers)?;
            selected(question, &value, owner, lookup)
        }
        Node::Call(name, args) if name == "true" || name == "false" => {
            let _ = args;
            Err(Why::Constant)
        }
        Node::Call(name, _) => Err(Why::Function(name.clone())),
        Node::Cmp(op, left, right) => {
            for side in [left.as_ref(), right.as_ref()] {
                if let Node::Call(name, _) = side
                    && !matches!(name.as_str(), "count-selected" | "string-length" | "date")
                {
                    return Err(Why::Function(name.clone()));
                }
            }
            let (op, subject, value) = if is_subject(left) {
                (*op, left.as_ref(), right.as_ref())
            } else if is_subject(right) {
                (op.flipped(), right.as_ref(), left.as_ref())
            } else {
                return Err(argument_why(left));
            };
            if is_subject(value) && !matches!(value, Node::Call(n, _) if n == "date") {
                return Err(match value {
                    Node::Ref(_) => Why::TwoAnswers,
                    other => argument_why(other),
                });
            }
            match subject {
                Node::Ref(question) => compare(question, op, value, owner, lookup),
                Node::Call(name, args)
                    if (name == "count-selected" || name == "string-length") && args.len() == 1 =>
                {
                    let Node::Ref(question) = &args[0] else {
                        return Err(argument_why(&args[0]));
                    };
                    let Node::Num(n) = value else {
                        return Err(Why::Function(name.clone()));
                    };
                    let (id, _) = resolve(question, owner, lookup)?;
                    let answered = test(format!("{id} is answered"), id);
                    let n = *n;
                    let is = |o: Op, m: f64| op == o && (n - m).abs() < f64::EPSILON;
                    if is(Op::Gt, 0.0) || is(Op::Ge, 1.0) || is(Op::Ne, 0.0) {
                        Ok(answered)
                    } else if is(Op::Eq, 0.0) || is(Op::Le, 0.0) || is(Op::Lt, 1.0) {
                        Ok(When::Not(Box::new(answered)))
                    } else {
                        Err(Why::Function(name.clone()))
                    }
                }
                Node::Call(name, _) => Err(Why::Function(name.clone())),
                other => Err(argument_why(other)),
            }
        }
        other => Err(argument_why(other)),
    }
}

/// True for what a test can be about: an answer, or a function of one.
fn is_subject(node: &Node) -> bool {
    matches!(node, Node::Ref(_) | Node::Call(..))
}

fn argument_why(node: &Node) -> Why {
    match node {
        Node::Dot => Why::Current,
        Node::Path(p) => Why::Path(p.clone()),
        Node::Arith(a) => Why::Arithmetic(a.clone()),
        Node::Call(name, _) => Why::Function(name.clone()),
        Node::Ref(_) => Why::TwoAnswers,
        _ => Why::NotATest,
    }
}

/// A literal's text: `'x'` → `x`, `3` → `3`.
fn literal_text(node: &Node) -> Option<String> {
    match node {
        Node::Str(s) => Some(s.clone()),
        Node::Num(n) => Some(super::read::number_text(*n)),
        _ => None,
    }
}

fn test(text: String, reads: &str) -> When {
    When::Test {
        text,
        reads: reads.to_string(),
    }
}

fn resolve<'a>(
    question: &str,
    owner: &str,
    lookup: &dyn Fn(&str) -> Lookup<'a>,
) -> Result<(&'a str, &'a Target)> {
    if question == owner {
        return Err(Why::ItSelf);
    }
    match lookup(question) {
        Lookup::Question { id, target } => Ok((id, target)),
        Lookup::NotCarried => Err(Why::NotCarried(question.to_string())),
        Lookup::Group => Err(Why::Group(question.to_string())),
        Lookup::Unknown => Err(Why::UnknownName(question.to_string())),
    }
}

fn choice_id<'c>(choices: &'c [(String, String)], question: &str, value: &str) -> Result<&'c str> {
    choices
        .iter()
        .find(|(name, _)| name == value)
        .map(|(_, id)| id.as_str())
        .ok_or_else(|| Why::NotAChoice {
            question: question.to_string(),
            value: value.to_string(),
        })
}

fn level_of(value: &str) -> Option<u8> {
    value.trim().parse::<u8>().ok().filter(|l| *l <= 4)
}

fn yes_no(yes: &str, no: &str, value: &str) -> Option<&'static str> {
    if value == yes {
        Some("yes")
    } else if value == no {
        Some("no")
    } else {
        None
    }
}

fn selected<'a>(
    question: &str,
    value: &str,
    owner: &str,
    lookup: &dyn Fn(&str) -> Lookup<'a>,
) -> Result<When> {
    let (id, target) = resolve(question, owner, lookup)?;
    let not_a_choice = || Why::NotAChoice {
        question: question.to_string(),
        value: value.to_string(),
    };
    match target {
        Target::Single { choices, .. } | Target::Multi { choices } => Ok(test(
            format!("{id} has {}", choice_id(choices, question, value)?),
            id,
        )),
        Target::YesNo { yes, no } => {
            let answer = yes_no(yes, no, value).ok_or_else(not_a_choice)?;
            Ok(test(format!("{id} == {answer}"), id))
        }
        Target::Maturity => {
            let level = level_of(value).ok_or_else(not_a_choice)?;
            Ok(test(format!("{id} == {level}"), id))
        }
        Target::Text | Target::Number | Target::Date => Err(Why::Kind {
            question: question.to_string(),
            kind: kind_name(target),
            value: value.to_string(),
        }),
    }
}

fn kind_name(target: &Target) -> &'static str {
    match target {
        Target::Text => "text",
        Target::Number => "number",
        Target::Date => "date",
        Target::YesNo { .. } => "yesno",
        Target::Maturity => "maturity",
        Target::Single { .. } => "single",
        Target::Multi { .. } => "multi",
    }
}

/// `${q} op value`.
fn compare<'a>(
    question: &str,
    op: Op,
    value: &Node,
    owner: &str,
    lookup: &dyn Fn(&str) -> Lookup<'a>,
) -> Result<When> {
    let (id, target) = resolve(question, owner, lookup)?;
    let date_literal = match value {
        Node::Call(name, args) if name == "date" && args.len() == 1 => {
            Some(literal_text(&args[0]).ok_or(Why::Function("date".into()))?)
        }
        _ => None,
    };
    let text = match (&date_literal, value) {
        (Some(d), _) => d.clone(),
        (None, Node::Str(_) | Node::Num(_)) => literal_text(value).unwrap_or_default(),
        (None, other) => return Err(argument_why(other)),
    };
    if text.is_empty() && date_literal.is_none() {
        let answered = test(format!("{id} is answered"), id);
        return match op {
            Op::Eq => Ok(When::Not(Box::new(answered))),
            Op::Ne => Ok(answered),
            _ => Err(Why::Kind {
                question: question.to_string(),
                kind: kind_name(target),
                value: "''".into(),
            }),
        };
    }
    let wrong_kind = || Why::Kind {
        question: question.to_string(),
        kind: kind_name(target),
        value: text.clone(),
    };
    let symbol = op.tana();
    match target {
        Target::Single { choices, levels } => {
            if op.is_ordering() {
                let number = text.parse::<f64>().ok().filter(|_| *levels);
                return match number {
                    Some(n) => Ok(test(
                        format!("{id} {symbol} {}", super::read::number_text(n)),
                        id,
                    )),
                    None => Err(Why::OrderedChoice(question.to_string())),
                };
            }
            let choice = choice_id(choices, question, &text)?;
            Ok(test(format!("{id} {symbol} {choice}"), id))
        }
        Target::Multi { .. } => Err(Why::MultiEquality(question.to_string())),
        Target::YesNo { yes, no } => {
            if op.is_ordering() {
                return Err(wrong_kind());
            }
            let answer = yes_no(yes, no, &text).ok_or_else(|| Why::NotAChoice {
                question: question.to_string(),
                value: text.clone(),
            })?;
            Ok(test(format!("{id} {symbol} {answer}"), id))
        }
        Target::Maturity => {
            let level = text
                .parse::<f64>()
                .ok()
                .filter(|n| n.fract() == 0.0 && (0.0..=4.0).contains(n))
                .ok_or_else(wrong_kind)?;
            Ok(test(
                format!("{id} {symbol} {}", super::read::number_text(level)),
                id,
            ))
        }
        Target::Number => {
            let number = text.trim().parse::<f64>().map_err(|_| wrong_kind())?;
            Ok(test(
                format!("{id} {symbol} {}", super::read::number_text(number)),
                id,
            ))
        }
        Target::Date => {
            let date: jiff::civil::Date = text.trim().parse().map_err(|_| wrong_kind())?;
            Ok(test(format!("{id} {symbol} {date}"), id))
        }
        Target::Text => {
            if op.is_ordering() {
                return Err(wrong_kind());
            }
            Ok(test(format!("{id} {symbol} {}", quoted(&text)?), id))
        }
    }
}

/// Text quoted for tana's language (which has no escapes).
fn quoted(text: &str) -> Result<String> {
    if !text.contains('"') {
        Ok(format!("\"{text}\""))
    } else if !text.contains('\'') {
        Ok(format!("'{text}'"))
    } else {
        Err(Why::Quotes)
    }
}

/// A number question's range from a constraint such as `. >= 0 and . <= 120`.
pub fn range(node: &Node, integer: bool) -> Result<(Option<f64>, Option<f64>)> {
    let tests: Vec<&Node> = match node {
        Node::And(items) => items.iter().collect(),
        other => vec![other],
    };
    let (mut min, mut max): (Option<f64>, Option<f64>) = (None, None);
    for node in tests {
        let Node::Cmp(op, left, right) = node else {
            return Err(Why::NotARange);
        };
        let (op, value) = match (left.as_ref(), right.as_ref()) {
            (Node::Dot, value) => (*op, value),
            (value, Node::Dot) => (op.flipped(), value),
            _ => return Err(Why::NotARange),
        };
        let number = match value {
            Node::Num(n) => *n,
            Node::Str(s) => s.trim().parse().map_err(|_| Why::NotARange)?,
            _ => return Err(Why::NotARange),
        };
        let whole = number.fract() == 0.0;
        let (low, high) = match op {
            Op::Ge => (Some(number), None),
            Op::Le => (None, Some(number)),
            Op::Gt if integer && whole => (Some(number + 1.0), None),
            Op::Lt if integer && whole => (None, Some(number - 1.0)),
            Op::Gt | Op::Lt => return Err(Why::StrictBound),
            Op::Eq => (Some(number), Some(number)),
            Op::Ne => return Err(Why::NotARange),
        };
        if let Some(low) = low {
            min = Some(min.map_or(low, |m: f64| m.max(low)));
        }
        if let Some(high) = high {
            max = Some(max.map_or(high, |m: f64| m.min(high)));
        }
    }
    if let (Some(low), Some(high)) = (min, max)
        && low > high
    {
        return Err(Why::NotARange);
    }
    Ok((min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Vec<(&'static str, &'static str, Target)> {
        vec![
            (
                "consent",
                "consent",
                Target::YesNo {
                    yes: "yes".into(),
                    no: "no".into(),
                },
            ),
            ("age", "age", Target::Number),
            ("born", "born", Target::Date),
            ("name", "name", Target::Text),
            ("level", "level", Target::Maturity),
            (
                "colour",
                "colour",
                Target::Single {
                    choices: vec![("red".into(), "red".into()), ("1".into(), "c1".into())],
                    levels: false,
                },
            ),
            (
                "langs",
                "langs",
                Target::Multi {
                    choices: vec![("fr".into(), "fr".into()), ("en".into(), "en".into())],
                },
            ),
        ]
    }

    fn when(text: &str) -> Result<String> {
        let targets = targets();
        let lookup = |name: &str| -> Lookup<'_> {
            match targets.iter().find(|(n, _, _)| *n == name) {
                Some((_, id, target)) => Lookup::Question { id, target },
                None if name == "calc" => Lookup::NotCarried,
                None => Lookup::Unknown,
            }
        };
        let node = parse(text)?;
        translate(&node, "me", &lookup).map(|w| w.render())
    }

    #[test]
    fn the_common_tests_carry_over() {
        assert_eq!(when("${consent} = 'yes'").unwrap(), "consent == yes");
        assert_eq!(when("${age} > 3").unwrap(), "age > 3");
        assert_eq!(when("18 <= ${age}").unwrap(), "age >= 18");
        assert_eq!(when("${age} >= '18'").unwrap(), "age >= 18");
        assert_eq!(when("selected(${langs}, 'fr')").unwrap(), "langs has fr");
        assert_eq!(when("${colour} = '1'").unwrap(), "colour == c1");
        assert_eq!(when("${colour} != 'red'").unwrap(), "colour != red");
        assert_eq!(when("${name} = 'Ann'").unwrap(), "name == \"Ann\"");
        assert_eq!(when("${level} >= 2").unwrap(), "level >= 2");
        assert_eq!(
            when("${born} > date('2020-01-31')").unwrap(),
            "born > 2020-01-31"
        );
        assert_eq!(
            when("${consent} = 'yes' and (${age} > 3 or not(selected(${langs}, 'en')))").unwrap(),
            "consent == yes and (age > 3 or not langs has en)"
        );
    }

    #[test]
    fn empty_checks_become_is_answered() {
        assert_eq!(when("${name} != ''").unwrap(), "name is answered");
        assert_eq!(when("${name} = \"\"").unwrap(), "not name is answered");
        assert_eq!(
            when("string-length(${name}) > 0").unwrap(),
            "name is answered"
        );
        assert_eq!(
            when("count-selected(${langs}) = 0").unwrap(),
            "not langs is answered"
        );
        assert_eq!(
            when("not(${age} = '' or ${name} = '')").unwrap(),
            "not (not age is answered or not name is answered)"
        );
    }

    #[test]
    fn what_does_not_carry_over_says_why() {
        assert_eq!(
            when("${langs} = 'fr'"),
            Err(Why::MultiEquality("langs".into()))
        );
        assert_eq!(when("${age} > ${level}"), Err(Why::TwoAnswers));
        assert_eq!(when("${age} + 1 > 3"), Err(Why::Arithmetic("+".into())));
        assert_eq!(when("${calc} = 'x'"), Err(Why::NotCarried("calc".into())));
        assert_eq!(
            when("${nobody} = 'x'"),
            Err(Why::UnknownName("nobody".into()))
        );
        assert_eq!(when("${me} = 'x'"), Err(Why::ItSelf));
        assert_eq!(
            when("today() > ${born}"),
            Err(Why::Function("today".into()))
        );
        assert_eq!(when("true()"), Err(Why::Constant));
        assert_eq!(when("/data/age > 3"), Err(Why::Path("/".into())));
        assert_eq!(
            when("${colour} = 'blue'"),
            Err(Why::NotAChoice {
                question: "colour".into(),
                value: "blue".into()
            })
        );
        assert_eq!(
            when("${colour} > 1"),
            Err(Why::OrderedChoice("colour".into()))
        );
        assert!(matches!(when("${age} > "), Err(Why::Syntax { .. })));
        assert!(matches!(when("${age = 3"), Err(Why::Syntax { .. })));
        assert_eq!(when("${name} = 'it''s'").map_err(|_| ()), Err(()));
    }

    #[test]
    fn ranges_from_constraints() {
        let r = |text: &str, integer: bool| range(&parse(text).unwrap(), integer);
        assert_eq!(r(". >= 0 and . <= 120", true), Ok((Some(0.0), Some(120.0))));
        assert_eq!(r(". > 0", true), Ok((Some(1.0), None)));
        assert_eq!(r("100 > .", true), Ok((None, Some(99.0))));
        assert_eq!(r(". > 0.5", false), Err(Why::StrictBound));
        assert_eq!(r(". >= ${other}", false), Err(Why::NotARange));
        assert_eq!(r("regex(., '[0-9]+')", false), Err(Why::NotARange));
    }
}
