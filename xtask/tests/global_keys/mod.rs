//! The IAM User Guide's global condition keys page: the real page, and
//! pages cut or changed to break the reader.

mod diff;

use xtask::parse::global_keys::{GlobalKeys, PAGE_FILE, parse, read_path};

use crate::util::corpus;

fn real_page() -> Option<String> {
    let dir = corpus()?.join("iam-guide");
    Some(std::fs::read_to_string(dir.join(PAGE_FILE)).unwrap())
}

#[test]
fn every_key_of_the_real_page_with_its_types() {
    let Some(text) = real_page() else { return };
    let keys = parse(PAGE_FILE, &text).unwrap();
    assert_eq!(keys.keys.len(), 62);
    assert_eq!(
        keys.source_url,
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"
    );
    let get = |name: &str| {
        keys.keys
            .iter()
            .find(|k| k.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let ip = get("aws:SourceIp");
    assert_eq!(ip.data_types, ["IPAddress"]);
    assert!(!ip.multivalued);
    assert_eq!(ip.group, "Properties of the network");
    let tags = get("aws:TagKeys");
    assert_eq!(tags.data_types, ["String"]);
    assert!(tags.multivalued);
    assert_eq!(get("aws:EpochTime").data_types, ["Date", "Numeric"]);
    assert_eq!(get("aws:MultiFactorAuthPresent").data_types, ["Bool"]);
    assert_eq!(get("aws:PrincipalArn").data_types, ["ARN"]);
    assert!(
        get("aws:PrincipalTag/${TagKey}")
            .availability
            .contains("attached tags")
    );
    // The cross-service keys the page lists with the global ones.
    for name in [
        "ec2:SourceInstanceArn",
        "lambda:SourceFunctionArn",
        "identitystore:UserId",
    ] {
        get(name);
    }
    assert_eq!(keys.keys.iter().filter(|k| k.multivalued).count(), 7);
    // Every key of the summary table at the top has a section.
    let table = text
        .lines()
        .find(|l| l.starts_with("| `aws:PrincipalArn`"))
        .unwrap();
    let listed = table.matches("`").count() / 2;
    assert_eq!(listed, 62);
}

#[test]
fn the_committed_snapshot_file_is_what_the_page_gives() {
    let Some(text) = real_page() else { return };
    let keys = parse(PAGE_FILE, &text).unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../snapshots/global-condition-keys.json"
    );
    let committed = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        committed,
        keys.to_json(),
        "run `cargo xtask global-keys` and commit"
    );
    assert_eq!(GlobalKeys::from_json(path, &committed).unwrap(), keys);
    // A hand edit that keeps it JSON is still refused.
    let edited = committed.replacen("  ", "   ", 1);
    assert!(GlobalKeys::from_json("x.json", &edited).is_err());
}

#[test]
fn damaged_pages_are_errors_naming_page_and_key() {
    let Some(text) = real_page() else { return };
    // A key section without its value type.
    let cut = text.replacen("+ **Value type** – Single-valued\n", "", 1);
    let e = parse("p.md", &cut).unwrap_err().to_string();
    assert!(
        e.starts_with("p.md: key aws:PrincipalArn: no **Value type**"),
        "{e}"
    );
    // An unknown data type.
    let odd = text.replacen("[Boolean]", "[Tristate]", 1);
    let e = parse("p.md", &odd).unwrap_err().to_string();
    assert!(e.contains("data type \"Tristate\""), "{e}");
    // "(list)" on a single-valued key.
    let odd = text.replacen(
        "+ **Data type** – [String](reference_policies_elements_condition_operators.md#Conditions_String)\n+ **Value type** – Single-valued",
        "+ **Data type** – [String](x) (list)\n+ **Value type** – Single-valued",
        1,
    );
    assert!(
        parse("p.md", &odd)
            .unwrap_err()
            .to_string()
            .contains("(list)")
    );
    // A key described twice.
    let twice = format!(
        "{text}\n### aws:SourceIp\n+ **Availability** – a\n+ **Data type** – String\n+ **Value type** – Single-valued\n"
    );
    assert!(
        parse("p.md", &twice)
            .unwrap_err()
            .to_string()
            .contains("described twice")
    );
    // Cut before the first key, or another page altogether.
    let head = &text[..text.find("### aws:PrincipalArn").unwrap()];
    assert!(
        parse("p.md", head)
            .unwrap_err()
            .to_string()
            .contains("no `### prefix:Key` sections")
    );
    assert!(
        parse("p.md", "# Some other page\n")
            .unwrap_err()
            .to_string()
            .contains("not the")
    );
    // Huge input is refused before it is read.
    let huge = "x".repeat(9 << 20);
    assert!(
        parse("p.md", &huge)
            .unwrap_err()
            .to_string()
            .contains("larger than")
    );
}

#[test]
fn reads_a_directory_or_the_file() {
    let Some(dir) = corpus().map(|c| c.join("iam-guide")) else {
        return;
    };
    assert_eq!(
        read_path(&dir).unwrap(),
        read_path(&dir.join(PAGE_FILE)).unwrap()
    );
    let e = read_path(&dir.join("nope")).unwrap_err().to_string();
    assert!(e.contains("cannot read"), "{e}");
}
