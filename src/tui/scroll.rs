//! A scrolled region's position, kept between frames. The update function
//! says what the assessor asked for (follow the highlight, or scroll by
//! hand); the drawing, which alone knows how tall the content is at this
//! width, clamps the offset and records the limits it found, so the next
//! key scrolls within them.

use std::cell::Cell;

/// How many lines one scroll key or wheel step moves.
pub const STEP: usize = 3;

#[derive(Debug, Default)]
pub struct Scroll {
    /// The first content line shown.
    offset: Cell<usize>,
    /// The largest offset the last frame allowed.
    max: Cell<usize>,
    /// Keep the highlighted row in view (false once scrolled by hand).
    manual: Cell<bool>,
}

/// What one frame found: the lines shown, and how many are hidden either side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: usize,
    pub visible: usize,
    pub above: usize,
    pub below: usize,
}

impl Scroll {
    /// Back to the top, following the highlight (a new question, a new list).
    pub fn reset(&self) {
        self.offset.set(0);
        self.max.set(0);
        self.manual.set(false);
    }

    /// Follow the highlight again (it moved).
    pub fn follow(&self) {
        self.manual.set(false);
    }

    /// Shows content from `line` at the top, by hand.
    pub fn show_from(&self, line: usize) {
        self.manual.set(true);
        self.offset.set(line);
    }

    /// Scrolls up by `lines`; false when already at the top.
    pub fn up(&self, lines: usize) -> bool {
        self.manual.set(true);
        let offset = self.offset.get();
        self.offset.set(offset.saturating_sub(lines));
        offset > 0
    }

    /// Scrolls down by `lines`; false when already at the bottom.
    pub fn down(&self, lines: usize) -> bool {
        self.manual.set(true);
        let offset = self.offset.get().min(self.max.get());
        self.offset.set((offset + lines).min(self.max.get()));
        offset < self.max.get()
    }

    pub fn to_end(&self) {
        self.manual.set(true);
        self.offset.set(usize::MAX);
    }

    pub fn offset(&self) -> usize {
        self.offset.get()
    }

    /// Places `total` lines in `height` rows, keeping the lines
    /// `keep.0..=keep.1` (the highlighted row) in view unless scrolled by
    /// hand; records the result for the next key.
    pub fn place(&self, total: usize, height: usize, keep: Option<(usize, usize)>) -> Window {
        let max = total.saturating_sub(height);
        let mut offset = self.offset.get().min(max);
        if let (Some((first, last)), false) = (keep, self.manual.get()) {
            if last >= offset + height {
                offset = (last + 1).saturating_sub(height);
            }
            if first < offset {
                offset = first;
            }
        }
        let offset = offset.min(max);
        self.offset.set(offset);
        self.max.set(max);
        let visible = height.min(total - offset);
        Window {
            offset,
            visible,
            above: offset,
            below: total - offset - visible,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_highlight_until_scrolled_by_hand() {
        let scroll = Scroll::default();
        let w = scroll.place(20, 5, Some((9, 10)));
        assert_eq!((w.offset, w.above, w.below), (6, 6, 9));
        assert!(scroll.up(STEP));
        let w = scroll.place(20, 5, Some((9, 10)));
        assert_eq!(
            w.offset, 3,
            "scrolled by hand: the highlight may leave the view"
        );
        scroll.follow();
        assert_eq!(scroll.place(20, 5, Some((9, 10))).offset, 6);
    }

    #[test]
    fn clamps_to_the_content() {
        let scroll = Scroll::default();
        scroll.place(8, 5, None);
        assert!(scroll.down(10));
        assert_eq!(scroll.place(8, 5, None).offset, 3);
        assert!(!scroll.down(1), "already at the bottom");
        scroll.to_end();
        assert_eq!(
            scroll.place(8, 5, None),
            Window {
                offset: 3,
                visible: 5,
                above: 3,
                below: 0
            }
        );
        let fits = scroll.place(3, 5, None);
        assert_eq!((fits.offset, fits.visible, fits.below), (0, 3, 0));
    }
}
