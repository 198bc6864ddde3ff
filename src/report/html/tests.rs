//! The HTML page: self-contained, and no user text can become HTML.

use super::*;
use crate::report::markdown::{block, cell, inline};

#[test]
fn raw_html_in_the_markdown_is_shown_as_text() {
    let html = body(
        "<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)>\n",
        &[],
    );
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;"), "{html}");
}

#[test]
fn hostile_user_text_never_becomes_html() {
    for text in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1)) ![](http://host/p.png)",
        "<a href=\"javascript:alert(1)\">x</a> <!-- c",
        "jane@example.org www.example.org http://example.org",
    ] {
        let markdown = format!(
            "Note: {}\n\n{}\n\n| a | b |\n|---|---|\n| {} | x |\n",
            inline(text),
            block(text),
            cell(text)
        );
        let html = body(&markdown, &[]);
        for tag in ["<script", "<img", "<a ", "<!--", "<iframe"] {
            assert!(!html.contains(tag), "{tag} from {text:?}: {html}");
        }
        assert!(
            !html.contains('\u{2060}'),
            "joiners are taken out of the HTML"
        );
    }
}

#[test]
fn the_chart_is_inline_and_other_images_are_not_loaded() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t</title></svg>";
    let html = body(
        "![Area levels](levels.svg)\n\n![remote](http://host/p.png)\n",
        &[("levels.svg", svg)],
    );
    assert!(html.contains(svg), "{html}");
    assert!(!html.contains("http://host/p.png"), "{html}");
    assert!(
        html.contains("remote"),
        "the alt text of another image is kept: {html}"
    );
}

#[test]
fn the_page_has_a_title_a_print_stylesheet_and_a_policy() {
    let page = page(
        "---\ntitle: 'x'\n---\n\n# Report\n",
        "Report for A & B",
        &[],
    );
    assert!(page.contains("<title>Report for A &amp; B</title>"));
    assert!(page.contains("@media print"));
    assert!(page.contains("Content-Security-Policy"));
    assert!(
        !page.contains("title: &#39;x&#39;") && !page.contains("title: 'x'"),
        "the metadata block is not shown"
    );
}
