//! ISO 639-1 language codes: the 184 two-letter codes, each with its
//! three-letter ISO 639-2 forms and English name, as the ISO 639-2
//! Registration Authority (Library of Congress) lists them (taken from the
//! Debian `iso-codes` tables, which carry that list), to tell a real code from a well-shaped one (`xx`)
//! and to name the code meant by `EN`, `eng` or `English`.

/// (code, ISO 639-2/T, ISO 639-2/B, English names separated by `; `).
const CODES: [(&str, &str, &str, &str); 184] = [
    ("aa", "aar", "aar", "Afar"),
    ("ab", "abk", "abk", "Abkhazian"),
    ("ae", "ave", "ave", "Avestan"),
    ("af", "afr", "afr", "Afrikaans"),
    ("ak", "aka", "aka", "Akan"),
    ("am", "amh", "amh", "Amharic"),
    ("an", "arg", "arg", "Aragonese"),
    ("ar", "ara", "ara", "Arabic"),
    ("as", "asm", "asm", "Assamese"),
    ("av", "ava", "ava", "Avaric"),
    ("ay", "aym", "aym", "Aymara"),
    ("az", "aze", "aze", "Azerbaijani"),
    ("ba", "bak", "bak", "Bashkir"),
    ("be", "bel", "bel", "Belarusian"),
    ("bg", "bul", "bul", "Bulgarian"),
    ("bh", "bih", "bih", "Bihari languages"),
    ("bi", "bis", "bis", "Bislama"),
    ("bm", "bam", "bam", "Bambara"),
    ("bn", "ben", "ben", "Bengali"),
    ("bo", "bod", "tib", "Tibetan"),
    ("br", "bre", "bre", "Breton"),
    ("bs", "bos", "bos", "Bosnian"),
    ("ca", "cat", "cat", "Catalan; Valencian"),
    ("ce", "che", "che", "Chechen"),
    ("ch", "cha", "cha", "Chamorro"),
    ("co", "cos", "cos", "Corsican"),
    ("cr", "cre", "cre", "Cree"),
    ("cs", "ces", "cze", "Czech"),
    (
        "cu",
        "chu",
        "chu",
        "Church Slavic; Old Slavonic; Church Slavonic; Old Bulgarian; Old Church Slavonic",
    ),
    ("cv", "chv", "chv", "Chuvash"),
    ("cy", "cym", "wel", "Welsh"),
    ("da", "dan", "dan", "Danish"),
    ("de", "deu", "ger", "German"),
    ("dv", "div", "div", "Divehi; Dhivehi; Maldivian"),
    ("dz", "dzo", "dzo", "Dzongkha"),
    ("ee", "ewe", "ewe", "Ewe"),
    ("el", "ell", "gre", "Greek, Modern (1453-)"),
    ("en", "eng", "eng", "English"),
    ("eo", "epo", "epo", "Esperanto"),
    ("es", "spa", "spa", "Spanish; Castilian"),
    ("et", "est", "est", "Estonian"),
    ("eu", "eus", "baq", "Basque"),
    ("fa", "fas", "per", "Persian"),
    ("ff", "ful", "ful", "Fulah"),
    ("fi", "fin", "fin", "Finnish"),
    ("fj", "fij", "fij", "Fijian"),
    ("fo", "fao", "fao", "Faroese"),
    ("fr", "fra", "fre", "French"),
    ("fy", "fry", "fry", "Western Frisian"),
    ("ga", "gle", "gle", "Irish"),
    ("gd", "gla", "gla", "Gaelic; Scottish Gaelic"),
    ("gl", "glg", "glg", "Galician"),
    ("gn", "grn", "grn", "Guarani"),
    ("gu", "guj", "guj", "Gujarati"),
    ("gv", "glv", "glv", "Manx"),
    ("ha", "hau", "hau", "Hausa"),
    ("he", "heb", "heb", "Hebrew"),
    ("hi", "hin", "hin", "Hindi"),
    ("ho", "hmo", "hmo", "Hiri Motu"),
    ("hr", "hrv", "hrv", "Croatian"),
    ("ht", "hat", "hat", "Haitian; Haitian Creole"),
    ("hu", "hun", "hun", "Hungarian"),
    ("hy", "hye", "arm", "Armenian"),
    ("hz", "her", "her", "Herero"),
    (
        "ia",
        "ina",
        "ina",
        "Interlingua (International Auxiliary Language Association)",
    ),
    ("id", "ind", "ind", "Indonesian"),
    ("ie", "ile", "ile", "Interlingue; Occidental"),
    ("ig", "ibo", "ibo", "Igbo"),
    ("ii", "iii", "iii", "Sichuan Yi; Nuosu"),
    ("ik", "ipk", "ipk", "Inupiaq"),
    ("io", "ido", "ido", "Ido"),
    ("is", "isl", "ice", "Icelandic"),
    ("it", "ita", "ita", "Italian"),
    ("iu", "iku", "iku", "Inuktitut"),
    ("ja", "jpn", "jpn", "Japanese"),
    ("jv", "jav", "jav", "Javanese"),
    ("ka", "kat", "geo", "Georgian"),
    ("kg", "kon", "kon", "Kongo"),
    ("ki", "kik", "kik", "Kikuyu; Gikuyu"),
    ("kj", "kua", "kua", "Kuanyama; Kwanyama"),
    ("kk", "kaz", "kaz", "Kazakh"),
    ("kl", "kal", "kal", "Kalaallisut; Greenlandic"),
    ("km", "khm", "khm", "Central Khmer"),
    ("kn", "kan", "kan", "Kannada"),
    ("ko", "kor", "kor", "Korean"),
    ("kr", "kau", "kau", "Kanuri"),
    ("ks", "kas", "kas", "Kashmiri"),
    ("ku", "kur", "kur", "Kurdish"),
    ("kv", "kom", "kom", "Komi"),
    ("kw", "cor", "cor", "Cornish"),
    ("ky", "kir", "kir", "Kirghiz; Kyrgyz"),
    ("la", "lat", "lat", "Latin"),
    ("lb", "ltz", "ltz", "Luxembourgish; Letzeburgesch"),
    ("lg", "lug", "lug", "Ganda"),
    ("li", "lim", "lim", "Limburgan; Limburger; Limburgish"),
    ("ln", "lin", "lin", "Lingala"),
    ("lo", "lao", "lao", "Lao"),
    ("lt", "lit", "lit", "Lithuanian"),
    ("lu", "lub", "lub", "Luba-Katanga"),
    ("lv", "lav", "lav", "Latvian"),
    ("mg", "mlg", "mlg", "Malagasy"),
    ("mh", "mah", "mah", "Marshallese"),
    ("mi", "mri", "mao", "Maori"),
    ("mk", "mkd", "mac", "Macedonian"),
    ("ml", "mal", "mal", "Malayalam"),
    ("mn", "mon", "mon", "Mongolian"),
    ("mr", "mar", "mar", "Marathi"),
    ("ms", "msa", "may", "Malay"),
    ("mt", "mlt", "mlt", "Maltese"),
    ("my", "mya", "bur", "Burmese"),
    ("na", "nau", "nau", "Nauru"),
    ("nb", "nob", "nob", "Bokmål, Norwegian; Norwegian Bokmål"),
    ("nd", "nde", "nde", "Ndebele, North; North Ndebele"),
    ("ne", "nep", "nep", "Nepali"),
    ("ng", "ndo", "ndo", "Ndonga"),
    ("nl", "nld", "dut", "Dutch; Flemish"),
    ("nn", "nno", "nno", "Norwegian Nynorsk; Nynorsk, Norwegian"),
    ("no", "nor", "nor", "Norwegian"),
    ("nr", "nbl", "nbl", "Ndebele, South; South Ndebele"),
    ("nv", "nav", "nav", "Navajo; Navaho"),
    ("ny", "nya", "nya", "Chichewa; Chewa; Nyanja"),
    ("oc", "oci", "oci", "Occitan (post 1500); Provençal"),
    ("oj", "oji", "oji", "Ojibwa"),
    ("om", "orm", "orm", "Oromo"),
    ("or", "ori", "ori", "Oriya"),
    ("os", "oss", "oss", "Ossetian; Ossetic"),
    ("pa", "pan", "pan", "Panjabi; Punjabi"),
    ("pi", "pli", "pli", "Pali"),
    ("pl", "pol", "pol", "Polish"),
    ("ps", "pus", "pus", "Pushto; Pashto"),
    ("pt", "por", "por", "Portuguese"),
    ("qu", "que", "que", "Quechua"),
    ("rm", "roh", "roh", "Romansh"),
    ("rn", "run", "run", "Rundi"),
    ("ro", "ron", "rum", "Romanian; Moldavian; Moldovan"),
    ("ru", "rus", "rus", "Russian"),
    ("rw", "kin", "kin", "Kinyarwanda"),
    ("sa", "san", "san", "Sanskrit"),
    ("sc", "srd", "srd", "Sardinian"),
    ("sd", "snd", "snd", "Sindhi"),
    ("se", "sme", "sme", "Northern Sami"),
    ("sg", "sag", "sag", "Sango"),
    ("si", "sin", "sin", "Sinhala; Sinhalese"),
    ("sk", "slk", "slo", "Slovak"),
    ("sl", "slv", "slv", "Slovenian"),
    ("sm", "smo", "smo", "Samoan"),
    ("sn", "sna", "sna", "Shona"),
    ("so", "som", "som", "Somali"),
    ("sq", "sqi", "alb", "Albanian"),
    ("sr", "srp", "srp", "Serbian"),
    ("ss", "ssw", "ssw", "Swati"),
    ("st", "sot", "sot", "Sotho, Southern"),
    ("su", "sun", "sun", "Sundanese"),
    ("sv", "swe", "swe", "Swedish"),
    ("sw", "swa", "swa", "Swahili"),
    ("ta", "tam", "tam", "Tamil"),
    ("te", "tel", "tel", "Telugu"),
    ("tg", "tgk", "tgk", "Tajik"),
    ("th", "tha", "tha", "Thai"),
    ("ti", "tir", "tir", "Tigrinya"),
    ("tk", "tuk", "tuk", "Turkmen"),
    ("tl", "tgl", "tgl", "Tagalog"),
    ("tn", "tsn", "tsn", "Tswana"),
    ("to", "ton", "ton", "Tonga (Tonga Islands)"),
    ("tr", "tur", "tur", "Turkish"),
    ("ts", "tso", "tso", "Tsonga"),
    ("tt", "tat", "tat", "Tatar"),
    ("tw", "twi", "twi", "Twi"),
    ("ty", "tah", "tah", "Tahitian"),
    ("ug", "uig", "uig", "Uighur; Uyghur"),
    ("uk", "ukr", "ukr", "Ukrainian"),
    ("ur", "urd", "urd", "Urdu"),
    ("uz", "uzb", "uzb", "Uzbek"),
    ("ve", "ven", "ven", "Venda"),
    ("vi", "vie", "vie", "Vietnamese"),
    ("vo", "vol", "vol", "Volapük"),
    ("wa", "wln", "wln", "Walloon"),
    ("wo", "wol", "wol", "Wolof"),
    ("xh", "xho", "xho", "Xhosa"),
    ("yi", "yid", "yid", "Yiddish"),
    ("yo", "yor", "yor", "Yoruba"),
    ("za", "zha", "zha", "Zhuang; Chuang"),
    ("zh", "zho", "chi", "Chinese"),
    ("zu", "zul", "zul", "Zulu"),
];

