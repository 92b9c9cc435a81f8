//! The catalog's growth as an SVG: actions and services per recording on a
//! time axis, the layout eras as shaded bands. Written by hand (a few dozen
//! elements): no plotting dependency, and the output is deterministic
//! (fixed precision, no timestamps), so the committed picture changes only
//! when the data does.

use std::fmt::Write as _;

use super::eras::Era;

/// One recording on the plot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub services: i64,
    pub actions: i64,
    pub era: Era,
}

const WIDTH: f64 = 900.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
/// Each panel: top and height.
const ACTIONS_PANEL: (f64, f64) = (50.0, 200.0);
const SERVICES_PANEL: (f64, f64) = (290.0, 140.0);
const AXIS_Y: f64 = 430.0;
const HEIGHT: f64 = 520.0;

/// Fill of each era's band (light, distinct, readable in print).
fn era_fill(era: Era) -> &'static str {
    match era {
        Era::UserGuideXhtml => "#fde0c5",
        Era::Partial => "#facba6",
        Era::NgApp => "#e0ecf4",
        Era::Plain => "#e5f5e0",
        Era::CellIds => "#efedf5",
        Era::Redesign2026 => "#fee391",
        Era::Unknown => "#f0f0f0",
    }
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian; the
/// civil-from-days inverse of H. Hinnant's algorithm). `None` when not a date.
fn days(date: &str) -> Option<i64> {
    if !crate::clock::is_date(date) {
        return None;
    }
    let (y, m, d): (i64, i64, i64) = (
        date[..4].parse().ok()?,
        date[5..7].parse().ok()?,
        date[8..10].parse().ok()?,
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten) at
/// least `v`, for an axis maximum.
fn nice_ceiling(v: f64) -> f64 {
    let v = v.max(1.0);
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&c| c >= v)
        .unwrap_or(10.0 * p)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG. An error when there is nothing to plot or a date is not one.
pub fn svg(points: &[Point], title: &str) -> anyhow::Result<String> {
    anyhow::ensure!(!points.is_empty(), "no recordings to plot");
    let xs: Vec<i64> = points
        .iter()
        .map(|p| days(&p.date).ok_or_else(|| anyhow::anyhow!("{:?} is not a date", p.date)))
        .collect::<anyhow::Result<_>>()?;
    let first_year: i64 = points[0].date[..4].parse()?;
    let last_year: i64 = points[points.len() - 1].date[..4].parse()?;
    // From the first of January of the first year to the next after the last.
    let x0 = days(&format!("{first_year:04}-01-01")).unwrap_or(xs[0]);
    let x1 = days(&format!("{:04}-01-01", last_year + 1)).unwrap_or(xs[xs.len() - 1] + 1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let x = |d: i64| LEFT + (d - x0) as f64 / (x1 - x0).max(1) as f64 * plot_w;

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        s,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="24" font-size="15" font-weight="bold">{}</text>"#,
        escape(title)
    );

    // Era bands: from an era's first recording to the next era's first
    // (the last to the last recording), behind both panels.
    let mut eras: Vec<(Era, usize, usize)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        match eras.last_mut() {
            Some((era, _, end)) if *era == p.era => *end = i,
            _ => eras.push((p.era, i, i)),
        }
    }
    for (k, &(era, start, end)) in eras.iter().enumerate() {
        let from = x(xs[start]);
        let to = eras
            .get(k + 1)
            .map_or_else(|| x(xs[end]).max(from + 3.0), |next| x(xs[next.1]));
        for (top, h) in [ACTIONS_PANEL, SERVICES_PANEL] {
            let _ = writeln!(
                s,
                r#"<rect x="{from:.1}" y="{top:.1}" width="{:.1}" height="{h:.1}" fill="{}"/>"#,
                (to - from).max(1.0),
                era_fill(era)
            );
        }
    }

    // Year lines and labels.
    for year in first_year..=last_year + 1 {
        let d = days(&format!("{year:04}-01-01")).unwrap_or(x0);
        let xx = x(d);
        for (top, h) in [ACTIONS_PANEL, SERVICES_PANEL] {
            let _ = writeln!(
                s,
                r##"<line x1="{xx:.1}" y1="{top:.1}" x2="{xx:.1}" y2="{:.1}" stroke="#bbbbbb" stroke-width="0.5"/>"##,
                top + h
            );
        }
        if year <= last_year {
            let mid = x(days(&format!("{year:04}-07-01")).unwrap_or(d));
            let _ = writeln!(
                s,
                r#"<text x="{mid:.1}" y="{:.1}" text-anchor="middle">{year}</text>"#,
                AXIS_Y + 16.0
            );
        }
    }

    // The two series.
    type Series = (&'static str, fn(&Point) -> i64, (f64, f64), &'static str);
    let series: [Series; 2] = [
        ("actions", |p| p.actions, ACTIONS_PANEL, "#08519c"),
        ("services", |p| p.services, SERVICES_PANEL, "#a63603"),
    ];
    for (label, value, (top, h), color) in series {
        let max = nice_ceiling(points.iter().map(value).max().unwrap_or(1) as f64);
        let y = |v: i64| top + h - v as f64 / max * h;
        for i in 0..=4 {
            let v = max * f64::from(i) / 4.0;
            let yy = y(v as i64);
            let _ = writeln!(
                s,
                r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#dddddd" stroke-width="0.5"/>"##,
                WIDTH - RIGHT
            );
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                LEFT - 6.0,
                yy + 4.0,
                v as i64
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-weight="bold" fill="{color}">{label}</text>"#,
            LEFT + 6.0,
            top + 14.0
        );
        let path: Vec<String> = points
            .iter()
            .zip(&xs)
            .map(|(p, &d)| format!("{:.1},{:.1}", x(d), y(value(p))))
            .collect();
        let _ = writeln!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"#,
            path.join(" ")
        );
        for (p, &d) in points.iter().zip(&xs) {
            let _ = writeln!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{color}"><title>{}: {} {label}</title></circle>"#,
                x(d),
                y(value(p)),
                p.date,
                value(p)
            );
        }
        let _ = writeln!(
            s,
            r##"<rect x="{LEFT}" y="{top:.1}" width="{plot_w:.1}" height="{h:.1}" fill="none" stroke="#888888"/>"##
        );
    }

    // Legend: the eras in order, a swatch each.
    let mut lx = LEFT;
    let ly = HEIGHT - 40.0;
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="{:.1}">Page layout eras (bands):</text>"#,
        ly - 10.0
    );
    let mut seen = Vec::new();
    for &(era, _, _) in &eras {
        if seen.contains(&era) {
            continue;
        }
        seen.push(era);
        let _ = writeln!(
            s,
            r##"<rect x="{lx:.1}" y="{:.1}" width="14" height="14" fill="{}" stroke="#888888"/>"##,
            ly,
            era_fill(era)
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            lx + 19.0,
            ly + 11.5,
            escape(era.label())
        );
        lx += 19.0 + era.label().len() as f64 * 7.0 + 18.0;
    }
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#555555">one dot per recording</text>"##,
        WIDTH - RIGHT,
        HEIGHT - 8.0
    );
    s.push_str("</svg>\n");
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_ceilings() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-03-01"), Some(11_017));
        assert_eq!(days("2019-10-18"), Some(18_187));
        assert_eq!(days("2019-13-18"), None);
        assert_eq!(nice_ceiling(21_657.0), 25_000.0);
        assert_eq!(nice_ceiling(466.0), 500.0);
        assert_eq!(nice_ceiling(175.0), 200.0);
    }

    #[test]
    fn plot_is_deterministic_and_marks_eras() {
        let p = |date: &str, services, actions, era| Point {
            date: date.into(),
            services,
            actions,
            era,
        };
        let points = [
            p("2019-10-18", 175, 5_800, Era::UserGuideXhtml),
            p("2020-01-29", 200, 7_000, Era::Partial),
            p("2026-07-01", 466, 21_657, Era::Redesign2026),
        ];
        let a = svg(&points, "growth <&>").unwrap();
        assert_eq!(a, svg(&points, "growth <&>").unwrap());
        assert!(a.starts_with("<svg ") && a.ends_with("</svg>\n"));
        assert!(a.contains("growth &lt;&amp;&gt;"));
        assert!(a.contains("2026-07-01: 21657 actions"));
        for era in [Era::UserGuideXhtml, Era::Partial, Era::Redesign2026] {
            assert!(a.contains(era.label()), "{era:?}");
        }
        assert_eq!(a.matches("<circle").count(), 6);
        assert!(svg(&[], "x").is_err());
    }
}
