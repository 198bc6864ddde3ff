//! For any string, each escaping parsed back by every renderer of the
//! oracle (pulldown-cmark, GitHub's Markdown with autolinks, and pandoc's
//! `gfm` and `markdown` where pandoc is installed) yields exactly the text,
//! and creates no heading, list, link, image, HTML, emphasis, code, math,
//! citation or broken table.

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::*;
use crate::report::oracle::{Block, Renderer, pandoc_available};

/// The document one text makes: as running text after a label, alone on a
/// line, as a block quote, and in a table cell; then a rule.
fn document(text: &str) -> String {
    let mut out = format!("Note: {}\n\n{}\n\n", inline(text), inline(text));
    let quote = block(text);
    if !quote.is_empty() {
        out.push_str(&quote);
        out.push_str("\n\n");
    }
    out.push_str("| a | b |\n|---|---|\n| ");
    out.push_str(&cell(text));
    out.push_str(" | x |\n\n* * *\n\n");
    out
}

/// The blocks [`document`] must parse to.
fn expected(text: &str) -> Vec<Block> {
    let clean = sanitize(text);
    let mut blocks = vec![Block::Para(if clean.is_empty() {
        "Note:".into()
    } else {
        format!("Note: {clean}")
    })];
    if !clean.is_empty() {
        blocks.push(Block::Para(clean.clone()));
    }
    let paragraphs: Vec<String> = paragraphs(&clean).iter().map(|p| p.join("\n")).collect();
    if !paragraphs.is_empty() {
        blocks.push(Block::Quote(paragraphs));
    }
    blocks.push(Block::Table(vec![
        vec!["a".into(), "b".into()],
        vec![clean, "x".into()],
    ]));
    blocks.push(Block::Rule);
    blocks
}

/// Checks one renderer on many texts at once (one pandoc run); on a
/// mismatch, finds the text that caused it.
fn check_renderer(renderer: Renderer, texts: &[String]) {
    let all: String = texts.iter().map(|t| document(t)).collect();
    let want: Vec<Block> = texts.iter().flat_map(|t| expected(t)).collect();
    let ok = renderer
        .parse(&all)
        .is_ok_and(|got| renderer.normalise_blocks(&got) == renderer.normalise_blocks(&want));
    if ok {
        return;
    }
    for text in texts {
        let markdown = document(text);
        match renderer.parse(&markdown) {
            Err(structure) => {
                panic!("{renderer:?} made {structure} from {text:?}, written\n{markdown}")
            }
            Ok(got) => assert_eq!(
                renderer.normalise_blocks(&got),
                renderer.normalise_blocks(&expected(text)),
                "{renderer:?} on {text:?}, written\n{markdown}"
            ),
        }
    }
    panic!("{renderer:?}: the texts pass alone but not together: {texts:?}");
}

/// Checks every renderer of the oracle (pandoc's only when installed).
fn check_all(texts: &[String]) {
    for renderer in Renderer::ALL {
        if renderer.available() {
            check_renderer(renderer, texts);
        }
    }
}

