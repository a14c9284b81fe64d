//! YAML and shape errors from serde-saphyr, said in the spec author's terms
//! (keys, lists, mappings, documents; never Rust types or library options)
//! and put on the token at fault, where the library's own location is
//! somewhere else (a run-on quote, a mapping that lacks a key).

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, Error, MessageFormatter, UserMessageFormatter};

use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::suggest::did_you_mean;

/// The options every spec is read with: YAML 1.2 booleans only (`true`,
/// `false`), so `yes` or `on` never decides access; the default budget.
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! { strict_booleans: true, budget: Some(Budget::default()) }
}

/// The diagnostic for a serde-saphyr error.
pub(crate) fn diagnostic(file: &SourceFile, e: &Error) -> Diagnostic {
    let e = e.without_snippet();
    if let Error::AliasError { error, .. } = e {
        return diagnostic(file, error);
    }
    let at = offset(file, e);
    let here = |message: String| Diagnostic::error(file.token_at(at), message).label("here");
    if is_empty(file) {
        return Diagnostic::error(0..0, "the spec is empty")
            .label("no content")
            .help("a spec is a mapping that starts with `name: <api>`");
    }
    if let Some(message) = mismatch(file, at, e) {
        return match same_indent_child(file, at) {
            Some((child, key)) if message.ends_with("found no value") => {
                Diagnostic::error(file.key_at(key_before(file, at)), message)
                    .label("no value")
                    .note(
                        file.key_at(child),
                        format!("indented like `{key}`, not under it"),
                    )
                    .help(format!(
                        "if the lines below belong to `{key}`, indent them more than `{key}`"
                    ))
            }
            _ => here(message),
        };
    }
    if let Some(message) = limit(e) {
        return here(message).help(
            "a spec needs no more than plain keys, lists and a few anchors; simplify the file",
        );
    }
    match e {
        Error::Message { msg, .. } => {
            let (message, help) = match msg.split_once("; help: ") {
                Some((m, h)) => (m.to_owned(), Some(h.to_owned())),
                None => (msg.clone(), None),
            };
            here(message).maybe_help(help)
        }
        Error::SerdeUnknownField {
            field, expected, ..
        } => Diagnostic::error(file.key_at(at), format!("unknown key `{field}`"))
            .label("unknown key")
            .help(
                did_you_mean(field, expected.iter().copied()).unwrap_or_else(|| {
                    let keys: Vec<String> = expected.iter().map(|k| format!("`{k}`")).collect();
                    format!("the keys here are {}", keys.join(", "))
                }),
            ),
        Error::SerdeMissingField { field, .. } => {
            let owner = mapping_owner(file, at);
            Diagnostic::error(file.key_at(owner), format!("missing key `{field}`"))
                .label(format!("this mapping has no `{field}`"))
                .help(format!("add `{field}: ...`"))
        }
        Error::DuplicateMappingKey { key, .. } => duplicate_key(file, at, key.as_deref()),
        Error::MultipleDocuments { .. }
        | Error::Budget {
            breach: BudgetBreach::Documents { .. },
            ..
        } => {
            let at = document_start(file, at);
            Diagnostic::error(
                file.token_at(at),
                "the file holds several YAML documents; a spec is one document",
            )
            .label("a second document starts here")
            .help("remove what follows the first document, or put each spec in its own file")
        }
        Error::NullIntoString { .. } => {
            let key = key_before(file, at);
            Diagnostic::error(file.key_at(key), "this key needs a value")
                .label("no value")
                .help("write the value after the `:`")
        }
        Error::UnknownAnchor { .. } => {
            here("this alias (`*name`) names no anchor (`&name`) defined before it".to_owned())
        }
        Error::Eof { .. } => here("the file ends in the middle of a value".to_owned()),
        Error::ExternalMessage { msg, .. } => syntax(file, at, msg),
        _ => here(strip_location(&UserMessageFormatter.format_message(e))),
    }
}

/// A value of the wrong shape: "expected a list, found `GET`".
fn mismatch(file: &SourceFile, at: usize, e: &Error) -> Option<String> {
    let (expected, found) = match e {
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (expected.as_str(), shape(unexpected)),
        Error::Unexpected { expected, .. } => (*expected, self::found(file, at)),
        _ => return None,
    };
    Some(format!("expected {}, found {found}", shape(expected)))
}

