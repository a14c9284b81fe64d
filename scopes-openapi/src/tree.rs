//! The document as a tree of byte positions, for editing its text in
//! place: where each key and value starts and ends. Built from
//! serde-saphyr's spans (which give collections only their start); the end
//! of a collection is found from its last child and, in flow style, its
//! closing bracket.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A node: where it starts, and what it is.
#[derive(Debug)]
pub(crate) struct Node {
    pub start: usize,
    pub kind: Kind,
    /// Written as an alias (`*name`), or inside one's replay: where the
    /// alias text ends and where its anchored node starts. The node's
    /// children then carry the alias's position, not their own.
    pub alias: Option<Alias>,
}

/// An alias (`*name`) and the node it stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Alias {
    /// The end of the alias text.
    pub end: usize,
    /// Where the anchored node starts.
    pub defined: usize,
}

#[derive(Debug)]
pub(crate) enum Kind {
    Scalar { end: usize },
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key: its text (unquoted) and its bytes (quotes included).
#[derive(Debug)]
pub(crate) struct Key {
    pub name: String,
    pub start: usize,
    pub end: usize,
    /// Not written here: it comes from an alias or a merge key (`<<`).
    pub alias: bool,
}

/// The alias, when `referenced` (where the value is written) is not
/// `defined` (where its anchor is).
fn alias(referenced: &serde_saphyr::Location, defined: &serde_saphyr::Location) -> Option<Alias> {
    let (start, end) = range(referenced);
    let (defined, _) = range(defined);
    (start != defined).then_some(Alias { end, defined })
}

fn range(loc: &serde_saphyr::Location) -> (usize, usize) {
    let span = loc.span();
    let start = usize::try_from(span.byte_offset().unwrap_or(0)).unwrap_or(0);
    let len = usize::try_from(span.byte_len().unwrap_or(0)).unwrap_or(0);
    (start, start + len)
}

struct Raw(Kind);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

macro_rules! scalar {
    ($($f:ident: $t:ty),*) => {
        $(fn $f<E: de::Error>(self, _: $t) -> Result<Raw, E> {
            Ok(Raw(Kind::Scalar { end: 0 }))
        })*
    };
}

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    scalar!(visit_str: &str, visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64,
            visit_i128: i128, visit_u128: u128);
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw(Kind::Scalar { end: 0 }))
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw(Kind::Scalar { end: 0 }))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(x) = s.next_element::<Spanned<Raw>>()? {
            items.push(node(x));
        }
        Ok(Raw(Kind::Seq(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = m.next_key::<Spanned<String>>()? {
            let (start, end) = range(&k.referenced);
            let v = m.next_value::<Spanned<Raw>>()?;
            entries.push((
                Key {
                    name: k.value,
                    start,
                    end,
                    alias: alias(&k.referenced, &k.defined).is_some(),
                },
                node(v),
            ));
        }
        Ok(Raw(Kind::Map(entries)))
    }
}

fn node(s: Spanned<Raw>) -> Node {
    let (start, end) = range(&s.referenced);
    let kind = match s.value.0 {
        Kind::Scalar { .. } => Kind::Scalar { end },
        k => k,
    };
    Node {
        start,
        kind,
        alias: alias(&s.referenced, &s.defined),
    }
}

/// Parse `text` into a tree.
pub(crate) fn parse(text: &str) -> Result<Node, String> {
    serde_saphyr::from_str::<Spanned<Raw>>(text)
        .map(node)
        .map_err(|e| e.to_string())
}

impl Node {
    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The entry under `key`.
    pub fn entry(&self, key: &str) -> Option<(&Key, &Node)> {
        match &self.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == key)
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// Whether the node is written in flow style (`[...]`, `{...}`).
    pub fn is_flow(&self, text: &str) -> bool {
        matches!(text.as_bytes().get(self.start), Some(b'[' | b'{'))
    }

    /// The first key of a mapping.
    pub fn first_key(&self) -> Option<&Key> {
        match &self.kind {
            Kind::Map(entries) => entries.first().map(|(k, _)| k),
            _ => None,
        }
    }

    /// Where the node's text ends (exclusive).
    pub fn end(&self, text: &str) -> usize {
        if let Some(a) = self.alias {
            return a.end;
        }
        let last = match &self.kind {
            // A block scalar's span takes its final line break along.
            Kind::Scalar { end } => {
                let end = (*end).clamp(self.start, text.len());
                return self.start + text[self.start..end].trim_end().len();
            }
            Kind::Seq(items) => items.last().map(|n| n.end(text)),
            Kind::Map(entries) => entries.last().map(|(_, v)| v.end(text)),
        };
        if !self.is_flow(text) {
            return last.unwrap_or(self.start);
        }
        let close = if text.as_bytes()[self.start] == b'[' {
            b']'
        } else {
            b'}'
        };
        let mut i = last.unwrap_or(self.start + 1);
        let bytes = text.as_bytes();
        while i < bytes.len() {
            match bytes[i] {
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b if b == close => return i + 1,
                _ => i += 1,
            }
        }
        bytes.len()
    }
}

impl Node {
    /// The outermost node written at `start` (not an alias's replay).
    pub fn anchored(&self, start: usize) -> Option<&Node> {
        if self.alias.is_some() {
            return None;
        }
        if self.start == start {
            return Some(self);
        }
        match &self.kind {
            Kind::Scalar { .. } => None,
            Kind::Seq(items) => items.iter().find_map(|n| n.anchored(start)),
            Kind::Map(entries) => entries.iter().find_map(|(_, n)| n.anchored(start)),
        }
    }

    /// Every alias written in the tree (not those inside another's
    /// replay): where it starts, and its [`Alias`].
    pub fn aliases(&self, out: &mut Vec<(usize, Alias)>) {
        if let Some(a) = self.alias {
            out.push((self.start, a));
            return;
        }
        match &self.kind {
            Kind::Scalar { .. } => {}
            Kind::Seq(items) => items.iter().for_each(|n| n.aliases(out)),
            Kind::Map(entries) => entries.iter().for_each(|(_, n)| n.aliases(out)),
        }
    }
}

/// The line (from 1) of byte `at`.
pub(crate) fn line(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// The column of byte `at` (bytes since the line start).
pub(crate) fn column(text: &str, at: usize) -> usize {
    at - text[..at].rfind('\n').map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn ends_cover_block_and_flow_values() {
        let text = "a:\n  b:\n  - x: [1, 2 ]\n    y: z\n  c: {d: [], e: \"q\" } # c\nf: 1\n";
        let root = parse(text).unwrap();
        let a = root.get("a").unwrap();
        let b = a.get("b").unwrap();
        // An indentless block sequence starts at its first item, not its `-`.
        assert!(text[..b.end(text)].ends_with("- x: [1, 2 ]\n    y: z"));
        assert!(text[b.end(text)..].starts_with("\n  c:"));
        let c = a.get("c").unwrap();
        assert_eq!(&text[c.start..c.end(text)], "{d: [], e: \"q\" }");
        let d = c.get("d").unwrap();
        assert_eq!(&text[d.start..d.end(text)], "[]");
        let json = "{\"p\": {\"g\": {\"security\": [ {\"o\": [\"a\"]} ], \"x\": {}}}}";
        let root = parse(json).unwrap();
        let s = root
            .get("p")
            .and_then(|p| p.get("g"))
            .and_then(|g| g.get("security"))
            .unwrap();
        assert_eq!(&json[s.start..s.end(json)], "[ {\"o\": [\"a\"]} ]");
        let x = root
            .get("p")
            .and_then(|p| p.get("g"))
            .and_then(|g| g.get("x"))
            .unwrap();
        assert_eq!(&json[x.start..x.end(json)], "{}");
    }
}
