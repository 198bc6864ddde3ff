//! Text that may be written once or in several languages: a plain string, or
//! a map from language code to string with a fallback language.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::problem::Problems;
use crate::yaml::loc;

/// Text as written in a file: `text: "…"` or `text: {en: "…", fr: "…"}`.
#[derive(Debug, Clone)]
pub enum RawText {
    Plain(String),
    Translated(BTreeMap<String, String>),
    /// A plain scalar the YAML parser read as a boolean or number (`NO`,
    /// `1.10`); its original spelling is recovered from the source span.
    Reinterpreted(String),
}

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawTextVisitor)
    }
}

struct RawTextVisitor;

impl<'de> serde::de::Visitor<'de> for RawTextVisitor {
    type Value = RawText;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("text: a string, or a mapping from language code to string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawText, E> {
        Ok(RawText::Plain(v.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawText, E> {
        Ok(RawText::Plain(v))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<RawText, E> {
        Ok(RawText::Reinterpreted(v.to_string()))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawText, E> {
        Ok(RawText::Reinterpreted(v.to_string()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawText, E> {
        Ok(RawText::Reinterpreted(v.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawText, E> {
        Ok(RawText::Reinterpreted(v.to_string()))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawText, A::Error> {
        // Values are read as strings directly (not buffered), so the schema
        // applies: `{en: NO}` is the text "NO".
        let mut out = BTreeMap::new();
        while let Some(language) = map.next_key::<String>()? {
            let text = map.next_value::<String>()?;
            out.insert(language, text);
        }
        Ok(RawText::Translated(out))
    }
}

/// The source text a spanned value was read from, when the span is known.
pub fn source_slice<'s, T>(source: &'s str, spanned: &Spanned<T>) -> Option<&'s str> {
    let span = spanned.referenced.span();
    let start = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    source.get(start..start + len)
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
        source: &str,
    ) -> Self {
        let at = loc(raw);
        let fallback_language = languages.first().map_or("en", String::as_str);
        match &raw.value {
            RawText::Reinterpreted(parsed) => {
                let original = source_slice(source, raw).map_or(parsed.as_str(), str::trim);
                Self::plain(original)
            }
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
        let text = LocalText::from_raw(&doc.text, &languages, "the text", &mut problems, source);
        (text, problems)
    }

    #[test]
    fn yaml_booleans_and_numbers_keep_their_spelling() {
        assert_eq!(check("text: NO\n").0.fallback(), "NO");
        assert_eq!(check("text: 1.10\n").0.fallback(), "1.10");
        assert_eq!(check("text: {en: yes, fr: 1.10}\n").0.get("fr"), "1.10");
        assert_eq!(check("text: {en: yes, fr: Non}\n").0.fallback(), "yes");
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
