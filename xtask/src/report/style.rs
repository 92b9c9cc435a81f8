//! How report pieces look: Markdown for pull requests, text for terminals.

/// Formatting of the report's pieces.
pub trait Style {
    /// Top heading.
    fn h1(&self, s: &str) -> String;
    /// Section heading.
    fn h2(&self, s: &str) -> String;
    /// Subsection heading.
    fn h3(&self, s: &str) -> String;
    /// A paragraph.
    fn para(&self, s: &str) -> String;
    /// A bulleted list (items already styled).
    fn list(&self, items: &[String]) -> String;
    /// A table (cells plain text).
    fn table(&self, header: &[&str], rows: &[Vec<String>]) -> String;
    /// A name, identifier or path.
    fn code(&self, s: &str) -> String;
    /// Emphasis.
    fn strong(&self, s: &str) -> String;
    /// Something added (already styled inside).
    fn added(&self, s: &str) -> String;
    /// Something removed (already styled inside).
    fn removed(&self, s: &str) -> String;
    /// Scraped text, made safe to show.
    fn text(&self, s: &str) -> String;
    /// A long body, folded behind a summary line.
    fn fold(&self, summary: &str, body: &str) -> String;
    /// A link to a URL.
    fn link(&self, text: &str, url: &str) -> String;
}

/// A URL made safe inside `(…)` of a Markdown link: characters that would
/// end or break it are percent-encoded.
fn url_in_parens(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' | ')' | ' ' | '<' | '>' | '"' | '\\' | '`' => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// GitHub-flavoured Markdown.
pub struct Markdown;

/// Escapes scraped text so it cannot open markup (emphasis, links, HTML,
/// table cells, headings).
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '|' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Style for Markdown {
    fn h1(&self, s: &str) -> String {
        format!("# {s}\n\n")
    }
    fn h2(&self, s: &str) -> String {
        format!("## {s}\n\n")
    }
    fn h3(&self, s: &str) -> String {
        format!("### {s}\n\n")
    }
    fn para(&self, s: &str) -> String {
        format!("{s}\n\n")
    }
    fn list(&self, items: &[String]) -> String {
        if items.is_empty() {
            return String::new();
        }
        let mut out: String = items.iter().map(|i| format!("- {i}\n")).collect();
        out.push('\n');
        out
    }
    fn table(&self, header: &[&str], rows: &[Vec<String>]) -> String {
        let mut out = format!("| {} |\n", header.join(" | "));
        out += &format!(
            "|{}\n",
            header
                .iter()
                .enumerate()
                .map(|(i, _)| if i == 0 { " --- |" } else { " ---: |" })
                .collect::<String>()
        );
        for r in rows {
            out += &format!(
                "| {} |\n",
                r.iter()
                    .map(|c| escape_markdown(c))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
        out.push('\n');
        out
    }
    fn code(&self, s: &str) -> String {
        // A backtick inside would end the span: use a longer fence then.
        if s.contains('`') {
            format!("`` {s} ``")
        } else {
            format!("`{s}`")
        }
    }
    fn strong(&self, s: &str) -> String {
        format!("**{s}**")
    }
    fn added(&self, s: &str) -> String {
        format!("**{s}**")
    }
    fn removed(&self, s: &str) -> String {
        format!("~~{s}~~")
    }
    fn text(&self, s: &str) -> String {
        escape_markdown(s)
    }
    fn fold(&self, summary: &str, body: &str) -> String {
        // Blank lines around the body let GitHub render Markdown inside.
        format!(
            "<details>\n<summary>{}</summary>\n\n{body}</details>\n\n",
            escape_markdown(summary)
        )
    }
    fn link(&self, text: &str, url: &str) -> String {
        format!("[{}]({})", escape_markdown(text), url_in_parens(url))
    }
}

/// Plain text for a terminal, coloured unless told not to.
pub struct Terminal {
    /// Use ANSI colours.
    pub color: bool,
}

impl Terminal {
    /// Colours when `stdout` is a terminal and `NO_COLOR` is unset or empty.
    pub fn for_stdout() -> Terminal {
        use std::io::IsTerminal;
        Terminal::new(
            std::io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR"),
        )
    }

    /// Colours on a terminal unless `NO_COLOR` holds a value
    /// (<https://no-color.org>).
    pub fn new(is_terminal: bool, no_color: Option<std::ffi::OsString>) -> Terminal {
        Terminal {
            color: is_terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

impl Style for Terminal {
    fn h1(&self, s: &str) -> String {
        format!("{}\n\n", self.paint("1", s))
    }
    fn h2(&self, s: &str) -> String {
        format!("{}\n\n", self.paint("1;4", s))
    }
    fn h3(&self, s: &str) -> String {
        format!("{}\n", self.paint("1", s))
    }
    fn para(&self, s: &str) -> String {
        format!("{s}\n\n")
    }
    fn list(&self, items: &[String]) -> String {
        if items.is_empty() {
            return String::new();
        }
        let mut out: String = items.iter().map(|i| format!("  - {i}\n")).collect();
        out.push('\n');
        out
    }
    fn table(&self, header: &[&str], rows: &[Vec<String>]) -> String {
        let widths: Vec<usize> = (0..header.len())
            .map(|i| {
                rows.iter()
                    .map(|r| r[i].chars().count())
                    .chain([header[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>| {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate() {
                let pad = widths[i].saturating_sub(c.chars().count());
                if i == 0 {
                    s += &format!("{c}{}", " ".repeat(pad));
                } else {
                    s += &format!("  {}{c}", " ".repeat(pad));
                }
            }
            s.trim_end().to_string() + "\n"
        };
        let mut out = line(header.to_vec());
        for r in rows {
            out += &line(r.iter().map(String::as_str).collect());
        }
        out.push('\n');
        out
    }
    fn code(&self, s: &str) -> String {
        s.to_string()
    }
    fn strong(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn added(&self, s: &str) -> String {
        if self.color {
            self.paint("32", s)
        } else {
            format!("{{+{s}+}}")
        }
    }
    fn removed(&self, s: &str) -> String {
        if self.color {
            self.paint("31", s)
        } else {
            format!("[-{s}-]")
        }
    }
    fn text(&self, s: &str) -> String {
        // Scraped text never carries its own escape sequences to a terminal.
        s.chars().filter(|c| !c.is_control()).collect()
    }
    fn fold(&self, _summary: &str, body: &str) -> String {
        body.to_string()
    }
    fn link(&self, text: &str, url: &str) -> String {
        format!("{text} ({})", self.text(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_terminal_and_no_color() {
        assert!(Terminal::new(true, None).color);
        assert!(Terminal::new(true, Some("".into())).color);
        assert!(!Terminal::new(true, Some("1".into())).color);
        assert!(!Terminal::new(false, None).color);
    }

    #[test]
    fn scraped_text_cannot_open_markup() {
        assert_eq!(
            escape_markdown("a *b* <script> [x](y) | c"),
            "a \\*b\\* \\<script\\> \\[x\\](y) \\| c"
        );
        assert_eq!(Markdown.code("a`b"), "`` a`b ``");
        assert_eq!(Terminal { color: true }.text("ok\x1b[31mred"), "ok[31mred");
        assert_eq!(
            Markdown.link("full [report]", "https://x/a b)(c"),
            "[full \\[report\\]](https://x/a%20b%29%28c)"
        );
    }
}
