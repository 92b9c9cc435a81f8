//! YAML (a CloudFormation template) read into the JSON value CloudFormation
//! itself would make of it, with the line and column of every value and
//! the keys given twice in a mapping. CloudFormation's short tags become
//! their long form (`!Sub x` is `{"Fn::Sub": "x"}`, `!GetAtt a.b` is
//! `{"Fn::GetAtt": ["a", "b"]}`, `!Ref x` is `{"Ref": "x"}`).
//!
//! Bounded: nesting is cut at [`MAX_DEPTH`] and aliases may not expand the
//! document past [`MAX_NODES`] values (the "billion laughs" of YAML).

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

use crate::jsonpath;
use crate::locate::{Duplicate, Place};

/// Deepest nesting read.
pub const MAX_DEPTH: usize = 128;

/// Most values a document may have once its aliases are expanded.
pub const MAX_NODES: usize = 1_000_000;

/// A YAML document read.
pub(crate) struct Document {
    /// The value.
    pub value: Value,
    /// The line and column of every value, by JSON path.
    pub places: HashMap<String, Place>,
    /// Keys given twice in one mapping.
    pub duplicates: Vec<Duplicate>,
}

#[derive(Clone)]
enum Kind {
    Scalar(String, bool),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone)]
struct Node {
    kind: Kind,
    tag: Option<Tag>,
    place: Place,
    /// Values in this node, itself included (for the alias budget).
    size: usize,
}

enum Frame {
    Seq(Vec<Node>, Option<Tag>, Place, usize),
    Map(Vec<(Node, Node)>, Option<Node>, Option<Tag>, Place, usize),
}

/// Reads the first document of `text`; an error names the line.
pub(crate) fn parse(text: &str) -> Result<Document, String> {
    let root = tree(text)?;
    let mut doc = Document {
        value: Value::Null,
        places: HashMap::new(),
        duplicates: Vec::new(),
    };
    let mut path = String::from("$");
    doc.value = convert(root, &mut path, &mut doc.places, &mut doc.duplicates)?;
    Ok(doc)
}

fn tree(text: &str) -> Result<Node, String> {
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut total = 0usize;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| format!("not YAML: {e}"))?;
        let place = (mark.line(), mark.col() + 1);
        let done = match event {
            Event::StreamEnd => return Err("an empty YAML document".to_string()),
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {
                continue;
            }
            Event::Alias(id) => {
                let anchored = anchors
                    .get(&id)
                    .ok_or_else(|| format!("line {}: an alias to an unknown anchor", place.0))?;
                // Counted before it is copied: no copy past the budget.
                total += anchored.size;
                if total > MAX_NODES {
                    return Err(too_many());
                }
                anchored.clone()
            }
            Event::Scalar(value, style, anchor, tag) => {
                total += 1;
                let node = Node {
                    kind: Kind::Scalar(value, style == TScalarStyle::Plain),
                    tag,
                    place,
                    size: 1,
                };
                if anchor != 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
            Event::SequenceStart(anchor, tag) => {
                total += 1;
                stack.push(Frame::Seq(Vec::new(), tag, place, anchor));
                if stack.len() > MAX_DEPTH {
                    return Err(format!("line {}: nested deeper than {MAX_DEPTH}", place.0));
                }
                continue;
            }
            Event::MappingStart(anchor, tag) => {
                total += 1;
                stack.push(Frame::Map(Vec::new(), None, tag, place, anchor));
                if stack.len() > MAX_DEPTH {
                    return Err(format!("line {}: nested deeper than {MAX_DEPTH}", place.0));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (kind, tag, place, anchor) = match stack.pop() {
                    Some(Frame::Seq(items, tag, place, anchor)) => {
                        (Kind::Seq(items), tag, place, anchor)
                    }
                    Some(Frame::Map(entries, _, tag, place, anchor)) => {
                        (Kind::Map(entries), tag, place, anchor)
                    }
                    None => return Err("unbalanced YAML".to_string()),
                };
                let size = 1 + match &kind {
                    Kind::Seq(items) => items.iter().map(|n| n.size).sum(),
                    Kind::Map(entries) => entries.iter().map(|(k, v)| k.size + v.size).sum(),
                    Kind::Scalar(..) => 0,
                };
                let node = Node {
                    kind,
                    tag,
                    place,
                    size,
                };
                if anchor != 0 {
                    anchors.insert(anchor, node.clone());
                }
                node
            }
        };
        if total > MAX_NODES {
            return Err(too_many());
        }
        match stack.last_mut() {
            None => return Ok(done),
            Some(Frame::Seq(items, ..)) => items.push(done),
            Some(Frame::Map(entries, pending, ..)) => match pending.take() {
                None => *pending = Some(done),
                Some(key) => entries.push((key, done)),
            },
        }
    }
}

