//! A service's own docs ("How X works with IAM", "AWS managed policies for
//! X", the identity-based policy examples): availability notices, the
//! managed-policy changelog, the IAM features table and managed policy
//! documents, read from the blocks of a page whatever its template.

use crate::model::{Feature, ManagedPolicy, Notice, PolicyChange};

use super::dates::parse_date;
use super::notice::detect;
use super::table::Table;
use super::text::collapse;
use super::{Block, DocRaw};

/// What a service docs page holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocPage {
    /// Its URL.
    pub url: String,
    /// Its title (the `h1`).
    pub title: String,
    /// Availability notices.
    pub notices: Vec<Notice>,
    /// Managed-policy changelog rows, in page order.
    pub changes: Vec<PolicyChange>,
    /// The IAM features table.
    pub features: Vec<Feature>,
    /// Managed policy documents.
    pub policies: Vec<ManagedPolicy>,
    /// Every link target, absolute (for discovering more pages).
    pub links: Vec<String>,
    /// What was read but looks wrong (an unreadable date, invalid JSON).
    pub warnings: Vec<String>,
}

/// Managed policy names as the docs write them: `AmazonChimeReadOnly`,
/// `AWSServiceRoleForAmazonEKSNodegroup`, `AmazonEKS_CNI_Policy`. Product
/// names alone ("AmazonEKS") are too short to count.
pub fn policy_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        let rest = token
            .strip_prefix("Amazon")
            .or_else(|| token.strip_prefix("AWS"));
        let Some(rest) = rest else { continue };
        let uppercase = rest.chars().filter(char::is_ascii_uppercase).count();
        if token.len() >= 12
            && rest.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && uppercase >= 2
            && token != "AWSServiceName"
            && !names.iter().any(|n| n == token)
        {
            names.push(token.to_string());
        }
    }
    names
}

/// Resolves a link against the page's URL (docs link relatively).
fn absolute(base: &str, href: &str) -> Option<String> {
    let base = reqwest::Url::parse(base).ok()?;
    let mut url = base.join(href).ok()?;
    url.set_fragment(None);
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// Interprets a page read as blocks.
pub fn interpret(raw: DocRaw, fallback_url: &str) -> DocPage {
    let url = raw.url.clone().unwrap_or_else(|| fallback_url.to_string());
    let mut page = DocPage {
        title: raw.title.clone().unwrap_or_default(),
        links: raw.links.iter().filter_map(|h| absolute(&url, h)).collect(),
        url,
        ..DocPage::default()
    };
    page.links.sort();
    page.links.dedup();
    read_notices(&raw.blocks, &mut page);
    for block in &raw.blocks {
        match block {
            Block::Table(Ok(table)) => {
                read_changelog(table, &mut page);
                read_features(table, &mut page);
            }
            // A changelog or features table that cannot be read is lost:
            // say so rather than read the page as if it had none.
            Block::Table(Err(e)) => page
                .warnings
                .push(format!("a table of the page could not be read: {e}")),
            _ => {}
        }
    }
    read_policies(&raw.blocks, &mut page);
    page
}

fn read_notices(blocks: &[Block], page: &mut DocPage) {
    let mut found: Vec<(Notice, usize)> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let Block::Text(text) = block else { continue };
        let Some(n) = detect(text) else { continue };
        // A banner split into a label block and a text block: read them as one.
        let text = match (i.checked_sub(1).and_then(|j| blocks.get(j)), found.last()) {
            (Some(Block::Text(prev)), last)
                if prev.len() < 40
                    && detect(prev).is_some()
                    && last.is_some_and(|(_, at)| *at == i - 1) =>
            {
                found.pop();
                format!("{prev} {text}")
            }
            _ => text.clone(),
        };
        let date = n.date.or_else(|| super::dates::find_date(&text));
        found.push((
            Notice {
                kind: n.kind.as_str().to_string(),
                date,
                text,
                url: page.url.clone(),
                scope: None,
            },
            i,
        ));
    }
    for (n, _) in found {
        if !page.notices.iter().any(|m| m.text.contains(&n.text)) {
            page.notices.push(n);
        }
    }
}

fn cell(table: &Table, row: usize, col: usize) -> String {
    table
        .slot(row, col)
        .map(|(_, c)| c.text())
        .unwrap_or_default()
}

/// Columns whose header contains `word`.
fn column_with(table: &Table, word: &str) -> Option<usize> {
    table
        .headers
        .iter()
        .position(|h| h.split_whitespace().any(|w| w == word))
}

