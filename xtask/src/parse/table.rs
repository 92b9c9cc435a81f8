//! The one table reader: every table of every layout becomes a [`Table`].
//!
//! A [`Table`] is a grid with `rowspan`/`colspan` expanded: each row has one
//! slot per column, and a slot says which cell fills it and whether the cell
//! starts in this row or continues from a row above. The page interpreters
//! find columns by what their headers say ([`Table::column`]), never by
//! position, and tell a new action from a continuation row by
//! [`Slot::origin`]. The HTML reader here and the Markdown reader
//! (`markdown.rs`) both build this type, so one interpreter serves both.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::text::collapse;

/// A link inside a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The `href`, as written.
    pub href: String,
    /// The link text, whitespace-collapsed.
    pub text: String,
}

/// The content of one cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// The cell's text split into blocks (`<p>`, `<br>`, list items), each
    /// whitespace-collapsed; empty blocks are dropped.
    pub lines: Vec<String>,
    /// Links in document order.
    pub links: Vec<Link>,
}

impl Cell {
    /// All blocks joined with one space.
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }

    /// True when the cell holds no text.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// One column position of one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Index into [`Table::cells`].
    pub cell: usize,
    /// True in the row where the cell starts; false in rows it spans into.
    pub origin: bool,
}

/// A table with spans expanded into a grid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Header texts, normalised by [`normalize_header`].
    pub headers: Vec<String>,
    /// Every body cell once.
    pub cells: Vec<Cell>,
    /// Body rows; a row may be shorter than the header (missing cells).
    pub rows: Vec<Vec<Slot>>,
}

/// A table whose structure cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// No header row (`<th>` cells) was found.
    #[error("it has no header row")]
    NoHeader,
    /// A row spans more columns than the header names.
    #[error("row {row} has {cells} cells but the header names {headers} columns")]
    TooWide {
        /// 1-based body row number.
        row: usize,
        /// Columns the row fills.
        cells: usize,
        /// Columns the header names.
        headers: usize,
    },
    /// A Markdown table line that does not end with `|`, as every line of
    /// AWS's pipe tables does: the page was cut inside the row (its last
    /// cell would be read short, a key name as `[aws:TagKeys](https://docs.aws.amaz`).
    #[error("line {line} of the table does not end with `|` (the page was cut inside a row?)")]
    UnclosedRow {
        /// 1-based line of the table, the header being line 1.
        line: usize,
    },
    /// A `rowspan` promised rows that never came: the table was cut short.
    #[error(
        "the table ends while a cell of row {row} still spans {missing} more rows (truncated?)"
    )]
    SpanPastEnd {
        /// 1-based row where the spanning cell starts.
        row: usize,
        /// How many promised rows are missing.
        missing: usize,
    },
}

/// Lowercases and collapses a header, and drops Markdown escapes, so that
/// `Resource Types (*required)`, `Resource types (\*required)` and the
/// prettified form all compare equal.
pub fn normalize_header(s: &str) -> String {
    collapse(&s.replace('\\', "")).to_lowercase()
}

impl Table {
    /// The index of the first column whose header is one of `names`
    /// (normalised, compared exactly).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| names.iter().any(|n| h == n))
    }

    /// The cell at `row`, `col`, if the row reaches that column.
    pub fn slot(&self, row: usize, col: usize) -> Option<(Slot, &Cell)> {
        let slot = *self.rows.get(row)?.get(col)?;
        Some((slot, &self.cells[slot.cell]))
    }

    /// Checks the grid against the header: no row wider than the header, no
    /// span running past the last row.
    fn check(&self, open_spans: &[(usize, usize)]) -> Result<(), TableError> {
        for (i, row) in self.rows.iter().enumerate() {
            if row.len() > self.headers.len() {
                return Err(TableError::TooWide {
                    row: i + 1,
                    cells: row.len(),
                    headers: self.headers.len(),
                });
            }
        }
        if let Some(&(row, missing)) = open_spans.iter().max_by_key(|(_, m)| *m) {
            return Err(TableError::SpanPastEnd { row, missing });
        }
        Ok(())
    }
}

/// Builds a [`Table`] row by row, expanding spans.
#[derive(Default)]
pub struct GridBuilder {
    table: Table,
    /// Per column: (cell, rows still to span, 1-based origin row).
    pending: Vec<Option<(usize, usize, usize)>>,
}

/// Spans beyond these are hostile or broken input; clamp them so a page
/// cannot make the reader allocate without bound.
const MAX_ROWSPAN: usize = 10_000;
const MAX_COLSPAN: usize = 64;