fn too_many() -> String {
    format!("more than {MAX_NODES} values once aliases are expanded")
}

/// CloudFormation's short form of an intrinsic function, as its long key.
fn intrinsic(tag: &Tag) -> Option<String> {
    if tag.handle != "!" || tag.suffix.is_empty() {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    })
}

fn convert(
    node: Node,
    path: &mut String,
    places: &mut HashMap<String, Place>,
    duplicates: &mut Vec<Duplicate>,
) -> Result<Value, String> {
    places.insert(path.clone(), node.place);
    if let Some(name) = node.tag.as_ref().and_then(intrinsic) {
        let inner = Node { tag: None, ..node };
        let parent = path.len();
        jsonpath::push_key(path, &name);
        let mut value = convert(inner, path, places, duplicates)?;
        path.truncate(parent);
        // `!GetAtt Bucket.Arn` is the list form's `[Bucket, Arn]`.
        if name == "Fn::GetAtt" {
            if let Value::String(s) = &value {
                if let Some((a, b)) = s.split_once('.') {
                    value = Value::Array(vec![a.into(), b.into()]);
                }
            }
        }
        let mut map = Map::new();
        map.insert(name, value);
        return Ok(Value::Object(map));
    }
    let tagged_str = node.tag.as_ref().is_some_and(|t| {
        t.handle == "!!" && t.suffix == "str" || t.suffix == "tag:yaml.org,2002:str"
    });
    Ok(match node.kind {
        Kind::Scalar(s, plain) => {
            if plain && !tagged_str {
                scalar(s)
            } else {
                Value::String(s)
            }
        }
        Kind::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let parent = path.len();
                jsonpath::push_index(path, i);
                out.push(convert(item, path, places, duplicates)?);
                path.truncate(parent);
            }
            Value::Array(out)
        }
        Kind::Map(entries) => {
            let mut map = Map::new();
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (key, value) in entries {
                let Kind::Scalar(k, _) = key.kind else {
                    return Err(format!(
                        "line {}: a mapping key that is not a string",
                        key.place.0
                    ));
                };
                let parent = path.len();
                jsonpath::push_key(path, &k);
                if let Some(first_line) = seen.insert(k.clone(), key.place.0) {
                    duplicates.push(Duplicate {
                        path: path.clone(),
                        key: k.clone(),
                        first_line,
                        line: key.place.0,
                    });
                }
                let v = convert(value, path, places, duplicates)?;
                path.truncate(parent);
                map.insert(k, v);
            }
            Value::Object(map)
        }
    })
}

/// A plain scalar by YAML 1.2's core schema: null, booleans, numbers, else
/// a string (`2012-10-17` stays a string).
fn scalar(s: String) -> Value {
    match s.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let numeric =
        s.strip_prefix(['-', '+']).unwrap_or(&s).chars().all(|c| {
            c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'
        });
    if numeric && s.chars().any(|c| c.is_ascii_digit()) {
        if let Ok(i) = s.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Some(n) = s.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_read_with_places_tags_and_repeats() {
        let text = "Resources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      Arn: !GetAtt Bucket.Arn\n      Sub: !Sub 'arn:${AWS::Partition}:s3:::b'\n      Version: 2012-10-17\n      N: 3\n      B: true\n      Type: again\n";
        let doc = parse(text).unwrap();
        let p = &doc.value["Resources"]["R"]["Properties"];
        assert_eq!(
            p["Arn"],
            serde_json::json!({"Fn::GetAtt": ["Bucket", "Arn"]})
        );
        assert_eq!(
            p["Sub"],
            serde_json::json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::b"})
        );
        assert_eq!(p["Version"], "2012-10-17");
        assert_eq!(p["N"], 3);
        assert_eq!(p["B"], true);
        assert_eq!(doc.places["$.Resources.R.Properties.Arn"].0, 5);
        assert_eq!(doc.places["$.Resources.R.Properties.N"], (8, 10));
        assert!(doc.duplicates.is_empty());
        let dup = parse("a: 1\nb:\n  c: 1\n  c: 2\n").unwrap();
        assert_eq!(dup.duplicates.len(), 1);
        assert_eq!(dup.duplicates[0].path, "$.b.c");
        assert_eq!(
            (dup.duplicates[0].first_line, dup.duplicates[0].line),
            (3, 4)
        );
    }

    #[test]
    fn hostile_yaml_is_bounded() {
        // Nine levels of ten aliases each: 10^9 values if expanded.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&text).err().unwrap();
        assert!(err.contains("aliases"), "{err}");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&deep).is_err());
        assert!(parse("a: [unclosed").err().unwrap().contains("not YAML"));
    }
}
