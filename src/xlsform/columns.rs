//! `XLSForm` column headers: the spellings pyxform accepts (`bind::relevant`,
//! `list name`, `jr:constraintMsg`, `label:English`…) brought to one key,
//! with the language of a translated column (`label::Français (fr)`).

use super::book::{Place, Row};

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Type,
    Name,
    Label,
    Hint,
    GuidanceHint,
    Required,
    RequiredMessage,
    Relevant,
    Constraint,
    ConstraintMessage,
    Calculation,
    Default,
    Appearance,
    ChoiceFilter,
    RepeatCount,
    ReadOnly,
    Parameters,
    /// `image`, `big-image`, `audio`, `video` (also `media::image`).
    Media(String),
    Trigger,
    ListName,
    /// The choices' `score` column (tana's extension: a choice's level).
    Score,
    /// A column the import does not read (the header as written).
    Other(String),
    /// A second column for the same key and language: not read.
    Duplicate(String),
}

impl Key {
    /// True for the keys whose columns are translated (`label::fr`).
    pub fn translatable(&self) -> bool {
        matches!(
            self,
            Key::Label
                | Key::Hint
                | Key::GuidanceHint
                | Key::RequiredMessage
                | Key::ConstraintMessage
                | Key::Media(_)
        )
    }
}

/// The language of a translated column, as its header names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// As written: `English (en)`, `en`, `English`.
    pub written: String,
    /// The code tana uses: from the parentheses, else the name if it is a
    /// code, else the code of a known language name, else made up.
    pub code: String,
    /// How the code was found.
    pub source: CodeSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSource {
    /// `English (en)`.
    Parentheses,
    /// `en` (or `EN`): the name is a code.
    Name,
    /// `English`: a known language name.
    KnownName,
    /// `Kinyarwandese`: the first letters of the name, lowercased.
    MadeUp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub index: usize,
    pub key: Key,
    pub language: Option<Language>,
    /// The header as written.
    pub header: String,
    pub place: Place,
}

/// The columns of a sheet, from its header row.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub columns: Vec<Column>,
}

impl Columns {
    /// Reads a header row; a second column for the same key and language
    /// is marked [`Key::Duplicate`].
    pub fn from_header(row: &Row) -> Self {
        let mut columns: Vec<Column> = Vec::new();
        for (index, cell) in row.cells.iter().enumerate() {
            let header = collapse(&cell.value);
            if header.is_empty() {
                continue;
            }
            let (mut key, language) = parse_header(&header);
            let same = |c: &Column| {
                c.key == key
                    && c.language.as_ref().map(|l| &l.code) == language.as_ref().map(|l| &l.code)
            };
            if !matches!(key, Key::Other(_)) && columns.iter().any(same) {
                key = Key::Duplicate(header.clone());
            }
            columns.push(Column {
                index,
                key,
                language,
                header,
                place: cell.place,
            });
        }
        Self { columns }
    }

    /// The first column with this key and no language.
    pub fn find(&self, key: &Key) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| &c.key == key && c.language.is_none())
            .or_else(|| self.columns.iter().find(|c| &c.key == key))
    }

    /// Every column with this key (any language).
    pub fn all<'a>(&'a self, key: &'a Key) -> impl Iterator<Item = &'a Column> + 'a {
        self.columns.iter().filter(move |c| &c.key == key)
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `bind::relevant` → `Relevant`; `label::Français (fr)` → `Label`, `fr`.
pub fn parse_header(header: &str) -> (Key, Option<Language>) {
    let lower = header.to_lowercase();
    let mut rest_lower = lower.as_str();
    let mut rest = header;
    for prefix in [
        "bind::",
        "bind:",
        "control::",
        "control:",
        "body::",
        "body:",
        "media::",
        "media:",
    ] {
        if let Some(stripped) = rest_lower.strip_prefix(prefix) {
            rest = &rest[prefix.len()..];
            rest_lower = stripped;
            break;
        }
    }
    for (spelling, key) in [
        ("jr:constraintmsg", Key::ConstraintMessage),
        ("jr:requiredmsg", Key::RequiredMessage),
        ("jr:count", Key::RepeatCount),
    ] {
        if let Some(tail) = rest_lower.strip_prefix(spelling) {
            let language = tail
                .strip_prefix("::")
                .or_else(|| tail.strip_prefix(':'))
                .map(|_| &rest[spelling.len()..])
                .map(|t| t.trim_start_matches(':'))
                .filter(|t| !t.trim().is_empty())
                .map(language_of);
            return (key, language);
        }
    }
    let (base, language) = if let Some((base, language)) = rest.split_once("::") {
        (base, Some(language))
    } else if let Some((base, language)) = rest.split_once(':')
        && key_of(&base.to_lowercase()).translatable()
    {
        (base, Some(language))
    } else {
        (rest, None)
    };
    let key = match key_of(&base.trim().to_lowercase().replace(' ', "_")) {
        Key::Other(_) => Key::Other(header.to_string()),
        key => key,
    };
    let language = language
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(language_of);
    if language.is_some() && !key.translatable() {
        return (Key::Other(header.to_string()), None);
    }
    (key, language)
}