fn check_code(text: &str) {
    let rendered = code(text);
    let mut spans = Vec::new();
    for event in Parser::new_ext(&format!("Id: {rendered}\n"), Options::all()) {
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

const NASTY: &[&str] = &[
    "# not a heading",
    "---",
    "> not a quote",
    "1. not a list",
    "- not a list",
    "+ not a list",
    "* not a list",
    "```\ncode fence\n```",
    "~~~",
    "a | b \\| c",
    "line one\nline two",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- comment",
    "[x](javascript:alert(1))",
    "![](http://host/p.png)",
    "http://example.com and www.example.com and https://x.org/a_b",
    "ftp://x.y WWW.EXAMPLE.COM <http://x.y> <a@b.cd>",
    "write to jane.doe@example.org or mailto:j@x.io, xmpp:a@b.cd",
    "a.@b.cd a+b@c.de -x@y.zz _q@r.st",
    "@doe says [@doe] (@doe) and @",
    "{{ 7*7 }} {% include \"x\" %} {# c #}",
    "\u{202e}reversed\u{200b}zero-width e\u{301} 🙂 مرحبا 北京",
    "  leading and trailing  ",
    "\ttab",
    "*emphasis* _under_ **strong** ~~strike~~ `code` $math$ ^sup^ ~sub~",
    "snake_case_name and 5 * 3 * 2 and a * b",
    "term\n: definition",
    "[^1]: footnote",
    "- [ ] task",
    "| a | b |\n|---|---|",
    "a\n|---|---|",
    "&amp; &#60; &copy; R&D &",
    "back\\slash at end\\",
    "\\",
    "C:\\Users\\newfolder \\emph{x} a\\ b",
    "a\n\n\n b \n\n",
    "Setext\n=====",
    "Setext\n-",
    "header\n-:",
    "header\n--: ",
    "    indented code",
    "[[wiki link]]",
    "(1) first\n(2) second",
    "a. first point\nb. second",
    "iv) roman\nA.  two spaces",
    "IV. roman\nA. Okafor",
    "(@) example list\n@. example",
    "#. auto-numbered",
    "ends with two spaces  \nnext",
    "US$160 and US$40, $5 and $x$, a $$ b $$ c",
    "it's \"quoted\" -- and --- and ...",
    ":smile: :+1: at 10:30:45",
    "::: div\n:::",
    "> [!NOTE]\n> alert",
    "% title",
    "+---+---+\n| a | b |\n+---+---+",
    "Mr. Smith, e.g. this",
    "2027. A year",
    "A.",
    "x\n***\ny",
    "<3 and a < b and a <= b and <-",
    "Greek varia \u{1fef}code\u{1fef} and question mark \u{37e}",
];

#[test]
fn nasty_inputs_read_exactly_as_typed() {
    for text in NASTY {
        check_code(text);
    }
    let texts: Vec<String> = NASTY.iter().map(ToString::to_string).collect();
    check_all(&texts);
    if !pandoc_available() {
        eprintln!("skipped the pandoc renderers: pandoc is not installed");
    }
}

#[test]
fn ordinary_prose_is_not_escaped() {
    for text in [
        "The Minister's letter: \"technical assistance\" (see p. 4); 1,140 complaints, 2027-2028.",
        "M. Okafor-Lindqvist (UNODC), R. Tavernier-Osei; 3.5 % of 10/12 cases?",
        "Officials named: (1) fraud; (2) smuggling! 50% + 20 = 70 - see below.",
    ] {
        assert_eq!(inline(text), text, "no escape in ordinary prose");
        assert_eq!(block(text), format!("> {text}"));
    }
    assert_eq!(
        inline("(1) first"),
        "\\(1) first",
        "a pandoc list marker at the start"
    );
    assert_eq!(
        block("a\n(1) first"),
        "> a\\\n> (1) first",
        "cannot interrupt a paragraph"
    );
    assert_eq!(inline("a@b.cd"), "a@\u{2060}b.cd");
    assert_eq!(inline("see http://x.org"), "see http\\://x.org");
}

#[test]
fn a_megabyte_paste_is_escaped_in_one_pass() {
    let paste = "1.1.1) a_b *c* [d] :e: &f; www.x $y$ ".repeat(30_000);
    let escaped = inline(&paste);
    assert!(escaped.len() > paste.len());
    let quoted = block(&paste.replace(' ', "\n"));
    assert!(quoted.lines().count() > 100_000);
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

#[test]
fn joiners_are_stripped_from_parsed_text_only() {
    assert_eq!(
        strip_joiners(&inline("jane@example.org")),
        "jane@example.org"
    );
    assert_eq!(strip_joiners("no at sign"), "no at sign");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_round_trips(text in "\\PC{0,40}|[ -~\\n\\t]{0,60}") {
        check_code(&text);
        let texts = [text];
        for renderer in [Renderer::PulldownCmark, Renderer::Gfm] {
            check_renderer(renderer, &texts);
        }
    }

    #[test]
    fn text_with_control_characters_round_trips_after_sanitising(text in ".{0,30}") {
        let texts = [text];
        for renderer in [Renderer::PulldownCmark, Renderer::Gfm] {
            check_renderer(renderer, &texts);
        }
    }

    #[test]
    fn markdown_heavy_text_round_trips(text in "[-#>*_`~|\\[\\]()!<>{}%&:/.@$^=+\\\\ \\n\\tabwiv1.:]{0,40}") {
        let texts = [text];
        for renderer in [Renderer::PulldownCmark, Renderer::Gfm] {
            check_renderer(renderer, &texts);
        }
    }
}

proptest! {
    // pandoc is a process: many texts per run, fewer runs.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn any_text_round_trips_through_pandoc(
        texts in prop::collection::vec("[-#>*_`~|\\[\\]()!<>{}%&:/.@$^=+\\\\ \\n\\tabwiv1.:]{0,30}|\\PC{0,30}|[ -~\\n]{0,40}", 40..60)
    ) {
        for renderer in [Renderer::PandocGfm, Renderer::Pandoc, Renderer::PandocPlain, Renderer::CmarkGfm] {
            if renderer.available() {
                check_renderer(renderer, &texts);
            }
        }
    }
}

#[test]
fn the_oracle_sees_structure_in_unescaped_text() {
    let cases: &[(&str, &[Renderer])] = &[
        ("# heading", &Renderer::ALL),
        ("*emphasis*", &Renderer::ALL),
        ("[x](http://y.z)", &Renderer::ALL),
        ("- list", &Renderer::ALL),
        ("jane@example.org", &[Renderer::Gfm, Renderer::PandocGfm]),
        ("see www.example.org", &[Renderer::Gfm, Renderer::PandocGfm]),
        (
            "see http://example.org",
            &[Renderer::Gfm, Renderer::PandocGfm],
        ),
        (":smile:", &[Renderer::Gfm, Renderer::PandocGfm]),
        ("(@doe) [@doe]", &[Renderer::Pandoc, Renderer::PandocPlain]),
        ("a. list", &[Renderer::Pandoc, Renderer::PandocPlain]),
        ("IV. list", &[Renderer::Pandoc, Renderer::PandocPlain]),
        ("C:\\Users", &[Renderer::Pandoc, Renderer::PandocPlain]),
        (
            "US$160 and US$40",
            &[Renderer::PandocGfm, Renderer::PulldownCmark],
        ),
    ];
    for (markdown, renderers) in cases {
        for renderer in *renderers {
            if !renderer.available() {
                continue;
            }
            let parsed = renderer.parse(&format!("{markdown}\n"));
            assert!(
                parsed.is_err(),
                "{renderer:?} should see structure in {markdown:?}: {parsed:?}"
            );
        }
    }
}
