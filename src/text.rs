//! Text that may be written once or in several languages: a plain string, or
//! a map from language code to string with a fallback language.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::problem::Problems;
use crate::yaml::loc;

/// Text as written in a file: `text: "…"` or `text: {en: "…", fr: "…"}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawText {
    Plain(String),
    Translated(BTreeMap<String, String>),
}

/// Validated text: the fallback-language text plus any translations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalText {
    fallback: String,
    translations: BTreeMap<String, String>,
}

impl LocalText {
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            fallback: text.into(),
            translations: BTreeMap::new(),
        }
    }

    /// The text in `language`, or in the fallback language when there is no translation.
    pub fn get(&self, language: &str) -> &str {
        self.translations
            .get(language)
            .map_or(self.fallback.as_str(), String::as_str)
    }

    /// The text in the fallback language.
    pub fn fallback(&self) -> &str {
        &self.fallback
    }

    pub fn is_empty(&self) -> bool {
        self.fallback.trim().is_empty()
    }

    /// Checks a raw text against the questionnaire's languages (the first is
    /// the fallback) and records problems at the text's location.
    pub fn from_raw(
        raw: &Spanned<RawText>,
        languages: &[String],
        what: &str,
        problems: &mut Problems,
    ) -> Self {
        let at = loc(raw);
        let fallback_language = languages.first().map_or("en", String::as_str);
        match &raw.value {
            RawText::Plain(text) => {
                if text.trim().is_empty() {
                    problems.add(at, format!("{what} is empty; write the text"));
                }
                Self::plain(text.clone())
            }
            RawText::Translated(map) => {
                for language in map.keys() {
                    if !languages.iter().any(|l| l == language) {
                        problems.add(
                            at,
                            format!(
                                "{what} has a `{language}` translation, but `{language}` is not in the questionnaire's `languages` ({}){}",
                                languages.join(", "),
                                crate::problem::did_you_mean(
                                    language,
                                    languages.iter().map(String::as_str)
                                )
                            ),
                        );
                    }
                }
                let Some(fallback) = map.get(fallback_language) else {
                    problems.add(
                        at,
                        format!(
                            "{what} has no `{fallback_language}` text; the fallback language `{fallback_language}` (first of `languages`) is needed everywhere"
                        ),
                    );
                    return Self::default();
                };
                if fallback.trim().is_empty() {
                    problems.add(at, format!("{what} is empty in `{fallback_language}`"));
                }
                let translations = map
                    .iter()
                    .filter(|(l, _)| l.as_str() != fallback_language)
                    .map(|(l, t)| (l.clone(), t.clone()))
                    .collect();
                Self {
                    fallback: fallback.clone(),
                    translations,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, parse};

    #[derive(Deserialize)]
    struct Doc {
        text: Spanned<RawText>,
    }

    fn check(source: &str) -> (LocalText, Problems) {
        let doc: Doc = parse(source, Limits::QUESTIONNAIRE).unwrap();
        let mut problems = Problems::new();
        let languages = vec!["en".to_string(), "fr".to_string()];
        let text = LocalText::from_raw(&doc.text, &languages, "the text", &mut problems);
        (text, problems)
    }

    #[test]
    fn translation_falls_back() {
        let (text, problems) = check("text: {en: Hello, fr: Bonjour}\n");
        assert!(problems.is_empty());
        assert_eq!(text.get("fr"), "Bonjour");
        assert_eq!(text.get("es"), "Hello");
    }

    #[test]
    fn missing_fallback_and_unknown_language_are_problems() {
        let (_, problems) = check("text: {fr: Bonjour, de: Hallo}\n");
        let messages: Vec<_> = problems
            .into_sorted()
            .into_iter()
            .map(|p| p.message)
            .collect();
        assert!(
            messages.iter().any(|m| m.contains("`de` translation")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("no `en` text")),
            "{messages:?}"
        );
    }

    #[test]
    fn empty_text_is_a_problem() {
        let (_, problems) = check("text: \"  \"\n");
        assert_eq!(problems.len(), 1);
    }
}
