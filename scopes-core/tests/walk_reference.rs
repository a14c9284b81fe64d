//! The table walk (`walk.rs`: literal before pattern before parameter,
//! depth first with backtracking) against a brute-force reference written
//! here from the README's rules: a path matches a template of as many
//! segments when each literal equals its segment, each pattern
//! `prefix{a}middle{b}…suffix` takes it with every parameter non-empty,
//! and each parameter takes any segment; of the templates that match, the
//! one the depth-first walk reaches first wins, segment by segment: a
//! literal before any pattern, patterns by priority (more literal bytes
//! first), then the parameter, backing off when the rest of the path does
//! not match; of two templates with the same segments, the first. A path
//! that is not canonical matches nothing (its answer is the error
//! `path::canonical_len` gives, checked against RFC 3986 by
//! `path_reference.rs`; a query string is ignored).
//!
//! The tables are built with `build::build` (feature `build`) from route
//! sets made to need backtracking: overlapping literals, patterns and
//! parameters, several alternatives per node, deep templates that pass more
//! than eight nodes with an alternative left (the walk's short frame stack
//! overflows into the per-segment one), nodes of more than eight literal
//! edges (the edge hash), templates of 32 and 33 segments. Paths: every
//! template instantiated, random segment sequences, and near misses
//! (literals one byte off, a segment more or less, trailing slashes, empty,
//! dot, percent-encoded and `;` segments, query strings), under the strict
//! and the relaxed [`PathRules`]. Every match and every decision is
//! compared. Added for mutation testing (issue 14: `walk.rs`).
#![cfg(feature = "build")]

use scopes_core::build::{Description, RouteEntry, ScopeEntry, SegmentEntry, build};
use scopes_core::path::canonical_len;
use scopes_core::{Decision, MAX_SEGMENTS, PathMatch, PathRules, Tables};

/// A template's segment, parsed from the template text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Literal(String),
    Param,
    /// prefix, middles, suffix, priority.
    Pattern(String, Vec<String>, String, u32),
}

/// A route set: templates parsed into segments, pattern priorities set by
/// the README's rule (more literal bytes first; distinct patterns with as
/// many bytes in order of first appearance, so no two distinct patterns
/// tie).
struct Routes {
    templates: Vec<String>,
    segs: Vec<Vec<Seg>>,
}

impl Routes {
    fn new(templates: Vec<String>) -> Routes {
        let mut keys: Vec<(String, Vec<String>, String)> = Vec::new();
        let segs = templates
            .iter()
            .map(|t| {
                if t == "/" {
                    return Vec::new();
                }
                t[1..]
                    .split('/')
                    .map(|s| parse_segment(s, &mut keys))
                    .collect()
            })
            .collect();
        Routes { templates, segs }
    }

    /// The reference: the route a canonical path of `path` segments
    /// matches.
    fn reference(&self, path: &[&str]) -> Option<u32> {
        let mut best: Option<(Vec<u64>, usize)> = None;
        for (i, segs) in self.segs.iter().enumerate() {
            if segs.len() != path.len() {
                continue;
            }
            let mut rank = Vec::with_capacity(segs.len());
            let takes = segs.iter().zip(path).all(|(s, p)| match s {
                Seg::Literal(l) => {
                    rank.push(0);
                    l == p
                }
                Seg::Pattern(prefix, middles, suffix, priority) => {
                    rank.push(1 + u64::from(*priority));
                    pattern_takes(p.as_bytes(), prefix, middles, suffix)
                }
                Seg::Param => {
                    rank.push(u64::MAX);
                    !p.is_empty()
                }
            });
            // Strictly better only: of equal ranks (equal segments), the first.
            if takes && best.as_ref().is_none_or(|(b, _)| rank < *b) {
                best = Some((rank, i));
            }
        }
        best.map(|(_, i)| u32::try_from(i).expect("few routes"))
    }