/// Why a language code is refused, with the code meant where tana can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `EN`: codes are written in lower case.
    Case { meant: String },
    /// `eng`, `fre`: the three-letter form of a language that has a two-letter code.
    ThreeLetter { meant: String },
    /// `English`, `english`: a language's name, not its code.
    Name { meant: &'static str },
    /// `xx`, `Englsh`: no such code; `near` is the code of a language whose
    /// name is close to the text.
    Unknown { near: Option<&'static str> },
}

/// The two-letter code of a three-letter ISO 639-2 code (`eng`, `fre`, `fra`).
fn from_three(code: &str) -> Option<&'static str> {
    CODES
        .iter()
        .find(|(_, t, b, _)| *t == code || *b == code)
        .map(|(two, ..)| *two)
}

fn names() -> impl Iterator<Item = (&'static str, &'static str)> {
    CODES
        .iter()
        .flat_map(|(code, _, _, names)| names.split("; ").map(move |n| (*code, n)))
}

/// True for one of the 184 ISO 639-1 codes, in lower case.
pub fn is_two_letter(code: &str) -> bool {
    CODES.iter().any(|(two, ..)| *two == code)
}

/// Checks a language code as rosters write it: an ISO 639-1 code in
/// lower case (`fr`), or a three-letter ISO 639-3 code for a language that
/// has no two-letter one (`prs`), optionally with subtags (`pt-BR`).
pub fn check(code: &str) -> Result<(), Fault> {
    let (primary, rest) = code.split_once('-').map_or((code, ""), |(p, r)| (p, r));
    let with_rest = |meant: &str| {
        if rest.is_empty() {
            meant.to_string()
        } else {
            format!("{meant}-{rest}")
        }
    };
    if crate::session::file::has_language_code_shape(code) {
        return match primary.len() {
            2 if is_two_letter(primary) => Ok(()),
            2 => Err(Fault::Unknown { near: None }),
            _ => match from_three(primary) {
                Some(two) => Err(Fault::ThreeLetter {
                    meant: with_rest(two),
                }),
                None => Ok(()),
            },
        };
    }
    let lower = primary.to_ascii_lowercase();
    let lowered = with_rest(&lower);
    if crate::session::file::has_language_code_shape(&lowered) {
        return match check(&lowered) {
            Ok(()) => Err(Fault::Case {
                meant: canonical_case(&lowered),
            }),
            Err(Fault::ThreeLetter { meant }) => Err(Fault::ThreeLetter { meant }),
            Err(fault) => Err(fault),
        };
    }
    let text = code.trim().to_lowercase();
    if let Some((two, _)) = names().find(|(_, name)| name.to_lowercase() == text) {
        return Err(Fault::Name { meant: two });
    }
    let lowered_names: Vec<(&'static str, String)> =
        names().map(|(c, n)| (c, n.to_lowercase())).collect();
    let near = crate::problem::nearest(&text, lowered_names.iter().map(|(_, n)| n.as_str()))
        .and_then(|n| lowered_names.iter().find(|(_, m)| m == n))
        .map(|(c, _)| *c);
    Err(Fault::Unknown { near })
}

/// True when two language codes name the same language, whatever their
/// subtags and case: `fr` and `fr-CA`, `pt-BR` and `pt`. The one rule by
/// which experts, materials and providers are matched to the State's
/// languages.
pub fn same_language(a: &str, b: &str) -> bool {
    let primary = |s: &str| s.split('-').next().unwrap_or("").to_ascii_lowercase();
    primary(a) == primary(b)
}

/// The canonical spelling of a code that differs from it only in case
/// (`EN` → `en`, `PT-br` → `pt-BR`), for a spreadsheet's cells.
pub fn canonical_case(code: &str) -> String {
    let mut parts = code.split('-');
    let mut out = parts.next().unwrap_or("").to_ascii_lowercase();
    for part in parts {
        out.push('-');
        if part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()) {
            out.push_str(&part.to_ascii_uppercase());
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_language_whatever_the_subtags_and_case() {
        assert!(same_language("pt", "pt-BR"));
        assert!(same_language("pt-BR", "pt"));
        assert!(same_language("FR", "fr-CA"));
        assert!(!same_language("fr", "fy"));
        assert!(!same_language("en", "eng"));
    }

    #[test]
    fn real_codes_pass_and_the_meant_code_is_named() {
        for good in ["en", "fr", "no", "nb", "wo", "zh", "pt-BR", "prs", "fil"] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        assert_eq!(check("EN"), Err(Fault::Case { meant: "en".into() }));
        assert_eq!(
            check("PT-br"),
            Err(Fault::Case {
                meant: "pt-BR".into()
            })
        );
        assert_eq!(check("eng"), Err(Fault::ThreeLetter { meant: "en".into() }));
        assert_eq!(check("fre"), Err(Fault::ThreeLetter { meant: "fr".into() }));
        assert_eq!(check("FRA"), Err(Fault::ThreeLetter { meant: "fr".into() }));
        assert_eq!(check("english"), Err(Fault::Name { meant: "en" }));
        assert_eq!(check("Spanish"), Err(Fault::Name { meant: "es" }));
        assert_eq!(check("Castilian"), Err(Fault::Name { meant: "es" }));
        assert_eq!(check("Englsh"), Err(Fault::Unknown { near: Some("en") }));
        assert_eq!(check("xx"), Err(Fault::Unknown { near: None }));
        assert_eq!(check("XX"), Err(Fault::Unknown { near: None }));
        assert_eq!(check(""), Err(Fault::Unknown { near: None }));
        assert_eq!(CODES.len(), 184);
    }

    #[test]
    fn case_is_made_canonical() {
        assert_eq!(canonical_case("EN"), "en");
        assert_eq!(canonical_case("PT-br"), "pt-BR");
        assert_eq!(canonical_case("zh-Hant"), "zh-Hant");
    }
}
