//! The questionnaire the import writes: serde types in the order of
//! docs/questionnaire-format.md, written by serde-saphyr (which quotes
//! `yes`, `NO`, `1.10` and the like) after a header comment.

use serde::Serialize;
use serde::ser::{SerializeMap as _, Serializer};

/// Text in one language, or in several (fallback first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    Translated(Vec<(String, String)>),
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Plain(text) => serializer.serialize_str(text),
            Text::Translated(pairs) => {
                let mut map = serializer.serialize_map(Some(pairs.len()))?;
                for (language, text) in pairs {
                    map.serialize_entry(language, text)?;
                }
                map.end()
            }
        }
    }
}

/// A number written as a whole number when it is one (`120`, not `120.0`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(pub f64);

impl Serialize for Number {
    #[allow(clippy::cast_possible_truncation)] // whole and within ±1e15: exact
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            serializer.serialize_i64(self.0 as i64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub format: u32,
    pub id: String,
    pub version: String,
    pub title: Text,
    pub languages: Vec<String>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub kind: &'static str,
    pub title: Text,
    pub description: Option<Text>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub kind: &'static str,
    pub text: Text,
    pub guidance: Option<Text>,
    pub levels: Option<Vec<Level>>,
    pub choices: Option<Vec<Choice>>,
    pub min: Option<Number>,
    pub max: Option<Number>,
    pub integer: Option<bool>,
    pub required: Option<bool>,
    pub when: Option<String>,
}

/// One rung of a ladder, written as the `levels:` mapping's entry.
#[derive(Debug, Clone)]
pub struct Level(pub u8, pub Text);

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Number>,
}

/// Writes `levels` as a mapping `0: …` rather than a list.
mod levels {
    use super::Level;
    use serde::Serialize;
    use serde::ser::{SerializeMap as _, Serializer};

    pub struct Ladder<'a>(pub &'a [Level]);

    impl Serialize for Ladder<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(self.0.len()))?;
            for Level(level, text) in self.0 {
                map.serialize_entry(level, text)?;
            }
            map.end()
        }
    }
}

/// The question as serialised: `levels` as a mapping.
#[derive(Serialize)]
struct QuestionOut<'a> {
    id: &'a str,
    kind: &'static str,
    text: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    guidance: Option<&'a Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    levels: Option<levels::Ladder<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    choices: Option<&'a Vec<Choice>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<Number>,
    #[serde(skip_serializing_if = "Option::is_none")]
    integer: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    when: Option<&'a str>,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    id: &'a str,
    kind: &'static str,
    title: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a Text>,
    questions: Vec<QuestionOut<'a>>,
}

#[derive(Serialize)]
struct QuestionnaireOut<'a> {
    #[serde(rename = "tana-questionnaire")]
    format: u32,
    id: &'a str,
    version: &'a str,
    title: &'a Text,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    languages: &'a [String],
    sections: Vec<SectionOut<'a>>,
}

impl Questionnaire {
    /// The YAML of the questionnaire (without the header comment).
    pub fn to_yaml(&self) -> Result<String, serde_saphyr::ser::Error> {
        let out = QuestionnaireOut {
            format: self.format,
            id: &self.id,
            version: &self.version,
            title: &self.title,
            languages: &self.languages,
            sections: self
                .sections
                .iter()
                .map(|s| SectionOut {
                    id: &s.id,
                    kind: s.kind,
                    title: &s.title,
                    description: s.description.as_ref(),
                    questions: s
                        .questions
                        .iter()
                        .map(|q| QuestionOut {
                            id: &q.id,
                            kind: q.kind,
                            text: &q.text,
                            guidance: q.guidance.as_ref(),
                            levels: q.levels.as_deref().map(levels::Ladder),
                            choices: q.choices.as_ref(),
                            min: q.min,
                            max: q.max,
                            integer: q.integer,
                            required: q.required,
                            when: q.when.as_deref(),
                        })
                        .collect(),
                })
                .collect(),
        };
        let options = serde_saphyr::ser_options! {
            compact_list_indent: false,
        };
        serde_saphyr::to_string_with_options(&out, options)
    }
}

/// A line of a YAML comment: no line breaks, no control characters.
pub fn comment_safe(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
