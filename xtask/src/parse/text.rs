//! Text normalisation shared by the HTML and Markdown readers.
//!
//! Part of the corpus was re-indented by BeautifulSoup's `prettify()`, which
//! puts every text node on its own indented line; the live site does not. Both
//! must read the same, so every cell's text goes through [`collapse`].

/// Collapses runs of whitespace (including non-breaking spaces) into one space
/// and trims both ends.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Removes every whitespace character: ARN templates never contain spaces,
/// but prettified pages split them around `<span>{</span>`.
pub fn strip_whitespace(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect()
}

/// Joins text pieces that prettify separated with whitespace, without leaving
/// a space before closing punctuation or after an opening bracket, which is
/// how the pages were written ("(<code>x</code>)" becomes "( x )" otherwise).
pub fn tidy_punctuation(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next = chars.get(i + 1).copied();
            let prev = out.chars().last();
            let before_closing =
                matches!(next, Some('.' | ',' | ';' | ':' | ')' | ']' | '?' | '!'))
                    && chars
                        .get(i + 2)
                        .is_none_or(|c| c.is_whitespace() || matches!(c, ')' | ']'));
            let after_opening = matches!(prev, Some('(' | '['));
            if before_closing || after_opening {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_joins_prettified_lines() {
        assert_eq!(
            collapse("\n   Grants permission to\n     add a   domain\u{a0} "),
            "Grants permission to add a domain"
        );
        assert_eq!(collapse(" \n\t "), "");
    }

    #[test]
    fn arn_templates_lose_prettify_spaces() {
        assert_eq!(
            strip_whitespace("arn:$\n  {\n  Partition}:chime:$ { Region}"),
            "arn:${Partition}:chime:${Region}"
        );
    }

    #[test]
    fn punctuation_after_inline_markup_is_rejoined() {
        assert_eq!(
            tidy_punctuation("the ( Action ) element of a policy ."),
            "the (Action) element of a policy."
        );
        // A colon inside a name (`s3:prefix`) is not punctuation to close up.
        assert_eq!(tidy_punctuation("key s3:prefix set"), "key s3:prefix set");
        assert_eq!(tidy_punctuation("see : details"), "see: details");
    }
}
