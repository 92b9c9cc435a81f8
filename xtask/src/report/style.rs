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
/// entities, table cells, headings, a new line or block) nor act on GitHub
/// (see [`defuse`]).
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied().unwrap_or(' ');
        let was = std::mem::replace(&mut prev, c);
        match c {
            // An underscore between two letters or digits can neither open
            // nor close emphasis (CommonMark's flanking rules): page names
            // (`list_amazonchime.html`) stay as written.
            '_' if was.is_alphanumeric() && next.is_alphanumeric() => out.push(c),
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            // One line: a line break could start a block (a list, a
            // heading underline, a table row) inside the item it is in.
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    defuse(&out)
}

/// What is put after the character that would start a GitHub reference,
/// so that the reference is not made: a zero-width joiner (U+200D),
/// invisible when rendered.
pub const JOINER: char = '\u{200D}';

/// Makes text inert on GitHub, where a pull request body or a CHANGELOG is
/// more than Markdown: `@user` and `@org/team` notify (a mention in a body
/// the daily job edits would notify on every edit), `#123` and `GH-123`
/// link issues, and bare `http://`, `https://` and `www.` URLs and e-mail
/// addresses become links (GFM's autolink extension). A [`JOINER`] after
/// `@`, after `#` or `GH-` before a digit, inside `://` and after `www`
/// breaks each of those patterns while the text reads the same. Code spans
/// need none of this: GitHub neither links nor mentions inside them.
pub fn defuse(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        out.push(c);
        let next = chars.peek().map(|&(_, n)| n);
        let rest = &s[i + c.len_utf8()..];
        let breaks = match c {
            '@' => true,
            '#' => next.is_some_and(|n| n.is_ascii_digit()),
            '-' => {
                next.is_some_and(|n| n.is_ascii_digit())
                    && out.len() >= 3
                    && out[..out.len() - 1]
                        .get(out.len() - 3..)
                        .is_some_and(|p| p.eq_ignore_ascii_case("gh"))
            }
            ':' => rest.starts_with("//"),
            'w' | 'W' => {
                rest.len() >= 3
                    && rest.as_bytes()[..2].eq_ignore_ascii_case(b"ww")
                    && rest.as_bytes()[2] == b'.'
            }
            _ => false,
        };
        if breaks {
            out.push(JOINER);
        }
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
        // One line (a blank line would end the span), and a fence longer
        // than any run of backticks inside, so nothing inside ends it.
        let one_line: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let longest = one_line
            .split(|c| c != '`')
            .map(str::len)
            .max()
            .unwrap_or(0);
        if longest == 0 {
            return format!("`{one_line}`");
        }
        let fence = "`".repeat(longest + 1);
        format!("{fence} {one_line} {fence}")
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
        // Only web links are links; anything else (`javascript:`) is shown.
        let lower = url.trim_start().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            format!("[{}]({})", escape_markdown(text), url_in_parens(url))
        } else {
            format!("{} ({})", escape_markdown(text), self.code(url))
        }
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

    /// What GitHub would act on, each with what the report shows.
    #[test]
    fn scraped_text_never_mentions_references_or_links() {
        let z = JOINER;
        for (raw, shown) in [
            ("ask @octocat", format!("ask @{z}octocat")),
            ("ask @org/team", format!("ask @{z}org/team")),
            ("me@evil.example", format!("me@{z}evil.example")),
            ("see #123", format!("see \\#{z}123")),
            ("see GH-42", format!("see GH-{z}42")),
            ("at http://x.example", format!("at http:{z}//x.example")),
            ("at HTTPS://x.example", format!("at HTTPS:{z}//x.example")),
            ("at www.x.example", format!("at w{z}ww.x.example")),
            ("&#64;user", format!("\\&\\#{z}64;user")),
            ("a\n\n</details>", "a  \\</details\\>".to_string()),
            ("list_amazonchime.html", "list_amazonchime.html".to_string()),
            ("_em_", "\\_em\\_".to_string()),
            // Text GitHub does nothing with stays as it is.
            ("C# and a-1 and #x", "C\\# and a-1 and \\#x".to_string()),
        ] {
            assert_eq!(escape_markdown(raw), shown, "{raw:?}");
        }
        // A 100 kB line stays one line, every mention in it inert.
        let long = "@a ".repeat(35_000);
        let out = escape_markdown(&long);
        assert!(!out.contains('\n'));
        assert_eq!(out.matches(&format!("@{z}a")).count(), 35_000);
    }

    #[test]
    fn code_spans_cannot_be_ended_from_inside() {
        assert_eq!(Markdown.code("plain"), "`plain`");
        assert_eq!(Markdown.code("a``b`"), "``` a``b` ```");
        assert_eq!(Markdown.code("a\n\nb"), "`a  b`");
        assert_eq!(
            Markdown.link("x", "javascript:alert(1)"),
            "x (`javascript:alert(1)`)"
        );
    }

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