/// For a key with no value at `at`: the next line, when it is a key
/// indented exactly like this one (a child written one level too far
/// left), and this key's name.
fn same_indent_child(file: &SourceFile, at: usize) -> Option<(usize, String)> {
    let (line, _) = file.line_col(at);
    let t = file.line_text(line);
    let k = indent(t)?;
    let key = t[k..].split(':').next()?.trim().to_owned();
    let next = (line + 1..=file.line_count()).find(|&l| indent(file.line_text(l)).is_some())?;
    let n = file.line_text(next);
    (indent(n)? == k && n.contains(':')).then(|| (file.offset_of(next, k + 1), key))
}

/// A resource limit of the YAML reader, said as what the file has too
/// much of.
fn limit(e: &Error) -> Option<String> {
    Some(match e {
        Error::Budget { breach, .. } => budget(breach),
        Error::AliasReplayLimitExceeded {
            max_total_replayed_events,
            ..
        } => format!(
            "aliases (`*name`) expand to too much: more than {max_total_replayed_events} values"
        ),
        Error::AliasExpansionLimitExceeded {
            max_expansions_per_anchor,
            ..
        } => format!("one anchor is used too often: more than {max_expansions_per_anchor} times"),
        Error::AliasReplayStackDepthExceeded { max_depth, .. } => {
            format!("aliases (`*name`) nest too deep: more than {max_depth} levels")
        }
        _ => return None,
    })
}

/// Byte offset of the error's location.
fn offset(file: &SourceFile, e: &Error) -> usize {
    let start = e.location().map_or(0, |loc| {
        loc.span().byte_offset().map_or_else(
            || file.offset_of(loc.line() as usize, loc.column() as usize),
            |b| b as usize,
        )
    });
    file.text.floor_char_boundary(start)
}

/// serde-saphyr may append " at line L, column C"; the renderer shows it.
fn strip_location(message: &str) -> String {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
        .to_owned()
}

/// serde's words for shapes, in YAML's words.
fn shape(s: &str) -> String {
    if s.starts_with("struct ") || s == "map" || s == "a map" {
        return "a mapping".to_owned();
    }
    match s {
        "sequence" | "a sequence" | "sequence start" => "a list".to_owned(),
        "mapping start" | "empty mapping start" => "a mapping".to_owned(),
        "string scalar" | "scalar" => "a single value".to_owned(),
        "unit value" => "nothing".to_owned(),
        _ => s.to_owned(),
    }
}

