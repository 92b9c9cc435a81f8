//! The layout eras of the reference, told apart by what a recording's pages
//! look like (the parser reads them all; the plot marks where they change).

use crate::store::history::LayoutSample;

/// A layout era, oldest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Era {
    /// The IAM User Guide's XHTML pages (2019).
    UserGuideXhtml,
    /// `.partial.html` fragments of the `ng-app` template (2020).
    Partial,
    /// Whole pages of the `ng-app` template (2020–2022).
    NgApp,
    /// The template without `ng-app` (2022–2023).
    Plain,
    /// Tables whose first cells carry ids and `rowspan` (2023–June 2026).
    CellIds,
    /// The July 2026 redesign.
    Redesign2026,
    /// Nothing archived to tell (a snapshot imported from canonical files).
    Unknown,
}

impl Era {
    /// A short label for the plot and the timeline.
    pub fn label(self) -> &'static str {
        match self {
            Era::UserGuideXhtml => "User Guide XHTML",
            Era::Partial => ".partial.html",
            Era::NgApp => "ng-app",
            Era::Plain => "plain template",
            Era::CellIds => "td id + rowspan",
            Era::Redesign2026 => "2026 redesign",
            Era::Unknown => "unknown",
        }
    }

    /// Reads a recording's sample.
    pub fn of(sample: &LayoutSample) -> Era {
        if sample.redesign {
            return Era::Redesign2026;
        }
        if sample.partial {
            return Era::Partial;
        }
        let Some(body) = &sample.body else {
            return Era::Unknown;
        };
        let has = |needle: &[u8]| body.windows(needle.len()).any(|w| w == needle);
        if has(b"XHTML 1.0 Transitional") {
            Era::UserGuideXhtml
        } else if has(b"ng-app") {
            Era::NgApp
        } else if has(b"<td id=") {
            Era::CellIds
        } else {
            Era::Plain
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(partial: bool, redesign: bool, body: &str) -> LayoutSample {
        LayoutSample {
            partial,
            redesign,
            body: Some(body.as_bytes().to_vec()),
        }
    }

    #[test]
    fn eras_from_pages() {
        let xhtml = r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "">"#;
        assert_eq!(Era::of(&sample(false, false, xhtml)), Era::UserGuideXhtml);
        assert_eq!(
            Era::of(&sample(true, false, "<html ng-app=x>")),
            Era::Partial
        );
        assert_eq!(
            Era::of(&sample(false, false, "<html ng-app=x>")),
            Era::NgApp
        );
        assert_eq!(
            Era::of(&sample(false, false, "<td id=\"a\" rowspan=\"2\">")),
            Era::CellIds
        );
        assert_eq!(Era::of(&sample(false, false, "<td>")), Era::Plain);
        assert_eq!(Era::of(&sample(false, true, "<td>")), Era::Redesign2026);
        assert_eq!(Era::of(&LayoutSample::default()), Era::Unknown);
    }
}
