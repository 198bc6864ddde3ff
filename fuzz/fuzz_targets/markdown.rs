//! Any text escaped for each place in the report (running text, a table
//! cell, a block, a code span) parses back with pulldown-cmark (GitHub
//! extensions on) to exactly the text, and makes no heading, list, link,
//! image, HTML, code or table structure. The oracle is that of
//! `src/report/markdown/tests.rs`, run on libFuzzer's inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use tana::report::markdown::{block, cell, code, inline, paragraphs, sanitize};

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

fn text_of(markdown: &str, quote_allowed: bool) -> String {
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
            Event::End(TagEnd::Paragraph | TagEnd::BlockQuote(_)) => {}
            Event::Start(Tag::BlockQuote(_)) if quote_allowed => {}
            other => panic!("unexpected {other:?} in {markdown:?}"),
        }
    }
    out
}

fn check_inline(text: &str) {
    let rendered = inline(text);
    let parsed = text_of(&format!("Note: {rendered}\n"), false);
    let clean = sanitize(text);
    let expected = if clean.is_empty() {
        "Note:".to_string()
    } else {
        format!("Note: {clean}")
    };
    assert_eq!(parsed, expected, "inline {rendered:?}");
    let alone = text_of(&format!("{rendered}\n"), false);
    assert_eq!(alone, sanitize(text), "inline at line start {rendered:?}");
}

fn check_cell(text: &str) {
    let rendered = cell(text);
    let markdown = format!("| a | b |\n|---|---|\n| {rendered} | x |\n");
    let mut cells: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(&markdown, options()) {
        match event {
            Event::Start(Tag::TableCell) => current = Some(String::new()),
            Event::End(TagEnd::TableCell) => cells.push(current.take().unwrap_or_default()),
            Event::Text(t) => current
                .as_mut()
                .unwrap_or_else(|| panic!("text outside cells in {markdown:?}"))
                .push_str(&t),
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow)
            | Event::End(TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow) => {}
            other => panic!("unexpected {other:?} in {markdown:?}"),
        }
    }
    assert_eq!(cells.len(), 4, "two columns: {markdown:?} gave {cells:?}");
    assert_eq!(cells[3], "x");
    assert_eq!(
        cells[2],
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
    let parsed = text_of(&format!("{rendered}\n"), true);
    let expected = paragraphs(&sanitize(text))
        .iter()
        .map(|p| p.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n");
    assert_eq!(parsed, expected, "block {rendered:?}");
}

fuzz_target!(|text: &str| {
    // The escapers are for notes and names, which the interface bounds; a
    // few KiB keeps each run short without losing any structure.
    if text.len() > 4096 {
        return;
    }
    check_code(text);
    check_inline(text);
    check_cell(text);
    check_block(text);
});