/// Whether the file holds no YAML content (a byte-order mark, blank lines,
/// comments, markers).
fn is_empty(file: &SourceFile) -> bool {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// What the value at `at` is, in YAML's words.
fn found(file: &SourceFile, at: usize) -> String {
    let rest = &file.text[at..];
    let token = &file.text[file.token_at(at)];
    if rest.trim_start().is_empty() || matches!(token, ":" | "~" | "null" | "") {
        "no value".to_owned()
    } else if rest.starts_with('[') || rest.starts_with("- ") {
        "a list".to_owned()
    } else if rest.starts_with('{') {
        "a mapping".to_owned()
    } else {
        format!("`{}`", &file.text[file.token_at(at)])
    }
}

fn budget(breach: &BudgetBreach) -> String {
    let b = Budget::default();
    match breach {
        BudgetBreach::Aliases { .. } => {
            format!("too many aliases (`*name`): more than {}", b.max_aliases)
        }
        BudgetBreach::Anchors { .. } => {
            format!("too many anchors (`&name`): more than {}", b.max_anchors)
        }
        BudgetBreach::AliasAnchorRatio { aliases, anchors } => format!(
            "too many aliases for the anchors they use: {aliases} aliases of {anchors} anchors"
        ),
        BudgetBreach::Depth { .. } => {
            format!("nested too deep: more than {} levels", b.max_depth)
        }
        BudgetBreach::Events { .. } => {
            format!(
                "the file is too large: more than {} YAML items",
                b.max_events
            )
        }
        BudgetBreach::Nodes { .. } => {
            format!("too many values: more than {}", b.max_nodes)
        }
        BudgetBreach::ScalarBytes { .. } => format!(
            "too much text: more than {} bytes of values",
            b.max_total_scalar_bytes
        ),
        BudgetBreach::MergeKeys { .. } => {
            format!("too many merge keys (`<<`): more than {}", b.max_merge_keys)
        }
        _ => "the file is too large or too complex for a spec".to_owned(),
    }
}

/// A YAML syntax error, moved to where the mistake is when the parser
/// noticed it later: a quote left open runs on to a later line, a line
/// indented differently from its parent's other children.
fn syntax(file: &SourceFile, at: usize, msg: &str) -> Diagnostic {
    let msg = strip_location(msg);
    if let Some(open) = run_on_quote(file, at) {
        let q = &file.text[open..=open];
        let (line, _) = file.line_col(at);
        let (open_line, _) = file.line_col(open);
        return Diagnostic::error(
            open..open + 1,
            format!("unclosed `{q}`: the string runs on to line {line}"),
        )
        .label("opened here, not closed on this line")
        .note(file.token_at(at), format!("YAML fails here: {msg}"))
        .help(format!("close the `{q}` on line {open_line}"));
    }
    let flow = msg.contains("flow mapping") || msg.contains("flow sequence");
    if flow
        && let Some((open, close)) = open_bracket(file, at)
        && file.line_col(open).0 < file.line_col(at).0
    {
        return flow_not_closed(file, at, &msg, open, close.is_some());
    }
    if let Some(d) = indentation(file, at, &msg) {
        return d;
    }
    let mut d = Diagnostic::error(file.token_at(at), msg.clone()).label("here");
    if flow {
        let (line, _) = file.line_col(at);
        let near = |l: usize| file.line_text(l).contains("/{");
        if near(line) || (line > 1 && near(line - 1)) {
            d = d.help(
                "inside `{...}` or `[...]`, quote a path with parameters: `path: \"/pets/{id}\"`",
            );
        }
    }
    d
}

/// What a scan of the YAML text meets outside comments: a quoted scalar
/// (where it opens and closes) or any other byte.
enum Piece {
    Quoted { open: usize, close: Option<usize> },
    Byte(usize, u8),
}

impl Piece {
    fn start(&self) -> usize {
        match *self {
            Piece::Quoted { open, .. } => open,
            Piece::Byte(i, _) => i,
        }
    }
}

/// The text's pieces from its start. A quote opens a scalar only where a
/// value starts (after `:`, `-`, `[`, `{`, `,`, `?` or a line break).
fn pieces(text: &[u8]) -> impl Iterator<Item = Piece> + '_ {
    let mut i = 0;
    let mut line_has_value = false; // a non-space since the last value start
    std::iter::from_fn(move || {
        loop {
            let c = *text.get(i)?;
            match c {
                b'#' if i == 0 || text[i - 1].is_ascii_whitespace() => {
                    while i < text.len() && text[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'"' | b'\'' if !line_has_value => {
                    let (open, close) = (i, closing_quote(text, i));
                    i = close.map_or(text.len(), |c| c + 1);
                    line_has_value = true;
                    return Some(Piece::Quoted { open, close });
                }
                b'\n' | b':' | b'-' | b'[' | b'{' | b',' | b'?' => line_has_value = false,
                b' ' | b'\t' => {}
                _ => line_has_value = true,
            }
            i += 1;
            return Some(Piece::Byte(i - 1, c));
        }
    })
}

/// A flow collection opened at `open` on an earlier line than `at`, where
/// the parser wanted a `,` or its closing bracket: when it closes later the
/// collection is written over several lines and an entry lacks its `,`;
/// when it never closes, its bracket is the mistake.
fn flow_not_closed(
    file: &SourceFile,
    at: usize,
    msg: &str,
    open: usize,
    closes_later: bool,
) -> Diagnostic {
    let (b, close, what) = if file.text.as_bytes()[open] == b'{' {
        ('{', '}', "mapping")
    } else {
        ('[', ']', "list")
    };
    let (open_line, open_col) = file.line_col(open);
    if closes_later {
        return Diagnostic::error(
            file.token_at(at),
            format!("expected `,` or `{close}` before this entry"),
        )
        .label("the entry before lacks its `,`")
        .note(open..open + 1, format!("the {what} opens here"))
        .help(format!(
            "separate the entries of the {what} opened at {open_line}:{open_col} with `,`"
        ));
    }
    Diagnostic::error(
        open..open + 1,
        format!("unclosed `{b}`: the {what} opened here is not closed on its line"),
    )
    .label("opened here")
    .note(file.token_at(at), format!("YAML fails here: {msg}"))
    .help(format!("close it with `{close}` on line {open_line}"))
}

/// The opening quote of a quoted scalar that starts on an earlier line and
/// is still open at `at`, or closes on `at`'s line.
fn run_on_quote(file: &SourceFile, at: usize) -> Option<usize> {
    let at_line = file.line_col(at).0;
    let end = file.text.len();
    pieces(file.text.as_bytes())
        .take_while(|p| p.start() <= at)
        .find_map(|p| match p {
            Piece::Quoted { open, close } if open < at => {
                let end_line = file.line_col(close.unwrap_or(end)).0;
                (file.line_col(open).0 < at_line && end_line >= at_line).then_some(open)
            }
            _ => None,
        })
}

/// The innermost `{` or `[` still open at `at`, and where it closes
/// (`None`: never).
fn open_bracket(file: &SourceFile, at: usize) -> Option<(usize, Option<usize>)> {
    let mut stack = Vec::new();
    let mut inner = None; // (offset, depth) of the bracket open at `at`
    for p in pieces(file.text.as_bytes()) {
        let Piece::Byte(i, b) = p else { continue };
        if i >= at && inner.is_none() {
            inner = Some((*stack.last()?, stack.len()));
        }
        match b {
            b'{' | b'[' => stack.push(i),
            b'}' | b']' => {
                stack.pop();
                if let Some((open, depth)) = inner
                    && stack.len() < depth
                {
                    return Some((open, Some(i)));
                }
            }
            _ => {}
        }
    }
    inner
        .map(|(open, _)| open)
        .or(stack.last().copied())
        .map(|open| (open, None))
}

/// Where the quote opened at `open` closes.
fn closing_quote(text: &[u8], open: usize) -> Option<usize> {
    let q = text[open];
    let mut i = open + 1;
    while i < text.len() {
        match text[i] {
            b'\\' if q == b'"' => i += 1,
            b'\'' if q == b'\'' && text.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == q => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Indentation of a line (spaces), and whether it holds content.
fn indent(line: &str) -> Option<usize> {
    let t = line.trim_start_matches(' ');
    (!t.is_empty() && !t.starts_with('#')).then(|| line.len() - t.len())
}

/// The previous line with content before 1-based `line`.
fn previous_content(file: &SourceFile, line: usize) -> Option<(usize, usize)> {
    (1..line)
        .rev()
        .find_map(|l| indent(file.line_text(l)).map(|i| (l, i)))
}

/// The indentation step the file uses most (2 when it cannot tell).
fn indent_step(file: &SourceFile) -> usize {
    let mut counts = [0usize; 9];
    let mut prev: Option<usize> = None;
    for l in 1..=file.line_count() {
        let Some(i) = indent(file.line_text(l)) else {
            continue;
        };
        if let Some(p) = prev
            && i > p
            && i - p < counts.len()
        {
            counts[i - p] += 1;
        }
        prev = Some(i);
    }
    (1..counts.len())
        .max_by_key(|&s| (counts[s], std::cmp::Reverse(s)))
        .filter(|&s| counts[s] > 0)
        .unwrap_or(2)
}

/// An indentation mistake behind a block-structure error at `at`: a tab,
/// a first child off the file's step, or a line indented to no level open
/// above it.
fn indentation(file: &SourceFile, at: usize, msg: &str) -> Option<Diagnostic> {
    if msg.contains("tabs disallowed") {
        return tab(file, at);
    }
    if !(msg.contains("did not find expected") || msg.contains("not allowed in this context")) {
        return None;
    }
    off_first_child(file, at).or_else(|| stray_indent(file, at))
}

/// A tab where YAML wants spaces, on the line of `at`.
fn tab(file: &SourceFile, at: usize) -> Option<Diagnostic> {
    let (line, _) = file.line_col(at);
    let start = file.offset_of(line, 1);
    let col = file.line_text(line).find('\t')?;
    Some(
        Diagnostic::error(start + col..start + col + 1, "a tab indents this line")
            .label("tab")
            .help("YAML indents with spaces; replace the tab with spaces"),
    )
}

/// A block-structure error on line L whose cause is the line before: the
/// first child of a key indented differently from the file's step, while
/// line L has the expected indentation.
fn off_first_child(file: &SourceFile, at: usize) -> Option<Diagnostic> {
    let (line, _) = file.line_col(at);
    let n = indent(file.line_text(line))?;
    let (p_line, m) = previous_content(file, line)?;
    let (q_line, q) = previous_content(file, p_line)?;
    let expected = q + indent_step(file);
    if q >= m || m == expected || n != expected || !file.line_text(q_line).trim_end().ends_with(':')
    {
        return None;
    }
    let start = file.offset_of(p_line, m + 1);
    Some(
        Diagnostic::error(
            file.token_at(start),
            format!("bad indentation: {m} spaces, where the next line has {n}"),
        )
        .label(format!("indented {m} spaces"))
        .note(file.token_at(at), format!("indented {n} spaces"))
        .help(format!(
            "indent the keys of one mapping equally ({expected} spaces here, as elsewhere in the file)"
        )),
    )
}

/// The line of `at` indented to no level open above it: between a key and
/// its parent's, or deeper than a key that already has its value.
fn stray_indent(file: &SourceFile, at: usize) -> Option<Diagnostic> {
    let (line, _) = file.line_col(at);
    let n = indent(file.line_text(line))?;
    let levels = open_levels(file, line);
    let &(k_line, k) = levels.first()?;
    let child_of_k = n > k && file.line_text(k_line).trim_end().ends_with(':');
    if child_of_k || levels.iter().any(|&(_, i)| i == n) {
        return None;
    }
    Some(
        Diagnostic::error(
            file.token_at(file.offset_of(line, n + 1)),
            format!("bad indentation: {n} spaces, where line {k_line} has {k}"),
        )
        .label(format!("indented {n} spaces"))
        .note(
            file.token_at(file.offset_of(k_line, k + 1)),
            format!("indented {k} spaces"),
        )
        .help(format!(
            "indent it like its siblings ({k} spaces, as on line {k_line}), or like its parent's"
        )),
    )
}

/// The indentation levels open above 1-based `line`, nearest first, as
/// (line, spaces): each earlier key or list item indented less than all
/// taken so far (the text of a value opens none). A list item `- key:`
/// opens two, its key's and its `-`'s.
fn open_levels(file: &SourceFile, line: usize) -> Vec<(usize, usize)> {
    let mut levels: Vec<(usize, usize)> = Vec::new();
    for l in (1..line).rev() {
        let t = file.line_text(l);
        let Some(i) = indent(t) else { continue };
        let mut rest = &t[i..];
        let dash = rest.starts_with("- ");
        while let Some(r) = rest.strip_prefix("- ") {
            rest = r.trim_start_matches(' ');
        }
        let is_key = rest.contains(": ") || rest.trim_end().ends_with(':');
        let key = (t.len() - rest.len(), is_key);
        for (level, opens) in [key, (i, dash || is_key)] {
            if opens && levels.last().is_none_or(|&(_, last)| level < last) {
                levels.push((l, level));
            }
        }
        if i == 0 {
            break;
        }
    }
    levels
}

/// Where the mapping that holds the key at `at` is named: its key in the
/// parent mapping (`a:` for `a: {...}`), the `-` of a list item, or its
/// first key at the top level.
fn mapping_owner(file: &SourceFile, at: usize) -> usize {
    let text = file.text.as_bytes();
    // A flow mapping: the unmatched `{` before `at`, then the key before it.
    let mut depth = 0usize;
    let line_start = file.offset_of(file.line_col(at).0, 1);
    for i in (0..at).rev() {
        match text[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => return owner_before(file, i).unwrap_or(i),
            b'{' => depth -= 1,
            b'\n' if i < line_start => break,
            _ => {}
        }
    }
    // A block mapping: go up past siblings (same column) to the parent.
    let (line, col) = file.line_col(at);
    let k = col - 1;
    let mut first = at;
    for l in (1..=line).rev() {
        let t = file.line_text(l);
        let Some(i) = indent(t) else { continue };
        let rest = &t[i..];
        if i == k {
            first = file.offset_of(l, i + 1);
            continue;
        }
        if let Some(after) = rest.strip_prefix("- ")
            && i + 2 + (after.len() - after.trim_start().len()) == k
        {
            return file.offset_of(l, i + 1); // the list item's `-`
        }
        if i < k {
            return file.offset_of(
                l,
                i + 1 + rest.find(|c: char| c != '-' && c != ' ').unwrap_or(0),
            );
        }
    }
    first
}

/// The key that names a flow mapping opened at `brace` (`a: {`), if any.
fn owner_before(file: &SourceFile, brace: usize) -> Option<usize> {
    let before = file.text[..brace].trim_end();
    let before = before.strip_suffix(':')?;
    let key_end = before.len();
    let key_start = before
        .rfind(|c: char| c.is_whitespace() || "{[,".contains(c))
        .map_or(0, |i| i + 1);
    (key_start < key_end).then_some(key_start)
}

/// The key whose `:` ends just before `at` (for `key:` with no value).
fn key_before(file: &SourceFile, at: usize) -> usize {
    let (line, _) = file.line_col(at);
    let start = file.offset_of(line, 1);
    let end = file.text.ceil_char_boundary(at + 1).max(start);
    let t = &file.text[start..end];
    match t.rfind(':') {
        Some(colon) => {
            let key = &t[..colon];
            let k = key
                .rfind(|c: char| c.is_whitespace() || "{,-".contains(c))
                .map_or(0, |i| i + 1);
            start + k
        }
        None => at,
    }
}

/// The `---` that starts the document holding `at`.
fn document_start(file: &SourceFile, at: usize) -> usize {
    let (line, _) = file.line_col(at);
    (1..=line)
        .rev()
        .find(|&l| file.line_text(l).starts_with("---"))
        .map_or(at, |l| file.offset_of(l, 1))
}

/// The first occurrence of a duplicated key, in the same mapping as the
/// one at `at`.
fn duplicate_key(file: &SourceFile, at: usize, key: Option<&str>) -> Diagnostic {
    let name = key.unwrap_or("?");
    let first = key.and_then(|k| first_key(file, at, k));
    let message = match first {
        Some(f) => {
            let (l, c) = file.line_col(f);
            format!("key `{name}` appears twice in this mapping; the first is at {l}:{c}")
        }
        None => format!("key `{name}` appears twice in this mapping"),
    };
    let mut d = Diagnostic::error(file.key_at(at), message)
        .label("second time")
        .help("keep one of them (each key is written once per mapping)");
    if let Some(f) = first {
        d = d.note(file.key_at(f), "first time");
    }
    d
}

fn first_key(file: &SourceFile, at: usize, key: &str) -> Option<usize> {
    let (line, col) = file.line_col(at);
    let is_key_at = |off: usize| {
        let rest = &file.text[off..];
        [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| rest.starts_with(k.as_str()) && rest[k.len()..].trim_start().starts_with(':'))
    };
    // Flow mapping on the same line: an earlier `key:` after `{` or `,`.
    let start = file.offset_of(line, 1);
    let mut depth = 0usize;
    for i in (start..at).rev().filter(|&i| file.text.is_char_boundary(i)) {
        match file.text.as_bytes()[i] {
            b'}' => depth += 1,
            b'{' if depth == 0 => break,
            b'{' => depth -= 1,
            _ => {}
        }
        let prev = file.text[..i].trim_end().as_bytes().last().copied();
        if depth == 0 && matches!(prev, Some(b'{' | b',')) && is_key_at(i) {
            return Some(i);
        }
    }
    // Block mapping: an earlier line at the same column, with no line
    // indented less in between.
    for l in (1..line).rev() {
        let t = file.line_text(l);
        let Some(i) = indent(t) else { continue };
        let i = if t[i..].starts_with("- ") { i + 2 } else { i };
        if i + 1 < col {
            return None;
        }
        if i + 1 == col {
            let off = file.offset_of(l, col);
            if is_key_at(off) {
                return Some(off);
            }
        }
    }
    None
}
