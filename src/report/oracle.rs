//! The test oracle for escaped Markdown: the same text parsed by three
//! renderers — pulldown-cmark (the HTML output's parser), comrak (GitHub's
//! Markdown, autolinks and emoji shortcodes on) and, where installed,
//! pandoc (`gfm`, `markdown` with and without smart typography) — reduced to
//! paragraphs, block quotes, tables and rules. Any other structure (a link,
//! an image, HTML, a heading, a list, emphasis, code, math, a citation…) is
//! an error naming it.

use std::io::Write as _;
use std::process::{Command, Stdio};

/// A block of a parsed document, as far as escaped text may go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(String),
    Quote(Vec<String>),
    Table(Vec<Vec<String>>),
    Rule,
}

/// A renderer the oracle knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    PulldownCmark,
    /// comrak with GitHub's extensions, autolinks included.
    Gfm,
    /// `pandoc -f gfm`.
    PandocGfm,
    /// `pandoc -f markdown` (smart typography on, as people run it).
    Pandoc,
    /// `pandoc -f markdown-smart`, for an exact comparison of the text.
    PandocPlain,
    /// GitHub's own parser, `cmark-gfm` with its extensions, where installed.
    CmarkGfm,
}

impl Renderer {
    pub const ALL: [Renderer; 6] = [
        Renderer::PulldownCmark,
        Renderer::Gfm,
        Renderer::PandocGfm,
        Renderer::Pandoc,
        Renderer::PandocPlain,
        Renderer::CmarkGfm,
    ];

    /// Can this renderer run here (pandoc and cmark-gfm are programs)?
    pub fn available(self) -> bool {
        match self {
            Renderer::PulldownCmark | Renderer::Gfm => true,
            Renderer::CmarkGfm => cmark_gfm().is_some(),
            _ => pandoc_available(),
        }
    }

    pub fn is_pandoc(self) -> bool {
        matches!(
            self,
            Renderer::PandocGfm | Renderer::Pandoc | Renderer::PandocPlain
        )
    }

    /// Parses `markdown`; `Err` names the first structure that is not a
    /// paragraph, block quote, table or rule.
    pub fn parse(self, markdown: &str) -> Result<Vec<Block>, String> {
        match self {
            Renderer::PulldownCmark => pulldown(markdown),
            Renderer::Gfm => gfm(markdown),
            Renderer::PandocGfm => pandoc(markdown, "gfm"),
            Renderer::Pandoc => pandoc(markdown, "markdown"),
            Renderer::PandocPlain => pandoc(markdown, "markdown-smart"),
            Renderer::CmarkGfm => cmark(markdown),
        }
    }

    /// Text as this renderer shows it, made comparable: the joiners tana
    /// writes after `@` dropped, typographic quotes, dashes and ellipses as
    /// typed, and for pandoc (which keeps no run of spaces) blanks collapsed.
    pub fn normalise(self, text: &str) -> String {
        let text = super::markdown::strip_joiners(text)
            .replace(['‘', '’'], "'")
            .replace(['“', '”'], "\"")
            .replace('—', "---")
            .replace('–', "--")
            .replace('…', "...");
        if self == Renderer::Pandoc {
            // Smart quotes may take the blank inside them (`'( '` is `‘(’`):
            // typography, checked exactly without it by `PandocPlain`.
            use unicode_normalization::UnicodeNormalization as _;
            text.nfc().filter(|c| !c.is_whitespace()).collect()
        } else if self.is_pandoc() {
            // pandoc keeps no run of blanks and writes text in Unicode's NFC.
            use unicode_normalization::UnicodeNormalization as _;
            text.nfc()
                .collect::<String>()
                .replace('\u{a0}', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            text
        }
    }

    /// The blocks made comparable with [`Renderer::normalise`]; for pandoc,
    /// paragraphs left empty are dropped.
    pub fn normalise_blocks(self, blocks: &[Block]) -> Vec<Block> {
        let keep = |t: &String| !(self.is_pandoc() && t.is_empty());
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(t) => Some(self.normalise(t)).filter(keep).map(Block::Para),
                Block::Quote(ps) => {
                    let ps: Vec<String> =
                        ps.iter().map(|p| self.normalise(p)).filter(keep).collect();
                    (!ps.is_empty()).then_some(Block::Quote(ps))
                }
                Block::Table(rows) => Some(Block::Table(
                    rows.iter()
                        .map(|r| r.iter().map(|c| self.normalise(c)).collect())
                        .collect(),
                )),
                Block::Rule => Some(Block::Rule),
            })
            .collect()
    }
}

/// Is pandoc installed (on `PATH`, or where `TANA_PANDOC` says)?
pub fn pandoc_available() -> bool {
    super::pandoc::find().is_some()
}