fn key_of(base: &str) -> Key {
    match base {
        "type" | "command" => Key::Type,
        "name" | "value" => Key::Name,
        "label" | "caption" => Key::Label,
        "hint" => Key::Hint,
        "guidance_hint" => Key::GuidanceHint,
        "required" => Key::Required,
        "required_message" | "requiredmsg" => Key::RequiredMessage,
        "relevant" | "relevance" => Key::Relevant,
        "constraint" => Key::Constraint,
        "constraint_message" | "constraining_message" | "constraintmsg" => Key::ConstraintMessage,
        "calculation" | "calculate" => Key::Calculation,
        "default" => Key::Default,
        "appearance" => Key::Appearance,
        "choice_filter" => Key::ChoiceFilter,
        "repeat_count" | "count" => Key::RepeatCount,
        "read_only" | "readonly" => Key::ReadOnly,
        "parameters" => Key::Parameters,
        "image" | "big-image" | "audio" | "video" => Key::Media(base.to_string()),
        "trigger" => Key::Trigger,
        "list_name" => Key::ListName,
        "score" => Key::Score,
        other => Key::Other(other.to_string()),
    }
}

/// The language a header names: `English (en)`, `en`, `English`.
pub fn language_of(written: &str) -> Language {
    let written = written.trim();
    if let Some(open) = written.rfind('(')
        && let Some(code) = written[open + 1..].strip_suffix(')')
        && is_code(code.trim())
    {
        return Language {
            written: written.to_string(),
            code: normalise_code(code.trim()),
            source: CodeSource::Parentheses,
        };
    }
    if is_code(written) && (written.len() <= 3 || written.contains('-')) {
        return Language {
            written: written.to_string(),
            code: normalise_code(written),
            source: CodeSource::Name,
        };
    }
    let lower = written.to_lowercase();
    if let Some((_, code)) = KNOWN.iter().find(|(name, _)| *name == lower) {
        return Language {
            written: written.to_string(),
            code: (*code).to_string(),
            source: CodeSource::KnownName,
        };
    }
    let letters: String = lower
        .chars()
        .filter(char::is_ascii_lowercase)
        .take(3)
        .collect();
    Language {
        written: written.to_string(),
        code: if letters.len() >= 2 {
            letters
        } else {
            "und".to_string()
        },
        source: CodeSource::MadeUp,
    }
}

/// A language code tana accepts once lowercased: 2–3 letters, then
/// `-`-joined letters or digits (`pt-BR`).
fn is_code(text: &str) -> bool {
    let mut parts = text.split('-');
    parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()))
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn normalise_code(code: &str) -> String {
    match code.split_once('-') {
        Some((language, region)) => format!("{}-{region}", language.to_ascii_lowercase()),
        None => code.to_ascii_lowercase(),
    }
}

