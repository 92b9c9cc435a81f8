//! Dates as the documentation writes them: "March 15, 2022", "Dec 8, 2023",
//! "June 04, 2025", "March 13th, 2026", "20 February 2026", "2024-12-18".

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month from its name or a three-letter (or "Sept") abbreviation.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() <= 4 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

/// A day of the month, "8", "04", "13th", "1st".
fn day(word: &str) -> Option<u32> {
    let digits = word
        .trim_end_matches(',')
        .trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', ';', ')']);
    (w.len() == 4)
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

fn iso(y: i32, m: u32, d: u32) -> Option<String> {
    (d <= crate::clock::days_in_month(y, m)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// An ISO date `YYYY-MM-DD` at the start of `word`.
fn iso_word(word: &str) -> Option<String> {
    let w = word.get(..10)?;
    let b = w.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    iso(
        w[..4].parse().ok()?,
        w[5..7].parse().ok()?,
        w[8..10].parse().ok()?,
    )
}

/// The first date in `text`, as `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '*' || c == '(')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(d) = iso_word(w) {
            return Some(d);
        }
        // Month D[,] YYYY
        if let (Some(m), Some(d), Some(y)) = (
            month(w),
            words.get(i + 1).and_then(|w| day(w)),
            words.get(i + 2).and_then(|w| year(w)),
        ) && let Some(date) = iso(y, m, d)
        {
            return Some(date);
        }
        // D Month YYYY
        if let (Some(d), Some(m), Some(y)) = (
            day(w),
            words.get(i + 1).and_then(|w| month(w)),
            words.get(i + 2).and_then(|w| year(w)),
        ) && let Some(date) = iso(y, m, d)
        {
            return Some(date);
        }
    }
    None
}

/// A cell that should hold exactly a date.
pub fn parse_date(text: &str) -> Option<String> {
    find_date(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_the_material_uses() {
        for (text, want) in [
            ("March 15, 2022", "2022-03-15"),
            ("Dec 8, 2023", "2023-12-08"),
            ("June 04, 2025", "2025-06-04"),
            ("Sept 3, 2021", "2021-09-03"),
            ("2024-12-18", "2024-12-18"),
            ("After **March 13th, 2026**, you can't attach", "2026-03-13"),
            ("On February 20, 2026, AWS will end support", "2026-02-20"),
            ("on 20 February 2026.", "2026-02-20"),
            ("February 29, 2024", "2024-02-29"),
        ] {
            assert_eq!(find_date(text).as_deref(), Some(want), "{text}");
        }
        for text in [
            "soon",
            "February 30, 2025",
            "May the 4th",
            "2026",
            "Q3 2026",
        ] {
            assert_eq!(find_date(text), None, "{text}");
        }
    }
}