impl GridBuilder {
    /// Starts a table with these (raw) header texts.
    pub fn new(headers: impl IntoIterator<Item = String>) -> Self {
        GridBuilder {
            table: Table {
                headers: headers.into_iter().map(|h| normalize_header(&h)).collect(),
                ..Table::default()
            },
            pending: Vec::new(),
        }
    }

    /// Adds a row of `(cell, rowspan, colspan)`; cells fill the columns that
    /// no span from above occupies, left to right.
    pub fn push_row(&mut self, cells: impl IntoIterator<Item = (Cell, usize, usize)>) {
        let row_no = self.table.rows.len() + 1;
        let mut row = Vec::new();
        let mut col = 0;
        let mut cells = cells.into_iter();
        loop {
            if let Some(Some((cell, left, origin))) = self.pending.get(col).copied() {
                row.push(Slot {
                    cell,
                    origin: false,
                });
                self.pending[col] = (left > 1).then_some((cell, left - 1, origin));
                col += 1;
                continue;
            }
            let (cell, rowspan, colspan) = match cells.next() {
                Some(c) => c,
                // A short row with spans still to its right: a browser shows
                // the hole as an empty cell, and so do we, so that later
                // columns keep their positions.
                None if self
                    .pending
                    .get(col..)
                    .is_some_and(|p| p.iter().any(Option::is_some)) =>
                {
                    (Cell::default(), 1, 1)
                }
                None => break,
            };
            let idx = self.table.cells.len();
            self.table.cells.push(cell);
            let rowspan = rowspan.clamp(1, MAX_ROWSPAN);
            for _ in 0..colspan.clamp(1, MAX_COLSPAN) {
                if self.pending.len() <= col {
                    self.pending.resize(col + 1, None);
                }
                row.push(Slot {
                    cell: idx,
                    origin: true,
                });
                self.pending[col] = (rowspan > 1).then_some((idx, rowspan - 1, row_no));
                col += 1;
            }
        }
        self.table.rows.push(row);
    }

    /// Finishes the table, checking its shape.
    pub fn finish(self) -> Result<Table, TableError> {
        let open: Vec<(usize, usize)> = self
            .pending
            .iter()
            .flatten()
            .map(|&(_, left, origin)| (origin, left))
            .collect();
        self.table.check(&open)?;
        Ok(self.table)
    }
}

/// Elements whose start or end separates blocks of text inside a cell.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "table"
            | "tr"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// Reads a cell's blocks and links.
pub fn read_cell(el: ElementRef<'_>) -> Cell {
    let mut cell = Cell::default();
    let mut block = String::new();
    // (href, text so far) of the link being read.
    let mut link: Option<(String, String)> = None;
    // AWS writes `${Partition}` and `{}` as `$<span>{</span>Partition}` so its
    // templates do not interpolate them; prettify then wraps the brace in
    // whitespace. The brace is glued back to the text on both sides.
    let mut glue_next = false;
    let flush = |block: &mut String, cell: &mut Cell| {
        let text = collapse(block);
        if !text.is_empty() {
            cell.lines.push(text);
        }
        block.clear();
    };
    for edge in el.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(t) => {
                    let in_span = node
                        .parent()
                        .and_then(|p| p.value().as_element())
                        .is_some_and(|e| e.name() == "span");
                    let t: &str = if in_span && t.trim() == "{" {
                        block.truncate(block.trim_end().len());
                        glue_next = true;
                        "{"
                    } else if std::mem::take(&mut glue_next) {
                        t.trim_start()
                    } else {
                        t
                    };
                    block.push_str(t);
                    if let Some((_, text)) = link.as_mut() {
                        text.push_str(t);
                    }
                }
                Node::Element(e) if node.id() != el.id() => {
                    if is_block(e.name()) {
                        flush(&mut block, &mut cell);
                    } else if e.name() == "a"
                        && let Some(href) = e.attr("href")
                    {
                        link = Some((href.to_string(), String::new()));
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if node.id() != el.id() && is_block(e.name()) {
                        flush(&mut block, &mut cell);
                    } else if e.name() == "a"
                        && let Some((href, text)) = link.take()
                    {
                        cell.links.push(Link {
                            href,
                            text: collapse(&text),
                        });
                    }
                }
            }
        }
    }
    flush(&mut block, &mut cell);
    cell
}

fn span(el: ElementRef<'_>, attr: &str) -> usize {
    el.attr(attr)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
}

/// The `<tr>` rows of a table in order, looking through `thead`, `tbody` and
/// `tfoot` but not into nested tables.
fn rows(table: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    table.child_elements().flat_map(|child| {
        let group = matches!(child.value().name(), "thead" | "tbody" | "tfoot");
        let direct = (child.value().name() == "tr").then_some(child);
        direct.into_iter().chain(
            group
                .then(|| child.child_elements().filter(|r| r.value().name() == "tr"))
                .into_iter()
                .flatten(),
        )
    })
}

