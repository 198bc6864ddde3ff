//! The shipped table loads; citations find their entry by the longest code
//! or alias; ranges and scanning; located problems.

use super::*;

#[test]
fn the_shipped_table_loads() {
    let references = References::embedded();
    assert!(references.entries.iter().filter(|e| e.is_seed()).count() >= 5);
    let budapest = references.entry("Budapest Convention").unwrap();
    assert_eq!(budapest.range, Some(1..=48));
    assert_eq!(budapest.symbol.as_deref(), Some("ETS No. 185"));
    let hrddp = references.entry("HRDDP").unwrap();
    assert_eq!(hrddp.kind, Kind::Policy);
    assert_eq!(hrddp.symbol.as_deref(), Some("A/67/775–S/2013/110"));
}

#[test]
fn a_citation_finds_its_entry_longest_name_first() {
    let r = References::embedded();
    let cases = [
        ("000 ¶39(f)(iii)", "000", Some(39), None),
        ("000 ¶16-17", "000", Some(16), Some(17)),
        ("004 §2", "004", Some(2), None),
        ("UNTOC art. 18(9)", "UNTOC", Some(18), None),
        (
            "Budapest Convention art. 16",
            "Budapest Convention",
            Some(16),
            None,
        ),
        (
            "ICAO TRIP Guide on Evidence of Identity",
            "ICAO TRIP Guide on Evidence of Identity",
            None,
            None,
        ),
        ("ICAO TRIP", "ICAO TRIP", None, None),
        (
            "Second Additional Protocol (CETS 224)",
            "CETS 224",
            None,
            None,
        ),
        ("CETS 224", "CETS 224", None, None),
        ("FATF R.15/INR.15", "FATF", None, None),
        ("FATF R.10", "FATF", Some(10), None),
        (
            "FATF Guidance on Digital Identity",
            "FATF Guidance on Digital Identity",
            None,
            None,
        ),
        ("ID4D Principle 3", "ID4D Principle", Some(3), None),
        ("SDG 16.9", "SDG", Some(16), None),
        ("SDG indicator 16.9.1", "SDG indicator", Some(16), None),
        ("Victims Declaration A/RES/40/34", "A/RES/40/34", None, None),
        ("A/RES/40/34 ¶8", "A/RES/40/34", Some(8), None),
        ("ICAO Doc 9303 Part 4", "ICAO Doc 9303", Some(4), None),
        ("Convention 108+", "Convention 108+", None, None),
    ];
    for (citation, code, number, last) in cases {
        let found = r
            .find(citation)
            .unwrap_or_else(|| panic!("{citation} is not found"));
        assert_eq!(found.entry.code, code, "{citation}");
        assert_eq!((found.number, found.last), (number, last), "{citation}");
        assert!(found.in_range(), "{citation}");
    }
    assert!(
        r.find("UNTOCX art. 1").is_none(),
        "a longer word is not the code"
    );
    assert!(r.find("Unknown Convention art. 3").is_none());
    let out = r.find("Budapest Convention art. 49").unwrap();
    assert!(!out.in_range(), "the Convention has 48 articles");
    assert!(
        !r.find("000 ¶40").unwrap().in_range(),
        "seed 000 has 39 paragraphs"
    );
}

#[test]
fn every_citation_of_the_shipped_questionnaire_has_an_entry() {
    let r = References::embedded();
    let questionnaire = crate::questionnaire::Questionnaire::embedded();
    let missing: Vec<&str> = questionnaire
        .questions
        .iter()
        .flat_map(|q| q.sources.iter())
        .filter(|s| r.find(s).is_none())
        .map(String::as_str)
        .collect();
    assert!(missing.is_empty(), "no entry for {missing:?}");
}

#[test]
fn scanning_finds_codes_in_running_text_and_not_numbers() {
    let r = References::embedded();
    let text = "Delivery follows 000 ¶34 and 004 §2; see the Second Additional Protocol (CETS 224) \
                and UNTOC art. 18. A budget of USD 160 000 is not a seed, nor is FATFX or 000.";
    let found: Vec<&str> = r
        .scan(text)
        .iter()
        .map(|f| r.entries[f.index].code.as_str())
        .collect();
    assert_eq!(found, ["000", "004", "CETS 224", "UNTOC"]);
}