/// Language names seen in `XLSForm` headers without a code, with their
/// ISO 639-1 code (639-3 where there is none).
const KNOWN: &[(&str, &str)] = &[
    ("english", "en"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("arabic", "ar"),
    ("russian", "ru"),
    ("chinese", "zh"),
    ("swahili", "sw"),
    ("kiswahili", "sw"),
    ("hindi", "hi"),
    ("bengali", "bn"),
    ("bangla", "bn"),
    ("urdu", "ur"),
    ("amharic", "am"),
    ("hausa", "ha"),
    ("somali", "so"),
    ("german", "de"),
    ("deutsch", "de"),
    ("italian", "it"),
    ("dutch", "nl"),
    ("turkish", "tr"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("pashto", "ps"),
    ("dari", "prs"),
    ("indonesian", "id"),
    ("vietnamese", "vi"),
    ("thai", "th"),
    ("burmese", "my"),
    ("nepali", "ne"),
    ("kinyarwanda", "rw"),
    ("luganda", "lg"),
    ("yoruba", "yo"),
    ("igbo", "ig"),
    ("zulu", "zu"),
    ("ukrainian", "uk"),
    ("polish", "pl"),
    ("romanian", "ro"),
    ("greek", "el"),
    ("tigrinya", "ti"),
    ("oromo", "om"),
    ("lingala", "ln"),
    ("malagasy", "mg"),
    ("khmer", "km"),
    ("lao", "lo"),
    ("tagalog", "tl"),
    ("filipino", "fil"),
    ("haitian creole", "ht"),
    ("creole", "ht"),
    ("tetum", "tet"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("macedonian", "mk"),
    ("serbian", "sr"),
    ("croatian", "hr"),
    ("bosnian", "bs"),
    ("albanian", "sq"),
    ("armenian", "hy"),
    ("georgian", "ka"),
    ("azerbaijani", "az"),
    ("kazakh", "kk"),
    ("uzbek", "uz"),
    ("tajik", "tg"),
    ("kyrgyz", "ky"),
    ("mongolian", "mn"),
    ("hebrew", "he"),
    ("malay", "ms"),
    ("sinhala", "si"),
    ("tamil", "ta"),
    ("telugu", "te"),
    ("marathi", "mr"),
    ("gujarati", "gu"),
    ("punjabi", "pa"),
    ("kurdish", "ku"),
    ("czech", "cs"),
    ("slovak", "sk"),
    ("hungarian", "hu"),
    ("bulgarian", "bg"),
    ("swedish", "sv"),
    ("norwegian", "nb"),
    ("danish", "da"),
    ("finnish", "fi"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(header: &str) -> Key {
        parse_header(header).0
    }

    fn code(header: &str) -> Option<String> {
        parse_header(header).1.map(|l| l.code)
    }

    #[test]
    fn spellings_of_the_same_column() {
        assert_eq!(key("bind::relevant"), Key::Relevant);
        assert_eq!(key("bind:relevant"), Key::Relevant);
        assert_eq!(key("RELEVANT"), Key::Relevant);
        assert_eq!(key("list name"), Key::ListName);
        assert_eq!(key("LIST_NAME"), Key::ListName);
        assert_eq!(key("bind:jr:constraintMsg"), Key::ConstraintMessage);
        assert_eq!(key("control:appearance"), Key::Appearance);
        assert_eq!(
            key("media::image::English (en)"),
            Key::Media("image".into())
        );
        assert_eq!(key("frobnicate"), Key::Other("frobnicate".into()));
        assert_eq!(key("name::en"), Key::Other("name::en".into()));
    }

    #[test]
    fn languages_from_headers() {
        assert_eq!(code("label::English (en)").as_deref(), Some("en"));
        assert_eq!(code("label::Português (pt-BR)").as_deref(), Some("pt-BR"));
        assert_eq!(code("label::EN").as_deref(), Some("en"));
        assert_eq!(code("label:english").as_deref(), Some("en"));
        assert_eq!(code("hint::Français").as_deref(), Some("fr"));
        assert_eq!(code("label::Kinyarwandese").as_deref(), Some("kin"));
        assert_eq!(code("label"), None);
        assert_eq!(
            parse_header("bind:jr:constraintMsg::French (fr)")
                .1
                .map(|l| l.code),
            Some("fr".into())
        );
    }
}