    /// The expected answer for `path` under `rules`.
    fn expected(&self, path: &str, rules: PathRules) -> PathMatch {
        match canonical_len(path, rules) {
            Err(e) => PathMatch::Invalid(e),
            Ok(1) => self
                .reference(&[])
                .map_or(PathMatch::NoRoute, PathMatch::Route),
            Ok(end) => {
                let segs: Vec<&str> = path[1..end].split('/').collect();
                self.reference(&segs)
                    .map_or(PathMatch::NoRoute, PathMatch::Route)
            }
        }
    }
}

fn parse_segment(s: &str, keys: &mut Vec<(String, Vec<String>, String)>) -> Seg {
    if !s.contains('{') {
        return Seg::Literal(s.to_owned());
    }
    // The literal pieces around the `{…}` parameters.
    let mut pieces = vec![String::new()];
    let mut in_param = false;
    for c in s.chars() {
        match c {
            '{' => in_param = true,
            '}' => {
                in_param = false;
                pieces.push(String::new());
            }
            _ if !in_param => pieces.last_mut().expect("a piece").push(c),
            _ => {}
        }
    }
    if pieces.len() == 2 && pieces.iter().all(String::is_empty) {
        return Seg::Param;
    }
    let suffix = pieces.pop().expect("suffix");
    let prefix = pieces.remove(0);
    let key = (prefix, pieces, suffix);
    let bytes = key.0.len() + key.1.iter().map(String::len).sum::<usize>() + key.2.len();
    let id = keys.iter().position(|k| *k == key).unwrap_or_else(|| {
        keys.push(key.clone());
        keys.len() - 1
    });
    let priority = u32::try_from((100 - bytes) * 1000 + id).expect("small");
    Seg::Pattern(key.0, key.1, key.2, priority)
}

/// Whether `seg` is `prefix` p₁ `middles[0]` p₂ … `suffix` with every pᵢ
/// non-empty: every split tried.
fn pattern_takes(seg: &[u8], prefix: &str, middles: &[String], suffix: &str) -> bool {
    fn rest(seg: &[u8], middles: &[String], suffix: &[u8]) -> bool {
        // A parameter (at least one byte), then the next literal.
        match middles.split_first() {
            None => seg.len() > suffix.len() && seg.ends_with(suffix),
            Some((m, more)) => (1..=seg.len()).any(|p| {
                seg[p..].starts_with(m.as_bytes()) && rest(&seg[p + m.len()..], more, suffix)
            }),
        }
    }
    seg.starts_with(prefix.as_bytes()) && rest(&seg[prefix.len()..], middles, suffix.as_bytes())
}