fn pulldown(markdown: &str) -> Result<Vec<Block>, String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::all()
        - Options::ENABLE_OLD_FOOTNOTES
        - Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        - Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut quote: Option<Vec<String>> = None;
    let mut table: Option<Vec<Vec<String>>> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Paragraph | Tag::TableCell) => text.clear(),
            Event::End(TagEnd::Paragraph) => {
                let t = std::mem::take(&mut text);
                match quote.as_mut() {
                    Some(q) => q.push(t),
                    None => blocks.push(Block::Para(t)),
                }
            }
            Event::Start(Tag::BlockQuote(None)) if quote.is_none() => quote = Some(Vec::new()),
            Event::End(TagEnd::BlockQuote(None)) => {
                blocks.push(Block::Quote(quote.take().unwrap_or_default()));
            }
            Event::Start(Tag::Table(_)) => table = Some(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                table
                    .as_mut()
                    .ok_or("row outside a table")?
                    .push(Vec::new());
            }
            Event::End(TagEnd::TableCell) => table
                .as_mut()
                .and_then(|t| t.last_mut())
                .ok_or("cell outside a row")?
                .push(std::mem::take(&mut text)),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {}
            Event::End(TagEnd::Table) => {
                blocks.push(Block::Table(table.take().unwrap_or_default()));
            }
            Event::Rule => blocks.push(Block::Rule),
            other => return Err(format!("{other:?}")),
        }
    }
    Ok(blocks)
}

fn gfm(markdown: &str) -> Result<Vec<Block>, String> {
    use comrak::nodes::{AstNode, NodeValue};
    fn inlines<'a>(node: &'a AstNode<'a>, out: &mut String) -> Result<(), String> {
        for child in node.children() {
            match &child.data().value {
                NodeValue::Text(t) => out.push_str(t),
                NodeValue::LineBreak => out.push('\n'),
                other => return Err(format!("{other:?}")),
            }
        }
        Ok(())
    }
    let mut options = comrak::Options::default();
    let e = &mut options.extension;
    e.strikethrough = true;
    e.table = true;
    e.autolink = true;
    e.tasklist = true;
    e.superscript = true;
    e.subscript = true;
    e.footnotes = true;
    e.description_lists = true;
    e.math_dollars = true;
    e.shortcodes = true;
    e.alerts = true;
    e.wikilinks_title_after_pipe = true;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &options);
    let mut blocks = Vec::new();
    for node in root.children() {
        let value = node.data().value.clone();
        match value {
            NodeValue::Paragraph => {
                let mut t = String::new();
                inlines(node, &mut t)?;
                blocks.push(Block::Para(t));
            }
            NodeValue::BlockQuote => {
                let mut ps = Vec::new();
                for p in node.children() {
                    if !matches!(p.data().value, NodeValue::Paragraph) {
                        return Err(format!("{:?} in a quote", p.data().value));
                    }
                    let mut t = String::new();
                    inlines(p, &mut t)?;
                    ps.push(t);
                }
                blocks.push(Block::Quote(ps));
            }
            NodeValue::Table(_) => {
                let mut rows = Vec::new();
                for row in node.children() {
                    let mut cells = Vec::new();
                    for cell in row.children() {
                        let mut t = String::new();
                        inlines(cell, &mut t)?;
                        cells.push(t);
                    }
                    rows.push(cells);
                }
                blocks.push(Block::Table(rows));
            }
            NodeValue::ThematicBreak => blocks.push(Block::Rule),
            other => return Err(format!("{other:?}")),
        }
    }
    Ok(blocks)
}

