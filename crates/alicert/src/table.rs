//! Tables and label/value lists that fit the terminal: columns take their natural width, and while the whole is
//! too wide the widest column gives up a character, its cells ending in `…`. Widths are measured in terminal cells
//! (CJK counts two), and colour is applied after fitting, so escape codes never count and never get cut in half.

use console::{Alignment, Style};

use crate::style;

/// Spaces between columns.
const GAP: usize = 2;
/// A column is never squeezed below this (one character and the ellipsis).
const MIN_COLUMN: usize = 2;

/// One cell: its text and, optionally, how to colour it.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    text: String,
    style: Option<Style>,
}

impl Cell {
    /// A cell coloured with `style` (when colour is on).
    pub fn styled(text: impl Into<String>, style: Style) -> Self {
        Self {
            text: clean(text.into()),
            style: Some(style),
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self {
            text: clean(text),
            style: None,
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::from(text.to_owned())
    }
}

/// Text for one line of a table: control characters (a newline in a service's message) become spaces.
fn clean(text: String) -> String {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    } else {
        text
    }
}

/// How a column's cells line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A table with a header row.
#[derive(Clone, Debug)]
pub struct Table {
    headers: Vec<String>,
    align: Vec<Align>,
    /// Columns shrunk only once every other column is as narrow as it goes (IDs, statuses).
    keep: Vec<bool>,
    rows: Vec<Vec<Cell>>,
    indent: usize,
}

impl Table {
    /// A table with these column headers, all left-aligned.
    pub fn new<S: AsRef<str>>(headers: &[S]) -> Self {
        Self {
            headers: headers.iter().map(|h| h.as_ref().to_owned()).collect(),
            align: vec![Align::Left; headers.len()],
            keep: vec![false; headers.len()],
            rows: Vec::new(),
            indent: 0,
        }
    }

    /// Right-aligns column `index` (numbers).
    pub fn right(mut self, index: usize) -> Self {
        if let Some(align) = self.align.get_mut(index) {
            *align = Align::Right;
        }
        self
    }

    /// Keeps column `index` whole for as long as other columns can give way.
    pub fn keep(mut self, index: usize) -> Self {
        if let Some(keep) = self.keep.get_mut(index) {
            *keep = true;
        }
        self
    }

    /// Indents every line by `spaces`.
    pub fn indent(mut self, spaces: usize) -> Self {
        self.indent = spaces;
        self
    }

    /// Adds a row; missing cells are empty, extra ones dropped.
    pub fn push(&mut self, mut row: Vec<Cell>) {
        row.resize(self.headers.len(), Cell::default());
        self.rows.push(row);
    }

    /// The widths each column would like.
    pub fn natural_widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| measure(h)).collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(measure(&cell.text));
            }
        }
        widths
    }

    /// The lines of the table, fitted to `width` (`None`: no limit).
    pub fn render(&self, width: Option<usize>) -> Vec<String> {
        let widths = fit(
            self.natural_widths(),
            &self.keep,
            width.map(|w| w.saturating_sub(self.indent)),
        );
        let mut lines = Vec::with_capacity(self.rows.len() + 1);
        let header: Vec<Cell> = self
            .headers
            .iter()
            .map(|h| Cell::styled(h.clone(), style::heading()))
            .collect();
        lines.push(self.line(&header, &widths));
        for row in &self.rows {
            lines.push(self.line(row, &widths));
        }
        lines
    }

    fn line(&self, cells: &[Cell], widths: &[usize]) -> String {
        let mut out = " ".repeat(self.indent);
        let last = cells.len().saturating_sub(1);
        for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
            let align = match self.align.get(index) {
                Some(Align::Right) => Alignment::Right,
                _ => Alignment::Left,
            };
            let fitted = console::truncate_str(&cell.text, *width, "…");
            // The last column is not padded on the left-aligned side: no trailing spaces.
            let padded = if index == last && align == Alignment::Left {
                fitted.into_owned()
            } else {
                console::pad_str(&fitted, *width, align, None).into_owned()
            };
            match &cell.style {
                Some(style) => out.push_str(&style.apply_to(padded).to_string()),
                None => out.push_str(&padded),
            }
            if index != last {
                out.push_str(&" ".repeat(GAP));
            }
        }
        out.truncate(out.trim_end().len());
        out
    }
}

