//! Word wrapping measured in terminal cells (unicode-width), so that wide
//! characters (Chinese, emoji) and combining marks lay out correctly.

use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

/// Wraps `text` to lines of at most `width` cells, breaking at spaces where
/// possible and inside words that are longer than a line. Existing line
/// breaks are kept; an empty text gives one empty line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ') {
            let word_width = word.width();
            let space = usize::from(!line.is_empty());
            if line_width + space + word_width <= width {
                if space == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            if word_width <= width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if line_width + w > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// Cuts `text` to at most `width` cells, ending with `ellipsis` when cut.
pub fn truncate(text: &str, width: usize, ellipsis: &str) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(ellipsis.width());
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(ellipsis);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_keeps_breaks() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert_eq!(wrap("", 10), vec![""]);
    }

    #[test]
    fn wide_characters_count_two_cells() {
        assert_eq!(wrap("北京上海", 4), vec!["北京", "上海"]);
        assert_eq!(truncate("北京上海", 5, "…"), "北京…");
    }

    #[test]
    fn long_words_are_broken() {
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }

    #[test]
    fn combining_marks_take_no_cell() {
        let text = "e\u{301}e\u{301}";
        assert_eq!(wrap(text, 2), vec![text]);
    }
}