/// Runs pandoc from `from` to its JSON AST.
pub fn pandoc_json(markdown: &str, from: &str) -> serde_json::Value {
    let program = super::pandoc::find().expect("pandoc is installed");
    let mut child = Command::new(program)
        .args(["-f", from, "-t", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("pandoc runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(markdown.as_bytes())
        .expect("pandoc reads");
    let output = child.wait_with_output().expect("pandoc ends");
    assert!(output.status.success(), "pandoc failed on {markdown:?}");
    serde_json::from_slice(&output.stdout).expect("pandoc's JSON")
}

fn pandoc(markdown: &str, from: &str) -> Result<Vec<Block>, String> {
    use serde_json::Value;
    fn inlines(items: &Value, out: &mut String) -> Result<(), String> {
        for item in items.as_array().ok_or("inlines")? {
            match item["t"].as_str().unwrap_or_default() {
                "Str" => out.push_str(item["c"].as_str().unwrap_or_default()),
                "Space" | "SoftBreak" => out.push(' '),
                "LineBreak" => out.push('\n'),
                // Smart typography, not structure.
                "Quoted" => {
                    let mark = if item["c"][0]["t"] == "DoubleQuote" {
                        '"'
                    } else {
                        '\''
                    };
                    out.push(mark);
                    inlines(&item["c"][1], out)?;
                    out.push(mark);
                }
                other => return Err(format!("{other}: {item}")),
            }
        }
        Ok(())
    }
    fn plain(blocks: &Value) -> Result<String, String> {
        let mut t = String::new();
        for b in blocks.as_array().ok_or("blocks")? {
            match b["t"].as_str().unwrap_or_default() {
                "Plain" | "Para" => inlines(&b["c"], &mut t)?,
                other => return Err(format!("{other} in a cell: {b}")),
            }
        }
        Ok(t)
    }
    fn rows(rows: &Value, out: &mut Vec<Vec<String>>) -> Result<(), String> {
        for row in rows.as_array().ok_or("rows")? {
            let mut cells = Vec::new();
            for cell in row[1].as_array().ok_or("cells")? {
                cells.push(plain(&cell[4])?);
            }
            out.push(cells);
        }
        Ok(())
    }
    let json = pandoc_json(markdown, from);
    let mut blocks = Vec::new();
    for block in json["blocks"].as_array().ok_or("no blocks")? {
        let c = &block["c"];
        match block["t"].as_str().unwrap_or_default() {
            "Para" | "Plain" => {
                let mut t = String::new();
                inlines(c, &mut t)?;
                blocks.push(Block::Para(t));
            }
            "BlockQuote" => {
                let mut ps = Vec::new();
                for p in c.as_array().ok_or("quote")? {
                    if p["t"] != "Para" && p["t"] != "Plain" {
                        return Err(format!("{} in a quote: {p}", p["t"]));
                    }
                    let mut t = String::new();
                    inlines(&p["c"], &mut t)?;
                    ps.push(t);
                }
                blocks.push(Block::Quote(ps));
            }
            "Table" => {
                let mut out = Vec::new();
                rows(&c[3][1], &mut out)?;
                for body in c[4].as_array().ok_or("bodies")? {
                    rows(&body[3], &mut out)?;
                }
                blocks.push(Block::Table(out));
            }
            "HorizontalRule" => blocks.push(Block::Rule),
            other => return Err(format!("{other}: {block}")),
        }
    }
    Ok(blocks)
}

/// The `cmark-gfm` program on `PATH`, if any.
fn cmark_gfm() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("cmark-gfm"))
        .find(|candidate| candidate.is_file())
}

fn cmark(markdown: &str) -> Result<Vec<Block>, String> {
    fn inlines(node: roxmltree::Node<'_, '_>, out: &mut String) -> Result<(), String> {
        for child in node.children().filter(roxmltree::Node::is_element) {
            match child.tag_name().name() {
                "text" => out.push_str(child.text().unwrap_or_default()),
                "linebreak" => out.push('\n'),
                other => return Err(format!("{other}: {:?}", child.text())),
            }
        }
        Ok(())
    }
    let program = cmark_gfm().expect("cmark-gfm is installed");
    let mut child = Command::new(program)
        .args([
            "-e",
            "autolink",
            "-e",
            "table",
            "-e",
            "strikethrough",
            "-e",
            "tasklist",
            "-t",
            "xml",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cmark-gfm runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(markdown.as_bytes())
        .expect("cmark-gfm reads");
    let output = child.wait_with_output().expect("cmark-gfm ends");
    let xml = String::from_utf8(output.stdout).expect("UTF-8");
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&xml, options).expect("cmark-gfm's XML");
    let mut blocks = Vec::new();
    for node in document
        .root_element()
        .children()
        .filter(roxmltree::Node::is_element)
    {
        match node.tag_name().name() {
            "paragraph" => {
                let mut t = String::new();
                inlines(node, &mut t)?;
                blocks.push(Block::Para(t));
            }
            "block_quote" => {
                let mut ps = Vec::new();
                for p in node.children().filter(roxmltree::Node::is_element) {
                    if p.tag_name().name() != "paragraph" {
                        return Err(format!("{} in a quote", p.tag_name().name()));
                    }
                    let mut t = String::new();
                    inlines(p, &mut t)?;
                    ps.push(t);
                }
                blocks.push(Block::Quote(ps));
            }
            "table" => {
                let mut rows = Vec::new();
                for row in node.children().filter(roxmltree::Node::is_element) {
                    let mut cells = Vec::new();
                    for cell in row.children().filter(roxmltree::Node::is_element) {
                        let mut t = String::new();
                        inlines(cell, &mut t)?;
                        cells.push(t);
                    }
                    rows.push(cells);
                }
                blocks.push(Block::Table(rows));
            }
            "thematic_break" => blocks.push(Block::Rule),
            other => return Err(other.to_string()),
        }
    }
    Ok(blocks)
}
