//! The report as one self-contained HTML page, made by tana from the same
//! Markdown with pulldown-cmark: the chart inline as SVG, a stylesheet for
//! screen and print, a title. Raw HTML in the Markdown is shown as text,
//! never passed through; only images tana made are shown (inline), links
//! only with a web or mail address; a Content-Security-Policy forbids
//! scripts and any remote load, as a second wall.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::markdown::{strip_joiners, xml};

/// The page's stylesheet: readable on screen, A4 pages in print with table
/// headers repeated and rows kept whole.
pub const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 11pt; line-height: 1.45; color: #1a1a1a; max-width: 60em; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.7em; border-bottom: 2px solid #1c4e80; padding-bottom: .2em; }
h2 { font-size: 1.35em; color: #1c4e80; margin-top: 1.8em; border-bottom: 1px solid #cfd8e3; }
h3 { font-size: 1.1em; margin-top: 1.4em; }
table { border-collapse: collapse; margin: .8em 0; font-size: .9em; width: 100%; }
th, td { border: 1px solid #cfd8e3; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #eef2f7; }
blockquote { margin: .5em 0 .8em 0; padding: .2em .9em; border-left: 3px solid #cfd8e3; color: #333; }
code { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; overflow-wrap: anywhere; }
figure.chart, .chart svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 2cm 1.8cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2 { break-before: auto; break-after: avoid; }
  h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tr, blockquote, svg { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Is a link destination one a report may carry (made by a template, since
/// user text never makes links)?
fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "#"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Renders the report's Markdown as HTML (the body only). `inline` maps an
/// image destination to the SVG that replaces it.
pub fn body(markdown: &str, inline: &[(&str, &str)]) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut in_metadata = false;
    let mut in_image: Option<bool> = None;
    let mut link_depth: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Start(Tag::MetadataBlock(_)) => {
            in_metadata = true;
            None
        }
        Event::End(TagEnd::MetadataBlock(_)) => {
            in_metadata = false;
            None
        }
        _ if in_metadata => None,
        // Raw HTML is shown as the text it is.
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Image { dest_url, .. }) => {
            if let Some((_, svg)) = inline.iter().find(|(name, _)| *name == &*dest_url) {
                in_image = Some(true);
                Some(Event::Html(CowStr::from(format!(
                    "<figure class=\"chart\">{svg}</figure>"
                ))))
            } else {
                in_image = Some(false);
                None
            }
        }
        Event::End(TagEnd::Image) => {
            in_image = None;
            None
        }
        // The alt text of an inlined chart is in the SVG's title; other images show theirs.
        Event::Text(_) if in_image == Some(true) => None,
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = safe_link(dest_url);
            link_depth.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => match link_depth.pop() {
            Some(true) => Some(event),
            _ => None,
        },
        Event::Text(t) => Some(Event::Text(CowStr::from(strip_joiners(&t).into_owned()))),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// The whole page.
pub fn page(markdown: &str, title: &str, inline: &[(&str, &str)]) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"generator\" content=\"tana\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{}</main>\n</body>\n</html>\n",
        xml(title),
        body(markdown, inline)
    )
}

#[cfg(test)]
mod tests;
