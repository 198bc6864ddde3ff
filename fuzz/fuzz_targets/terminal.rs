//! Any text made safe for a terminal holds no control character a terminal
//! would obey, keeps every other character, and the JSON form keeps its meaning.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tana::terminal::{Layout, safe, safe_json};

fuzz_target!(|text: &str| {
    for layout in [Layout::MultiLine, Layout::OneLine] {
        let shown = safe(text, layout);
        assert!(
            !shown
                .chars()
                .any(|c| c.is_control()
                    && !(layout == Layout::MultiLine && matches!(c, '\n' | '\t'))),
            "{shown:?}"
        );
        let kept: String = text.chars().filter(|c| !c.is_control()).collect();
        let shown_kept: String = shown
            .chars()
            .filter(|c| {
                !c.is_control()
                    && !('\u{2400}'..='\u{2421}').contains(c)
                    && *c != '\u{fffd}'
                    && *c != ' '
            })
            .collect();
        let kept: String = kept
            .chars()
            .filter(|c| !('\u{2400}'..='\u{2421}').contains(c) && *c != '\u{fffd}' && *c != ' ')
            .collect();
        assert_eq!(shown_kept, kept);
    }
    let json = serde_json::to_string_pretty(&serde_json::json!({ "note": text })).unwrap();
    let safe = safe_json(&json);
    assert!(
        !safe
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
    );
    let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
    assert_eq!(back["note"], text, "the same text");
});