fn read_changelog(table: &Table, page: &mut DocPage) {
    let (Some(c_change), Some(c_desc), Some(c_date)) = (
        column_with(table, "change"),
        column_with(table, "description"),
        column_with(table, "date"),
    ) else {
        return;
    };
    for row in 0..table.rows.len() {
        let change = cell(table, row, c_change);
        let description = cell(table, row, c_desc);
        let date_text = cell(table, row, c_date);
        if change.is_empty() && description.is_empty() && date_text.is_empty() {
            continue;
        }
        let date = parse_date(&date_text);
        if date.is_none() {
            page.warnings.push(format!(
                "{}: changelog row {}: cannot read the date {date_text:?}; kept as written",
                page.url,
                row + 1
            ));
        }
        let policies = policy_names(&format!("{change} {description}"));
        page.changes.push(PolicyChange {
            date,
            date_text,
            change,
            description,
            policies,
            url: page.url.clone(),
        });
    }
}

fn read_features(table: &Table, page: &mut DocPage) {
    let is_features = table.headers.first().is_some_and(|h| h.contains("feature"))
        && table.headers.get(1).is_some_and(|h| h.contains("support"));
    if !is_features {
        return;
    }
    for row in 0..table.rows.len() {
        let name = cell(table, row, 0);
        let raw = cell(table, row, 1);
        let support = match raw
            .split([' ', '.', ','])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "yes" => "Yes".to_string(),
            "no" => "No".to_string(),
            "partial" => "Partial".to_string(),
            _ => raw.clone(),
        };
        if !name.is_empty() {
            page.features.push(Feature { name, support });
        }
    }
}

/// A JSON code block with a `Statement` is a policy; it is a managed one
/// when the text just before it names one.
fn read_policies(blocks: &[Block], page: &mut DocPage) {
    for (i, block) in blocks.iter().enumerate() {
        let Block::Code(code) = block else { continue };
        let trimmed = code.trim();
        if !trimmed.starts_with('{') {
            continue;
        }
        // The nearest name before the block, within its section: a tab
        // label such as "[ JSON ]" does not end the search, a real heading,
        // another code block or a table does.
        let mut name = None;
        for b in blocks[..i].iter().rev() {
            match b {
                Block::Text(t) => name = policy_names(t).pop(),
                Block::Heading(t) => {
                    name = policy_names(t).pop();
                    if name.is_none() && t.len() > 20 {
                        break;
                    }
                }
                Block::Code(_) | Block::Table(_) => break,
            }
            if name.is_some() {
                break;
            }
        }
        let Some(name) = name else { continue };
        match serde_json::from_str::<serde_json::Value>(trimmed) {
            // A trust policy (it names a Principal) is not the managed
            // policy, even when the text around it names one.
            Ok(document) if trimmed.contains("\"Principal\"") => {
                let _ = document;
            }
            Ok(document) if document.get("Statement").is_some() => {
                if !page.policies.iter().any(|p| p.name == name) {
                    page.policies.push(ManagedPolicy {
                        name,
                        document,
                        url: page.url.clone(),
                    });
                }
            }
            Ok(_) => page.warnings.push(format!(
                "{}: policy {name}: the JSON has no Statement",
                page.url
            )),
            Err(e) => page
                .warnings
                .push(format!("{}: policy {name}: not valid JSON ({e})", page.url)),
        }
    }
}

/// The name of a service as the page title writes it ("How Amazon Chime
/// works with IAM" gives "Amazon Chime").
pub fn service_in_title(title: &str) -> Option<String> {
    let t = collapse(title);
    let rest = t.strip_prefix("How ")?;
    let end = rest.find(" works with IAM")?;
    Some(rest[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_names_in_changelog_rows() {
        assert_eq!(
            policy_names(
                "AmazonEKS_CNI_Policy – Update; added to `AWSServiceRoleForAmazonEKSNodegroup` for AmazonEKS clusters"
            ),
            [
                "AmazonEKS_CNI_Policy",
                "AWSServiceRoleForAmazonEKSNodegroup"
            ]
        );
        assert_eq!(
            policy_names("The Amazon Chime SDK added actions; AWS managed policies"),
            Vec::<String>::new()
        );
        assert_eq!(
            policy_names("the AWS managed AmazonChimeReadOnly policy"),
            ["AmazonChimeReadOnly"]
        );
    }

    #[test]
    fn titles_name_the_service() {
        assert_eq!(
            service_in_title("How Amazon Chime works with IAM").as_deref(),
            Some("Amazon Chime")
        );
        assert_eq!(
            service_in_title("Amazon Chime identity-based policy examples"),
            None
        );
    }
}
