//! The chart parses as XML whatever the titles hold, and every label line
//! fits the chart in a wide font.

use super::*;

fn area(id: &str, title: &str, level: Option<f64>) -> Area {
    Area {
        id: id.into(),
        title: title.into(),
        description: None,
        level,
        confidence: "high",
        target: 3,
        target_text: "3".into(),
        gap: 0.0,
        lowest: None,
        scored: 1,
        applicable: 1,
        to_confirm: 0,
        open: 0,
        not_applicable: 0,
        policy_choice: 0,
        indicators: Vec::new(),
        answers: Vec::new(),
    }
}

/// Every `<text>` of the chart, as the XML parser reads it.
fn texts(svg: &str) -> Vec<String> {
    let document =
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("invalid SVG ({e}):\n{svg}"));
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_title_with_an_ampersand_near_the_cut_stays_valid_svg() {
    for cut in 20..140 {
        let title = format!(
            "{}& <b>\"x\"</b> 'y' {}",
            "w".repeat(cut),
            "word ".repeat(30)
        );
        let svg = levels_chart(&[area("A1", &title, Some(1.5))], 3);
        let all = texts(&svg).join(" ");
        assert!(all.contains('&') || all.contains('…'), "{all}");
    }
}

#[test]
fn labels_are_wrapped_never_clipped_and_fit_a_wide_font() {
    let long = "Technology-facilitated crime: virtual assets, darknet markets, artificial intelligence and the identity systems they abuse";
    let areas = [
        area("A10", long, Some(0.6)),
        area("A11", "Customs and trade-related identity fraud", None),
        area("A12", "北京 مرحبا 🙂 identity", Some(4.0)),
    ];
    let svg = levels_chart(&areas, 3);
    let lines = texts(&svg);
    let label_lines: Vec<&String> = lines
        .iter()
        .filter(|l| {
            !l.is_empty()
                && l.chars().next().is_some_and(|c| !c.is_ascii_digit())
                && !l.starts_with("target")
                && *l != "not scored"
        })
        .collect();
    let joined: String = label_lines
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.contains(&format!("A10 {long}")),
        "the whole title is shown, over lines: {joined}"
    );
    for line in &label_lines {
        assert!(measure(line) <= WIDTH - 2.0 * LEFT, "{line:?} is too wide");
    }
    assert!(
        label_lines.len() >= 4,
        "the long title took more than one line: {label_lines:?}"
    );
}

#[test]
fn wrapping_keeps_every_word_and_shortens_only_past_the_last_line() {
    let text = "one two three four five six seven eight nine ten";
    let lines = wrap(text, measure("one two three"), 10);
    assert_eq!(lines.join(" "), text);
    assert!(lines.iter().all(|l| measure(l) <= measure("one two three")));
    let short = wrap(text, measure("one two three"), 2);
    assert_eq!(short.len(), 2);
    assert!(short[1].ends_with('…'));
    let cut = wrap("abcdefghijklmnopqrstuvwxyz", measure("abcdefgh"), 10);
    assert_eq!(
        cut.concat(),
        "abcdefghijklmnopqrstuvwxyz",
        "a long word is cut, not lost"
    );
}

#[test]
fn each_bar_is_marked_with_its_own_target() {
    let mut low = area("A1", "One", Some(2.5));
    low.target = 2;
    let svg = levels_chart(&[low, area("A2", "Two", Some(2.5))], 3);
    let document = roxmltree::Document::parse(&svg).unwrap();
    let fills: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("height") == Some("14"))
        .filter_map(|n| n.attribute("fill"))
        .collect();
    assert_eq!(
        fills,
        vec!["#2b8a3e", "#d9822b"],
        "A1 meets its target 2, A2 is below 3"
    );
    assert!(
        texts(&svg).iter().any(|t| t == "target"),
        "targets differ: the caption names no number"
    );
}