/// Reads an HTML `<table>`: the first row made of `<th>` cells is the header,
/// every later row is body.
pub fn read_html_table(table: ElementRef<'_>) -> Result<Table, TableError> {
    let mut builder: Option<GridBuilder> = None;
    for tr in rows(table) {
        let cells: Vec<ElementRef<'_>> = tr
            .child_elements()
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .collect();
        match builder.as_mut() {
            None => {
                if !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th") {
                    builder = Some(GridBuilder::new(cells.iter().map(|c| read_cell(*c).text())));
                }
                // Rows before the header (none on AWS pages) are skipped.
            }
            Some(b) => b.push_row(
                cells
                    .into_iter()
                    .map(|c| (read_cell(c), span(c, "rowspan"), span(c, "colspan"))),
            ),
        }
    }
    builder.ok_or(TableError::NoHeader)?.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn table(html: &str) -> Result<Table, TableError> {
        let doc = Html::parse_document(html);
        let sel = Selector::parse("table").unwrap();
        read_html_table(doc.select(&sel).next().unwrap())
    }

    #[test]
    fn rowspan_expands_into_continuation_slots() {
        let t = table(
            "<table><thead><tr><th>Actions</th><th>Description</th><th>Resource Types (*required)</th><th>Condition keys</th></tr></thead>
             <tr><td rowspan=2><a href='x'>Get</a></td><td rowspan=2>Reads</td><td><p>bucket*</p></td><td></td></tr>
             <tr><td></td><td><p>s3:a</p><p>s3:b</p></td></tr></table>",
        )
        .unwrap();
        assert_eq!(
            t.headers,
            [
                "actions",
                "description",
                "resource types (*required)",
                "condition keys"
            ]
        );
        assert_eq!(t.rows.len(), 2);
        let (slot, cell) = t.slot(1, 0).unwrap();
        assert!(!slot.origin);
        assert_eq!(cell.text(), "Get");
        assert_eq!(cell.links[0].href, "x");
        let (slot, cell) = t.slot(1, 3).unwrap();
        assert!(slot.origin);
        assert_eq!(cell.lines, ["s3:a", "s3:b"]);
        assert_eq!(t.column(&["condition keys"]), Some(3));
    }

    #[test]
    fn colspan_fills_several_columns() {
        let t = table("<table><tr><th>a</th><th>b</th><th>c</th></tr><tr><td colspan=2>x</td><td>y</td></tr></table>")
            .unwrap();
        assert_eq!(t.rows[0].len(), 3);
        assert_eq!(t.rows[0][0].cell, t.rows[0][1].cell);
        assert_eq!(t.slot(0, 2).unwrap().1.text(), "y");
    }

    #[test]
    fn cell_blocks_follow_paragraphs_not_text_nodes() {
        // Prettified: every text node on its own line; <p> makes the blocks.
        let t = table(
            "<table><tr><th>k</th></tr><tr><td>\n  <p>\n   <a href='#a'>\n    ec2:Region\n   </a>\n  </p>\n  <p>ec2:Vpc</p>\n</td></tr></table>",
        )
        .unwrap();
        let cell = t.slot(0, 0).unwrap().1;
        assert_eq!(cell.lines, ["ec2:Region", "ec2:Vpc"]);
        assert_eq!(cell.links[0].text, "ec2:Region");
    }

    #[test]
    fn braces_in_spans_rejoin_their_text() {
        let t = table(
            "<table><tr><th>d</th></tr><tr><td>\n pass an empty object (\n <span>\n  {\n </span>\n }) to it\n</td></tr></table>",
        )
        .unwrap();
        assert_eq!(
            t.slot(0, 0).unwrap().1.text(),
            "pass an empty object ({}) to it"
        );
    }

    #[test]
    fn broken_tables_are_errors() {
        assert_eq!(
            table("<table><tr><td>x</td></tr></table>"),
            Err(TableError::NoHeader)
        );
        assert_eq!(
            table("<table><tr><th>a</th></tr><tr><td>1</td><td>2</td></tr></table>"),
            Err(TableError::TooWide {
                row: 1,
                cells: 2,
                headers: 1
            })
        );
        assert_eq!(
            table(
                "<table><tr><th>a</th><th>b</th></tr><tr><td rowspan=3>1</td><td>2</td></tr></table>"
            ),
            Err(TableError::SpanPastEnd { row: 1, missing: 2 })
        );
    }
}