/// Shrinks the widest column, one cell at a time, until the columns and their gaps fit `limit`; columns marked in
/// `keep` give way only when no other column can.
pub fn fit(mut widths: Vec<usize>, keep: &[bool], limit: Option<usize>) -> Vec<usize> {
    let Some(limit) = limit else {
        return widths;
    };
    let gaps = GAP * widths.len().saturating_sub(1);
    let mut total: usize = widths.iter().sum::<usize>() + gaps;
    while total > limit {
        let widest = |kept: bool| {
            widths
                .iter()
                .copied()
                .enumerate()
                .filter(|&(index, width)| {
                    width > MIN_COLUMN && keep.get(index).copied().unwrap_or(false) == kept
                })
                .max_by_key(|&(index, width)| (width, std::cmp::Reverse(index)))
        };
        let Some((index, _)) = widest(false).or_else(|| widest(true)) else {
            break;
        };
        widths[index] -= 1;
        total -= 1;
    }
    widths
}

/// Label/value lines (`Status   processing`), the values cut to fit `width`.
pub fn pairs(pairs: &[(String, Cell)], width: Option<usize>, indent: usize) -> Vec<String> {
    let label_width = pairs
        .iter()
        .map(|(label, _)| measure(label))
        .max()
        .unwrap_or(0);
    let value_width = width.map(|width| {
        width
            .saturating_sub(indent + label_width + GAP)
            .max(MIN_COLUMN)
    });
    pairs
        .iter()
        .map(|(label, value)| {
            let text = match value_width {
                Some(limit) => console::truncate_str(&value.text, limit, "…").into_owned(),
                None => value.text.clone(),
            };
            let text = match &value.style {
                Some(style) => style.apply_to(text).to_string(),
                None => text,
            };
            let label = console::pad_str(label, label_width, Alignment::Left, None);
            let line = format!(
                "{}{}{}{}",
                " ".repeat(indent),
                style::dim().apply_to(label),
                " ".repeat(GAP),
                text
            );
            line.trim_end().to_owned()
        })
        .collect()
}

/// The width of `text` in terminal cells, escape codes excluded.
pub fn measure(text: &str) -> usize {
    console::measure_text_width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_by_shrinking_the_widest() {
        assert_eq!(fit(vec![5, 30, 10], &[], Some(40)), vec![5, 21, 10]);
        assert_eq!(fit(vec![5, 30, 10], &[], None), vec![5, 30, 10]);
        assert_eq!(fit(vec![5, 30, 10], &[], Some(20)), vec![5, 5, 6]);
        // Kept columns give way last.
        assert_eq!(fit(vec![12, 30, 10], &[true], Some(30)), vec![12, 7, 7]);
        assert_eq!(fit(vec![12, 3, 3], &[true], Some(14)), vec![6, 2, 2]);
        // Nothing left to give: stop rather than loop.
        assert_eq!(fit(vec![2, 2], &[], Some(3)), vec![2, 2]);
        assert_eq!(fit(vec![], &[], Some(0)), Vec::<usize>::new());
    }

    #[test]
    fn renders_within_the_width_with_an_ellipsis() {
        console::set_colors_enabled(false);
        let mut table = Table::new(&["ID", "Domain", "Status"]).right(0);
        table.push(vec![
            "1".into(),
            "a-very-long-domain-name.alicert-demo.com".into(),
            "success".into(),
        ]);
        table.push(vec!["22487".into(), "域名.example".into()]);
        let lines = table.render(Some(30));
        for line in &lines {
            assert!(measure(line) <= 30, "{line:?}");
        }
        assert!(lines[1].contains('…'), "{lines:?}");
        assert!(lines[1].starts_with("    1"), "{lines:?}");
        let unlimited = table.render(None);
        assert!(unlimited[1].contains("a-very-long-domain-name.alicert-demo.com"));
        assert_eq!(measure(&unlimited[1]), 5 + 2 + 40 + 2 + 7);
    }

    #[test]
    fn pairs_cut_values_and_clean_control_characters() {
        console::set_colors_enabled(false);
        let lines = pairs(
            &[
                ("Name".to_owned(), Cell::from("one\ntwo")),
                ("Description".to_owned(), Cell::from("x".repeat(100))),
            ],
            Some(40),
            2,
        );
        assert_eq!(lines[0], "  Name         one two");
        assert!(measure(&lines[1]) <= 40 && lines[1].ends_with('…'));
        // A zero width never panics.
        let _ = pairs(&[("a".to_owned(), Cell::from("b"))], Some(0), 4);
    }
}