#[test]
fn problems_are_located_and_collected() {
    let source = r#"tana-references: 1
seeds:
  - code: "0001"
    title: A seed
    numbering: paragraf
    unit: "¶"
instruments:
  - code: UNTOC
    title: The Convention
    kind: treety
    unit: "art."
    articles: 41
    subjects:
      - {subject: far away, article: "52"}
  - code: Other
    aliases: [UNTOC]
    title: ""
    kind: treaty
    url: ftp://example.org
"#;
    let problems = References::from_source(source).unwrap_err();
    let text: Vec<String> = problems
        .iter()
        .map(|p| format!("{}:{} {}", p.line, p.column, p.message))
        .collect();
    let joined = text.join("\n");
    for expected in [
        "3:11 the seed code `0001` must be three digits",
        "5:16 unknown numbering `paragraf`: write paragraph, section or none; did you mean `paragraph`?",
        "10:11 unknown kind `treety`",
        "did you mean `treaty`?",
        "14:38 art. 52 is outside `UNTOC`, whose parts run from 1 to 41",
        "16:15 `UNTOC` is used twice as a code or alias (first at line 8)",
        "17:12 the title is empty",
        "19:10 the url `ftp://example.org` must start with https:// or http://",
    ] {
        assert!(
            joined.contains(expected),
            "missing {expected:?} in\n{joined}"
        );
    }
}

#[test]
fn the_parts_after_a_code_are_read() {
    let r = References::embedded();
    let parts = |code: &str, after: &str| parts_after(r.entry(code).unwrap(), after);
    assert_eq!(parts("000", " ¶28, ¶35)."), ["¶28", "¶35"]);
    assert_eq!(
        parts("000", " ¶28, 35, 39(f); next"),
        ["¶28", "¶35", "¶39(f)"]
    );
    assert_eq!(
        parts("UNTOC", " art. 2(b), 3, 24(2)(a)"),
        ["art. 2(b)", "art. 3", "art. 24(2)(a)"]
    );
    assert_eq!(parts("FATF", " R.15, 16"), ["R.15", "R.16"]);
    assert_eq!(parts("000", " ¶39(f)(iii), and"), ["¶39(f)(iii)"]);
    assert_eq!(parts("000", " ¶16-17."), ["¶16-17"]);
    assert_eq!(parts("000", " ¶34–36)"), ["¶34–36"]);
    assert_eq!(parts("004", " §2"), ["§2"]);
    assert_eq!(parts("UNTOC", " art. 18(13); next"), ["art. 18(13)"]);
    assert_eq!(parts("FATF", " R.10"), ["R.10"]);
    assert_eq!(parts("SDG", " 16.9 and"), ["16.9"]);
    assert_eq!(parts("SDG indicator", " 17.19.2(b)"), ["17.19.2(b)"]);
    assert_eq!(parts("ID4D Principle", " 3"), ["3"]);
    assert!(parts("Budapest Convention", ")").is_empty());
    assert!(parts("000", " is a number").is_empty());
}

#[test]
fn scanning_takes_the_longest_name_where_two_overlap() {
    let r = References::embedded();
    let text = "Use the ICAO TRIP Guide on Evidence of Identity and the ICAO TRIP strategy; \
                FATF Guidance on Digital Identity, FATF R.10.";
    let found: Vec<(&str, &str)> = r
        .scan(text)
        .iter()
        .map(|f| (r.entries[f.index].code.as_str(), &text[f.at.clone()]))
        .collect();
    assert_eq!(
        found,
        [
            (
                "ICAO TRIP Guide on Evidence of Identity",
                "ICAO TRIP Guide on Evidence of Identity"
            ),
            ("ICAO TRIP", "ICAO TRIP"),
            (
                "FATF Guidance on Digital Identity",
                "FATF Guidance on Digital Identity"
            ),
            ("FATF", "FATF"),
        ]
    );
}
