//! For any string, each escaping parsed back with pulldown-cmark (with the
//! GitHub extensions) yields exactly the text, and creates no heading, list,
//! link, image, HTML, code or table structure.

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::*;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_WIKILINKS
}

/// Text, hard breaks and paragraph breaks of the parse; panics on any other structure.
fn text_of(markdown: &str, allowed: &[Tag<'_>]) -> String {
    let mut out = String::new();
    let mut paragraphs = 0;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Paragraph) => {
                if paragraphs > 0 {
                    out.push_str("\n\n");
                }
                paragraphs += 1;
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell,
            ) => {}
            Event::Start(ref tag)
                if allowed
                    .iter()
                    .any(|a| std::mem::discriminant(a) == std::mem::discriminant(tag)) => {}
            other => panic!("unexpected {other:?} in {markdown:?}"),
        }
    }
    out
}

fn as_table(cell_text: &str) -> String {
    format!("| a | b |\n|---|---|\n| {cell_text} | x |\n")
}

fn table_cell_text(markdown: &str) -> String {
    let mut cells: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::TableCell) => current = Some(String::new()),
            Event::End(TagEnd::TableCell) => cells.push(current.take().unwrap_or_default()),
            Event::Text(t) => current
                .as_mut()
                .expect("text only inside cells")
                .push_str(&t),
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow)
            | Event::End(TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow) => {}
            other => panic!("unexpected {other:?} in {markdown:?}"),
        }
    }
    assert_eq!(
        cells.len(),
        4,
        "the table keeps two columns: {markdown:?} gave {cells:?}"
    );
    assert_eq!(cells[3], "x");
    cells[2].clone()
}

fn expected_block(text: &str) -> String {
    paragraphs(&sanitize(text))
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn check_inline(text: &str) {
    let rendered = inline(text);
    let parsed = text_of(&format!("Note: {rendered}\n"), &[]);
    let clean = sanitize(text);
    let expected = if clean.is_empty() {
        "Note:".to_string()
    } else {
        format!("Note: {clean}")
    };
    assert_eq!(parsed, expected, "inline {rendered:?}");
    let alone = text_of(&format!("{rendered}\n"), &[]);
    assert_eq!(alone, sanitize(text), "inline at line start {rendered:?}");
}

fn check_cell(text: &str) {
    let rendered = cell(text);
    assert_eq!(
        table_cell_text(&as_table(&rendered)),
        sanitize(text).trim_matches('\u{0}'),
        "cell {rendered:?}"
    );
}

fn check_code(text: &str) {
    let rendered = code(text);
    let mut spans = Vec::new();
    for event in Parser::new_ext(&format!("Id: {rendered}\n"), options()) {
        match event {
            Event::Code(c) => spans.push(c.to_string()),
            Event::Text(_) | Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            other => panic!("unexpected {other:?} in {rendered:?}"),
        }
    }
    let expected = sanitize(text).replace(['\n', '\t'], " ");
    if expected.trim().is_empty() {
        assert!(spans.is_empty());
    } else {
        assert_eq!(spans, vec![expected], "code {rendered:?}");
    }
}

fn check_block(text: &str) {
    let rendered = block(text);
    let parsed = text_of(&format!("{rendered}\n"), &[Tag::BlockQuote(None)]);
    assert_eq!(parsed, expected_block(text), "block {rendered:?}");
}

const NASTY: &[&str] = &[
    "# not a heading",
    "---",
    "> not a quote",
    "1. not a list",
    "- not a list",
    "```\ncode fence\n```",
    "~~~",
    "a | b \\| c",
    "line one\nline two",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- comment",
    "[x](javascript:alert(1))",
    "![](http://host/p.png)",
    "http://example.com and www.example.com",
    "{{ 7*7 }} {% include \"x\" %}",
    "\u{202e}reversed\u{200b}zero-width e\u{301} 🙂 مرحبا 北京",
    "  leading and trailing  ",
    "\ttab",
    "*emphasis* _under_ **strong** ~~strike~~ `code` $math$ ^sup^ ~sub~",
    "term\n: definition",
    "[^1]: footnote",
    "- [ ] task",
    "| a | b |\n|---|---|",
    "&amp; &#60; &copy;",
    "back\\slash at end\\",
    "\\",
    "a\n\n\n b \n\n",
    "Setext\n=====",
    "    indented code",
    "[[wiki link]]",
    "(1) first\n(2) second",
    "a. first point\nb. second",
    "iv) roman\nA.  two spaces",
    "(@) example list",
    "#. auto-numbered",
    "ends with two spaces  \nnext",
];

#[test]
fn nasty_inputs_read_exactly_as_typed() {
    for text in NASTY {
        check_code(text);
        check_inline(text);
        check_cell(text);
        check_block(text);
    }
}

#[test]
fn control_characters_are_removed() {
    assert_eq!(sanitize("a\u{1b}[31mb\u{7}c\r\nd"), "a[31mbc\nd");
}

#[test]
fn xml_escapes() {
    assert_eq!(
        xml("<a href=\"x\">&'"),
        "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_round_trips(text in "\\PC{0,40}|[ -~\\n\\t]{0,60}") {
        check_code(&text);
        check_inline(&text);
        check_cell(&text);
        check_block(&text);
    }

    #[test]
    fn text_with_control_characters_round_trips_after_sanitising(text in ".{0,30}") {
        check_inline(&text);
        check_cell(&text);
        check_block(&text);
    }

    #[test]
    fn markdown_heavy_text_round_trips(text in "[-#>*_`~|\\[\\]()!<>{}%&:/.\\\\ \\n\\tab1=+^$]{0,40}") {
        check_inline(&text);
        check_cell(&text);
        check_block(&text);
    }
}