/// The builder's description of `routes`: every even route serves GET
/// publicly, every odd one needs scope `s0`; every route serves DELETE
/// with `s1`.
fn tables_of(routes: &Routes, f: impl FnOnce(Tables<'_>)) {
    let reqs = [vec![], vec![vec![0]], vec![vec![1]]];
    let d = Description {
        spec_id: 1,
        scopes: vec![
            ScopeEntry {
                name: "s0",
                grants: vec![0],
            },
            ScopeEntry {
                name: "s1",
                grants: vec![1],
            },
        ],
        delimiters: b"",
        methods: vec!["GET", "DELETE"],
        routes: routes
            .templates
            .iter()
            .zip(&routes.segs)
            .enumerate()
            .map(|(i, (template, segs))| RouteEntry {
                template,
                segments: segs
                    .iter()
                    .map(|s| match s {
                        Seg::Literal(l) => SegmentEntry::Literal(l),
                        Seg::Param => SegmentEntry::Param,
                        Seg::Pattern(prefix, middles, suffix, priority) => SegmentEntry::Pattern {
                            prefix,
                            middles: middles.iter().map(String::as_str).collect(),
                            suffix,
                            priority: *priority,
                        },
                    })
                    .collect(),
                methods: vec![(0, &reqs[i % 2][..]), (1, &reqs[2][..])],
            })
            .collect(),
    };
    let owned = build(&d);
    f(owned.view());
}

const RELAXED: PathRules = PathRules {
    allow_semicolon: true,
    allow_encoded_controls: true,
    allow_encoded_delimiters: true,
};

/// How many answers of each kind a run compared.
#[derive(Debug, Default)]
struct Tally {
    routes: usize,
    misses: usize,
    invalid: usize,
}

/// Compare the walk with the reference on `path`, under both rules, and
/// the decisions of GET and DELETE.
fn check(t: &Tables<'_>, routes: &Routes, path: &str, tally: &mut Tally) {
    for rules in [PathRules::STRICT, RELAXED] {
        let want = routes.expected(path, rules);
        assert_eq!(
            t.match_path_with(path, rules),
            want,
            "{path:?} under {rules:?}: want {}",
            describe(routes, want)
        );
        match want {
            PathMatch::Route(_) => tally.routes += 1,
            PathMatch::NoRoute => tally.misses += 1,
            PathMatch::Invalid(_) => tally.invalid += 1,
        }
    }
    let want = routes.expected(path, PathRules::STRICT);
    assert_eq!(t.match_path(path), want, "{path:?}");
    let granted = [0u64];
    let (get, delete) = match want {
        PathMatch::Route(route) => {
            let get = t.requirement_for(route, "GET").expect("GET served");
            let delete = t.requirement_for(route, "DELETE").expect("DELETE served");
            let get = if route % 2 == 0 {
                Decision::Allow {
                    route,
                    requirement: get,
                }
            } else {
                Decision::Deny {
                    route,
                    requirement: get,
                }
            };
            let delete = Decision::Deny {
                route,
                requirement: delete,
            };
            (get, delete)
        }
        PathMatch::NoRoute => (Decision::NoRoute, Decision::NoRoute),
        PathMatch::Invalid(e) => (Decision::InvalidPath(e), Decision::InvalidPath(e)),
    };
    assert_eq!(t.authorize("GET", path, &granted), get, "GET {path:?}");
    assert_eq!(
        t.authorize("DELETE", path, &granted),
        delete,
        "DELETE {path:?}"
    );
    assert_eq!(
        t.authorize("PUT", path, &granted).route(),
        want_route(want),
        "PUT {path:?}"
    );
}

fn want_route(m: PathMatch) -> Option<u32> {
    match m {
        PathMatch::Route(r) => Some(r),
        _ => None,
    }
}

fn describe(routes: &Routes, m: PathMatch) -> String {
    match m {
        PathMatch::Route(r) => format!("{r} ({})", routes.templates[r as usize]),
        other => format!("{other:?}"),
    }
}

/// A small xorshift generator: the cases are the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).expect("small")
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Parameter values: literals of the route sets (so a parameter competes
/// with them), pattern-shaped words, escapes and short random words.
const VALUES: &[&str] = &[
    "a",
    "b",
    "ab",
    "v1",
    "v2",
    "v",
    "users",
    "me",
    "l",
    "x.json",
    "json",
    ".json",
    "a-b",
    "a-b.json",
    "a.b",
    "1",
    "k3",
    "k11",
    "end",
    "z",
    "m",
    "x%25y",
    "%C3%A9",
    "u1.2",
    "ua.b",
    "lx",
    "latest.gz",
    "n.tar.gz",
];

fn value(rng: &mut Rng) -> String {
    if rng.below(3) == 0 {
        let n = 1 + rng.below(4);
        (0..n)
            .map(|_| *rng.pick(&['a', 'b', 'v', '1', '.', '-', 'j', 'l']))
            .collect()
    } else {
        (*rng.pick(VALUES)).to_owned()
    }
}

/// A concrete segment for a template segment.
fn instantiate(seg: &Seg, rng: &mut Rng) -> String {
    match seg {
        Seg::Literal(l) => l.clone(),
        Seg::Param => value(rng),
        Seg::Pattern(prefix, middles, suffix, _) => {
            let mut s = prefix.clone();
            for m in middles {
                s.push_str(&value(rng));
                s.push_str(m);
            }
            s.push_str(&value(rng));
            s.push_str(suffix);
            s
        }
    }
}

/// One byte off, or a segment that is not plain.
fn near_miss(seg: &str, rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => format!("{seg}x"),
        1 => seg[..seg.len().saturating_sub(1)].to_owned(),
        2 => seg.to_uppercase(),
        3 => format!("x{seg}"),
        4 => format!("{seg}%25"),
        5 => format!("{seg};v=1"),
        6 => ".".to_owned(),
        7 => "..".to_owned(),
        8 => format!("{seg}%2F"),
        9 => format!("%41{seg}"),
        10 => format!("{seg}%20"),
        _ => format!("{seg}é"),
    }
}

fn join(segs: &[String]) -> String {
    if segs.is_empty() {
        return "/".to_owned();
    }
    segs.iter().map(|s| format!("/{s}")).collect()
}

/// Paths for `routes`: each template instantiated a few times, then
/// changed: a segment one byte off, a segment more or fewer, a trailing
/// `/`, an empty segment, a query string; plus random segment sequences.
fn paths(routes: &Routes, rng: &mut Rng, per_template: usize, random: usize) -> Vec<String> {
    let mut out = Vec::new();
    for segs in &routes.segs {
        for _ in 0..per_template {
            let mut p: Vec<String> = segs.iter().map(|s| instantiate(s, rng)).collect();
            out.push(join(&p));
            if !p.is_empty() {
                let i = rng.below(p.len());
                let mut q = p.clone();
                q[i] = near_miss(&q[i], rng);
                out.push(join(&q));
                out.push(format!("{}/", join(&p)));
                let mut q = p.clone();
                q.insert(i, String::new());
                out.push(join(&q));
                out.push(join(&p[..p.len() - 1]));
            }
            out.push(format!("{}?q=/a/../%zz", join(&p)));
            p.push(value(rng));
            out.push(join(&p));
            // Around the 32-segment limit: the walk takes a few segments,
            // misses, and counts the rest.
            let long = MAX_SEGMENTS - 1 + rng.below(5);
            while p.len() < long {
                p.push((*rng.pick(&["a", "b", "l", "me", "1"])).to_owned());
            }
            out.push(join(&p));
        }
    }
    let words: Vec<String> = routes
        .segs
        .iter()
        .flatten()
        .filter_map(|s| match s {
            Seg::Literal(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    for _ in 0..random {
        let n = rng.below(8);
        let p: Vec<String> = (0..n)
            .map(|_| match rng.below(8) {
                0..=3 if !words.is_empty() => rng.pick(&words).clone(),
                4 => near_miss(&value(rng), rng),
                _ => value(rng),
            })
            .collect();
        out.push(join(&p));
    }
    out
}

fn run(routes: &Routes, seed: u64, per_template: usize, random: usize) -> Tally {
    let mut tally = Tally::default();
    let mut rng = Rng(seed);
    let paths = paths(routes, &mut rng, per_template, random);
    tables_of(routes, |t| {
        for p in &paths {
            check(&t, routes, p, &mut tally);
        }
    });
    tally
}

fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|&s| s.to_owned()).collect()
}

/// Overlapping literals, patterns and parameters at every level.
fn api() -> Routes {
    Routes::new(strings(&[
        "/",
        "/v1",
        "/v1/users",
        "/v1/users/{id}",
        "/v1/users/me",
        "/v1/users/{id}/posts",
        "/v1/users/me/posts/{post}",
        "/v1/{res}/{id}",
        "/v1/{res}/{id}/posts",
        "/{ver}/users/{id}/posts/{post}",
        "/v{n}/users/{id}",
        "/v{n}/{res}",
        "/v{n}/{res}/{id}.json",
        "/v1/users/{id}.json",
        "/v1/users/{id}.{fmt}",
        "/v1/users/{a}-{b}.{fmt}",
        "/v1/user",
        "/v1/usersx",
        "/files/{name}.tar.gz",
        "/files/{name}.gz",
        "/files/{name}",
        "/files/{name}/raw",
        "/files/latest.gz/raw",
        "/{a}/{b}/{c}/{d}",
        "/{a}/b/{c}/d/e",
        "/a/{b}/c/{d}",
        "/a/b/c/d/f",
        "/a/{b}/c/{d}/e",
        "/a/b/{c}/d/e",
        "/u{a}.{b}/{x}",
        "/u{a}.{b}/x/end",
        "/ua.b/{x}/end",
        // Same segments as `/v1/users/{id}`: never matched.
        "/v1/users/{other}",
    ]))
}

/// A node of 12 literal edges (hashed) beside a pattern and a parameter.
fn wide() -> Routes {
    let mut t: Vec<String> = (0..12).map(|i| format!("/w/k{i}")).collect();
    t.extend((0..12).map(|i| format!("/k{i}/{{x}}")));
    t.extend(strings(&[
        "/w/{x}.json",
        "/w/{id}",
        "/w/k3/{x}",
        "/w/{id}/x",
        "/w/k{n}/y",
        "/w/{id}/y/end",
        "/w/k11/y/{z}",
        "/{p}/x",
    ]));
    Routes::new(t)
}

/// Deep templates: more than eight nodes with an alternative left on one
/// path, so the walk's frame stack overflows into `backtrack`; templates of
/// 32 and 33 segments (no canonical path has 33).
fn deep() -> Routes {
    let mut t = Vec::new();
    for k in [8, 9, 10, 12, 15] {
        t.push(format!("/d{}/end", "/l".repeat(k)));
        t.push(format!("/d{}/z", "/{p}".repeat(k)));
        t.push(format!("/d{}/{{p}}/z", "/l".repeat(k - 1)));
        t.push(format!("/d/{{p}}{}/y", "/l".repeat(k - 1)));
        t.push(format!("/d{}/l{{x}}/m", "/l".repeat(k - 2)));
    }
    t.push(format!("/s{}", "/s".repeat(MAX_SEGMENTS - 1)));
    t.push(format!("/s{}", "/s".repeat(MAX_SEGMENTS)));
    t.push(format!("/s{}", "/{p}".repeat(MAX_SEGMENTS)));
    t.push(format!("/{{p}}{}", "/s".repeat(MAX_SEGMENTS - 1)));
    t.push(format!("/s{}/x", "/s".repeat(MAX_SEGMENTS - 2)));
    // A chain of 32 literals with no alternative anywhere.
    t.push(format!("/q{}", "/q".repeat(MAX_SEGMENTS - 1)));
    Routes::new(t)
}

/// Random route sets over a small alphabet, so nodes have literals,
/// patterns and a parameter at once, some more than eight literals.
fn random_routes(rng: &mut Rng, count: usize, max_depth: usize) -> Routes {
    const SEGS: &[&str] = &[
        "a",
        "b",
        "ab",
        "v1",
        "users",
        "me",
        "x.json",
        "l",
        "k0",
        "k1",
        "k2",
        "k3",
        "k4",
        "k5",
        "k6",
        "k7",
        "k8",
        "{p}",
        "{p}",
        "{p}",
        "{x}.json",
        "v{n}",
        "{a}-{b}",
        "{a}.{b}",
        "a{x}",
        "{x}b",
        "{a}-{b}.json",
        "u{a}.{b}",
        "k{n}",
    ];
    let mut t = vec!["/".to_owned()];
    for _ in 0..count {
        let n = 1 + rng.below(max_depth);
        let segs: Vec<String> = (0..n).map(|_| (*rng.pick(SEGS)).to_owned()).collect();
        // Templates are unique (the builder's perfect hash over them
        // cannot separate two equal keys).
        let template = join(&segs);
        if !t.contains(&template) {
            t.push(template);
        }
    }
    Routes::new(t)
}

#[test]
fn overlapping_routes_match_as_the_reference_says() {
    let tally = run(&api(), 0x5EED_0001, 12, 3000);
    assert!(
        tally.routes > 1000 && tally.misses > 1000 && tally.invalid > 1000,
        "{tally:?}"
    );
}

#[test]
fn a_wide_node_matches_as_the_reference_says() {
    let routes = wide();
    let tally = run(&routes, 0x5EED_0002, 8, 1500);
    assert!(tally.routes > 500 && tally.misses > 200, "{tally:?}");
}

#[test]
fn deep_routes_back_off_as_the_reference_says() {
    let routes = deep();
    let mut tally = run(&routes, 0x5EED_0003, 8, 500);
    // Long runs of `l` with one segment changed: the walk passes up to 15
    // nodes with an alternative left before it has to back off.
    let mut rng = Rng(0x5EED_0004);
    tables_of(&routes, |t| {
        for _ in 0..3000 {
            let n = 1 + rng.below(20);
            let mut segs: Vec<String> = vec!["d".to_owned()];
            segs.extend((0..n).map(|_| {
                (*rng.pick(&["l", "l", "l", "l", "lx", "m", "z", "y", "end"])).to_owned()
            }));
            check(&t, &routes, &join(&segs), &mut tally);
        }
        // Every run of 0 to 16 `l` with each ending, and with one `l`
        // changed: past 8 nodes with an alternative left the walk starts
        // again with a frame per segment, which must back off in turn.
        let tails: [&[&str]; 8] = [
            &[],
            &["z"],
            &["end"],
            &["y"],
            &["m"],
            &["lx", "m"],
            &["x", "z"],
            &["l", "z"],
        ];
        for n in 0..=16 {
            for tail in tails {
                let mut segs = vec!["d".to_owned()];
                segs.extend((0..n).map(|_| "l".to_owned()));
                segs.extend(tail.iter().map(|&s| s.to_owned()));
                check(&t, &routes, &join(&segs), &mut tally);
                for i in 1..=n {
                    for other in ["lx", "x"] {
                        let mut s = segs.clone();
                        s[i] = other.to_owned();
                        check(&t, &routes, &join(&s), &mut tally);
                    }
                }
            }
        }
        // 31 to 34 segments of `s`, with one changed: the 32-segment
        // limit, before and after the frame stack overflows.
        for n in 31..=34 {
            let segs: Vec<String> = vec!["s".to_owned(); n];
            check(&t, &routes, &join(&segs), &mut tally);
            for i in 0..n {
                for other in ["x", "t", "%25", ""] {
                    let mut s = segs.clone();
                    s[i] = other.to_owned();
                    check(&t, &routes, &join(&s), &mut tally);
                }
            }
        }
        // 28 to 32 segments of the `q` chain, then others, 31 to 35 in all:
        // the walk takes up to 31 and misses with nothing to back off to.
        for taken in 28..=MAX_SEGMENTS {
            for total in taken + 1..=35 {
                for tail in ["u", "%25"] {
                    let mut s = vec!["q".to_owned(); taken];
                    s.push("t".to_owned());
                    while s.len() < total {
                        s.push(tail.to_owned());
                    }
                    check(&t, &routes, &join(&s), &mut tally);
                }
            }
        }
    });
    assert!(tally.routes > 1000 && tally.misses > 1000, "{tally:?}");
}

#[test]
fn random_route_sets_match_as_the_reference_says() {
    let mut rng = Rng(0x5EED_0005);
    let mut tally = Tally::default();
    for (i, depth) in [3, 4, 6, 10].into_iter().cycle().take(12).enumerate() {
        let routes = random_routes(&mut rng, 40, depth);
        let t = run(&routes, 0x5EED_1000 + i as u64, 3, 400);
        tally.routes += t.routes;
        tally.misses += t.misses;
        tally.invalid += t.invalid;
    }
    assert!(tally.routes > 2000 && tally.misses > 2000, "{tally:?}");
}
