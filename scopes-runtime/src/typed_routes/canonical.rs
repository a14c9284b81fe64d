//! The canonical-path check of a typed route, knowing its template.
//!
//! axum routed the request to this handler, so the path has the shape of
//! the handler's template. The fast path walks the template's segments
//! (computed at compile time, [`Shape`]): each run of literal segments
//! (slashes included) is compared with the path's bytes at once
//! ([`bytes_eq`]; a literal of the spec is plain, so comparing it is the
//! canonical check too), and only the bytes of a parameter are looked at
//! one by one. Anything else (a literal that does
//! not compare equal, an empty, `.` or `..` parameter, a byte that needs a
//! closer look) goes to the full check, [`scopes_core::check_canonical`]:
//! the answer is always the full check's.

use scopes_core::matching::bytes_eq;
use scopes_core::path::{MAX_LEN, MAX_SEGMENTS, is_plain};

use crate::ScopeRequirement;

/// One part of a template: a literal run (`start..start + len` of the
/// route text: plain segments and the slashes around them) or a
/// parameter (`{name}`, filling its segment).
#[derive(Clone, Copy)]
struct Segment {
    start: u16,
    len: u16,
    param: bool,
}

/// At most this many parts: literal runs between parameters.
const PARTS: usize = 2 * MAX_SEGMENTS + 1;

/// The parts of a template, when the fast path can use them.
#[derive(Clone, Copy)]
pub(crate) struct Shape {
    template: &'static str,
    parts: [Segment; PARTS],
    count: usize,
    /// `false`: every request takes the full check (no route, a segment
    /// mixing literal and parameter, a literal that is not plain, too
    /// many segments).
    usable: bool,
}

const NONE: Segment = Segment {
    start: 0,
    len: 0,
    param: false,
};

impl Shape {
    const UNUSABLE: Shape = Shape {
        template: "",
        parts: [NONE; PARTS],
        count: 0,
        usable: false,
    };

    /// The shape of `route` (`"METHOD /template"`).
    const fn of(route: Option<&'static str>) -> Shape {
        let Some(route) = route else {
            return Shape::UNUSABLE;
        };
        let r = route.as_bytes();
        let mut i = 0;
        while i < r.len() && r[i] != b' ' {
            i += 1;
        }
        // `i + 1`: the template's leading `/`.
        if i + 1 >= r.len() || r[i + 1] != b'/' || r.len() > MAX_LEN {
            return Shape::UNUSABLE;
        }
        let mut shape = Shape {
            template: route,
            parts: [NONE; PARTS],
            count: 0,
            usable: true,
        };
        let (mut segments, mut literal_from) = (0, i + 1);
        let mut start = i + 2;
        while start <= r.len() {
            let mut end = start;
            while end < r.len() && r[end] != b'/' {
                end += 1;
            }
            segments += 1;
            match segment(r, start, end) {
                _ if segments > MAX_SEGMENTS => return Shape::UNUSABLE,
                None => return Shape::UNUSABLE,
                // A literal segment joins the current literal run.
                Some(seg) if !seg.param => {}
                Some(_) => {
                    shape = shape
                        .push(literal_from, start, false)
                        .push(start, end, true);
                    literal_from = end;
                }
            }
            start = end + 1;
        }
        if literal_from < r.len() {
            shape = shape.push(literal_from, r.len(), false);
        }
        shape
    }

    /// With the part `start..end` of the route text added.
    const fn push(mut self, start: usize, end: usize, param: bool) -> Shape {
        self.parts[self.count] = Segment {
            start: start as u16,
            len: (end - start) as u16,
            param,
        };
        self.count += 1;
        self
    }
}

/// The segment `r[start..end]` of a template, if the fast path can use
/// it: `{name}` alone, or a plain literal (non-empty, not `.` or `..`).
const fn segment(r: &[u8], start: usize, end: usize) -> Option<Segment> {
    if end <= start {
        return None;
    }
    let (s, len) = (start as u16, (end - start) as u16);
    if r[start] == b'{' {
        let mut k = start + 1;
        while k < end - 1 {
            if r[k] == b'{' || r[k] == b'}' || r[k] == b'*' {
                return None;
            }
            k += 1;
        }
        let whole = end - start >= 3 && r[end - 1] == b'}';
        return if whole {
            Some(Segment {
                start: s,
                len,
                param: true,
            })
        } else {
            None
        };
    }
    let mut k = start;
    while k < end {
        if !is_plain(r[k]) {
            return None;
        }
        k += 1;
    }
    let dots = r[start] == b'.' && (end - start == 1 || (end - start == 2 && r[start + 1] == b'.'));
    if dots {
        return None;
    }
    Some(Segment {
        start: s,
        len,
        param: false,
    })
}

/// The shape of `R`'s declared route, computed at compile time.
trait Shaped {
    /// A reference, so that the shape is one static, never a copy.
    const SHAPE: &'static Shape;
}

impl<R: ScopeRequirement> Shaped for R {
    const SHAPE: &'static Shape = &Shape::of(R::ROUTE);
}

/// Whether `path` (a request routed to `R`'s handler) is canonical: the
/// full check's answer, found by the fast path when it can.
#[inline]
pub(crate) fn is_canonical_for<R: ScopeRequirement>(path: &str) -> bool {
    fits_route::<R>(path.as_bytes()) || scopes_core::check_canonical(path).is_ok()
}

/// The fast path alone: `true` when `path` is certainly canonical (and
/// so plain ASCII), `false` for "check it the slow way". Inlined into
/// each handler with its shape a constant: the walk is unrolled, the
/// literals compared with immediates.
#[inline(always)]
pub(crate) fn fits_route<R: ScopeRequirement>(path: &[u8]) -> bool {
    fits(R::SHAPE, path)
}

/// Whether `path` has `shape` with every literal run equal and every
/// parameter plain; `false` means "check it the slow way".
///
/// The first [`UNROLLED`] parts are written out one by one: with `shape` a
/// constant (inlined from [`fits_route`]), each test of the part count and
/// kind folds away and each literal is compared with immediates.
#[inline(always)]
fn fits(shape: &Shape, path: &[u8]) -> bool {
    if !shape.usable || path.len() > MAX_LEN {
        return false;
    }
    let template = shape.template.as_bytes();
    let mut i = 0;
    macro_rules! unrolled {
        ($($k:literal)*) => {$(
            if $k == shape.count {
                return $k > 0 && i == path.len();
            }
            match step(&shape.parts[$k], template, path, i) {
                Some(next) => i = next,
                None => return false,
            }
        )*};
    }
    unrolled!(0 1 2 3 4 5 6 7);
    for part in &shape.parts[UNROLLED..shape.count] {
        match step(part, template, path, i) {
            Some(next) => i = next,
            None => return false,
        }
    }
    i == path.len()
}

/// Parts of a shape walked without a loop (see [`fits`]).
const UNROLLED: usize = 8;

/// `part` of the template at `path[i..]`: where the next part starts, or
/// `None` ("check it the slow way"). A literal run must compare equal; a
/// parameter runs up to the next `/` (which the next literal run starts
/// with) or the end, and a byte that is not plain stops it too (then the
/// next run or the end does not match); an empty, `.` or `..` parameter
/// is not plain.
#[inline(always)]
fn step(part: &Segment, template: &[u8], path: &[u8], i: usize) -> Option<usize> {
    if part.param {
        let mut end = i;
        while end < path.len() && is_plain(path[end]) {
            end += 1;
        }
        // Not empty, not `.` or `..`: a parameter not starting with a dot
        // is neither, whatever its length.
        let plain = match &path[i..end] {
            [] => false,
            [b'.', rest @ ..] => !rest.is_empty() && rest != b".",
            _ => true,
        };
        return plain.then_some(end);
    }
    let (s, n) = (usize::from(part.start), usize::from(part.len));
    match path.get(i..i + n) {
        Some(run) if bytes_eq(run, &template[s..s + n]) => Some(i + n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use scopes_core::path::{MAX_LEN, MAX_SEGMENTS, is_plain};

    use super::{Shape, fits, is_canonical_for};
    use crate::ScopeRequirement;

    macro_rules! requirement {
        ($name:ident, $route:expr) => {
            struct $name;
            impl ScopeRequirement for $name {
                const SPEC_ID: u64 = 0;
                const GROUPS: &'static [&'static [u64]] = &[];
                const NAMES: &'static [&'static [&'static str]] = &[];
                const ROUTE: Option<&'static str> = $route;
            }
        };
    }

    requirement!(Show, Some("GET /transactions/{id}"));
    requirement!(Act, Some("POST /transactions/{id}/{action}"));
    requirement!(Emails, Some("POST /transactions/{id}/send_emails"));
    requirement!(Root, Some("GET /"));
    requirement!(Partial, Some("GET /{type}_templates/{id}"));
    requirement!(Wild, Some("GET /files/{*rest}"));
    requirement!(NoRoute, None);
    // Ten parts: more than the walk writes out one by one.
    requirement!(Long, Some("GET /a/{b}/c/{d}/e/{f}/g/{h}/i/{j}"));

    fn full(path: &str) -> bool {
        scopes_core::check_canonical(path).is_ok()
    }

    #[test]
    fn the_fast_path_takes_plain_paths_of_the_template() {
        let show = Shape::of(Show::ROUTE);
        for p in ["/transactions/7", "/transactions/a-b_c~d.e"] {
            assert!(fits(&show, p.as_bytes()), "{p}");
        }
        // Not the template's shape, or a parameter that needs a look.
        for p in [
            "/transactions//7",
            "/transactions/",
            "/transactions/7/",
            "/transactions/.",
            "/transactions/..",
            "/transactions/%37",
            "/transactions/7/8",
            "/transaction/7",
            "/transactions",
            "//transactions/7",
        ] {
            assert!(!fits(&show, p.as_bytes()), "{p}");
        }
        for route in [Partial::ROUTE, Wild::ROUTE, NoRoute::ROUTE, Root::ROUTE] {
            assert!(!fits(&Shape::of(route), b"/files/a"));
        }
    }

    #[test]
    fn a_long_template_is_walked_to_its_end() {
        let long = Shape::of(Long::ROUTE);
        assert!(fits(&long, b"/a/1/c/2/e/3/g/4/i/5"));
        // Past the parts written out: the last literal run and parameter
        // still decide (RFC 3986 §3.3 dot segments, an empty segment, a
        // literal that differs, a trailing slash).
        for p in [
            "/a/1/c/2/e/3/g/4/i/.",
            "/a/1/c/2/e/3/g/4/i/",
            "/a/1/c/2/e/3/g/4/x/5",
            "/a/1/c/2/e/3/g/4/i/5/",
            "/a/1/c/2/e/3/g/4/i/%35",
        ] {
            assert!(!fits(&long, p.as_bytes()), "{p}");
        }
        assert!(is_canonical_for::<Long>("/a/1/c/2/e/3/g/4/i/5"));
        assert!(!is_canonical_for::<Long>("/a/1/c/2/e/3/g/4/i/."));
        assert!(!is_canonical_for::<Long>("/a/1/c/2/e/3/g/4/i/%35"));
    }

    #[test]
    fn the_empty_parameter_axum_matches_is_denied() {
        // The case: axum routes `/transactions//7` with an empty
        // parameter.
        assert!(!is_canonical_for::<Show>("/transactions//7"));
        assert!(!is_canonical_for::<Act>("/transactions//7"));
        assert!(is_canonical_for::<Show>("/transactions/7"));
        assert!(is_canonical_for::<Root>("/"));
    }

    /// A route of `n` segments, each `seg(k)`.
    fn route_of(n: usize, seg: impl Fn(usize) -> String) -> &'static str {
        let template: String = (0..n).map(|k| format!("/{}", seg(k))).collect();
        Box::leak(format!("GET {template}").into_boxed_str())
    }

    #[test]
    fn a_template_of_only_parameters_fills_every_part() {
        // 32 parameters, each after a one-slash literal run: 64 parts.
        let shape = Shape::of(Some(route_of(MAX_SEGMENTS, |k| format!("{{p{k}}}"))));
        let path: String = (0..MAX_SEGMENTS).map(|k| format!("/{k}")).collect();
        assert!(fits(&shape, path.as_bytes()));
        assert!(!fits(&shape, format!("{path}/x").as_bytes()));
        assert!(!fits(&shape, format!("/x{path}").as_bytes()));
        // One segment more than a path may have: the full check decides.
        let over = Shape::of(Some(route_of(MAX_SEGMENTS + 1, |k| format!("{{p{k}}}"))));
        let path: String = (0..=MAX_SEGMENTS).map(|k| format!("/{k}")).collect();
        assert!(!fits(&over, path.as_bytes()));
    }

    #[test]
    fn a_route_is_used_up_to_the_longest_path() {
        // `GET /{ppp…}`: a route of exactly MAX_LEN bytes, and one more.
        let param =
            |len: usize| Box::leak(format!("GET /{{{}}}", "p".repeat(len - 7)).into_boxed_str());
        let (longest, over): (&'static str, &'static str) = (param(MAX_LEN), param(MAX_LEN + 1));
        assert_eq!((longest.len(), over.len()), (MAX_LEN, MAX_LEN + 1));
        assert!(fits(&Shape::of(Some(longest)), b"/7"));
        assert!(!fits(&Shape::of(Some(over)), b"/7"));
        // A path of MAX_LEN bytes is canonical and taken; one more is not.
        let show = Shape::of(Show::ROUTE);
        let path = format!("/transactions/{}", "7".repeat(MAX_LEN - 14));
        assert_eq!(path.len(), MAX_LEN);
        assert!(full(&path) && fits(&show, path.as_bytes()));
        let path = path + "7";
        assert!(!full(&path) && !fits(&show, path.as_bytes()));
    }

    #[test]
    fn a_route_without_a_method_or_a_template_takes_the_full_check() {
        for route in ["", "GET", "GET ", "/a", "GET a", "GET a/b", "GET  /a"] {
            assert!(!fits(&Shape::of(Some(route)), b"/a"), "{route:?}");
        }
    }

    /// Whether the fast path must take `path` for `route`, from its
    /// contract alone: the route is a method, a space and a template of at
    /// most [`MAX_SEGMENTS`] segments, at most [`MAX_LEN`] bytes in all,
    /// each segment a whole `{name}` or a non-empty literal of plain bytes
    /// that is not `.` or `..`; the path has the template's segments, its
    /// literals equal, its parameters not empty, and is canonical with
    /// plain bytes only (a `%` is left to the full check).
    fn fast_path_takes(route: &str, path: &str) -> bool {
        let param = |s: &str| {
            s.len() >= 3
                && s.starts_with('{')
                && s.ends_with('}')
                && !s[1..s.len() - 1].contains(['{', '}', '*'])
        };
        let literal = |s: &str| !s.is_empty() && s != "." && s != ".." && s.bytes().all(is_plain);
        let Some(template) = route.split_once(' ').and_then(|(_, t)| t.strip_prefix('/')) else {
            return false;
        };
        let segments: Vec<&str> = template.split('/').collect();
        let usable = route.len() <= MAX_LEN
            && segments.len() <= MAX_SEGMENTS
            && segments.iter().all(|s| param(s) || literal(s));
        let Some(p) = path.strip_prefix('/') else {
            return false;
        };
        let given: Vec<&str> = p.split('/').collect();
        usable
            && full(path)
            && path.bytes().all(|b| b == b'/' || is_plain(b))
            && given.len() == segments.len()
            && segments
                .iter()
                .zip(&given)
                .all(|(t, g)| if param(t) { !g.is_empty() } else { t == g })
    }

    /// A template segment: literals, parameters, and every kind of segment
    /// the fast path must refuse to use.
    fn template_segment() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => Just("a".to_owned()),
            4 => Just("items".to_owned()),
            4 => Just("{id}".to_owned()),
            2 => Just("{x}".to_owned()),
            1 => Just(String::new()),
            1 => Just(".".to_owned()),
            1 => Just("..".to_owned()),
            // Literals that start with a dot but are no dot segment.
            1 => Just(".x".to_owned()),
            1 => Just("...".to_owned()),
            1 => Just(".well-known".to_owned()),
            1 => Just("{*rest}".to_owned()),
            1 => Just("{a}.json".to_owned()),
            1 => Just("v{n}".to_owned()),
            1 => Just("{}".to_owned()),
            1 => Just("{a{b}".to_owned()),
            1 => Just("%41".to_owned()),
            1 => Just("é".to_owned()),
        ]
    }

    /// A value for a template segment: itself, a plain value, or one the
    /// canonical check refuses or leaves to the slow way.
    fn value_for(segment: String) -> impl Strategy<Value = String> {
        prop_oneof![
            4 => Just(segment),
            4 => "[a-z0-9._~-]{1,3}",
            1 => Just(String::new()),
            1 => Just(".".to_owned()),
            1 => Just("..".to_owned()),
            1 => Just("%37".to_owned()),
            1 => Just("%2F".to_owned()),
            1 => Just("a/b".to_owned()),
            1 => Just("{id}".to_owned()),
        ]
    }

    /// A route (now and then without its method or its leading `/`, or
    /// with more segments than a path may have) and a path near it.
    fn route_and_path() -> impl Strategy<Value = (String, String)> {
        let segments = prop_oneof![
            6 => proptest::collection::vec(template_segment(), 0..6),
            1 => proptest::collection::vec(template_segment(), 30..35),
        ];
        (segments, 0..8u8).prop_flat_map(|(segments, form)| {
            let template: String = segments.iter().map(|s| format!("/{s}")).collect();
            let route = match form {
                0 => template.clone(),
                1 => format!("GET {}", template.trim_start_matches('/')),
                _ => format!("GET {template}"),
            };
            let values: Vec<_> = segments.into_iter().map(value_for).collect();
            (Just(route), values, 0..6u8).prop_map(|(route, values, tail)| {
                let mut path: String = values.iter().map(|v| format!("/{v}")).collect();
                match tail {
                    0 => path.push('/'),
                    1 => path.push_str("/x"),
                    _ if path.is_empty() => path.push('/'),
                    _ => {}
                }
                (route, path)
            })
        })
    }

    /// Paths near the templates: segments that are their literals, or
    /// bytes that matter to the canonical check, joined by `/`.
    fn near_path() -> impl Strategy<Value = String> {
        let segment = prop_oneof![
            Just(String::new()),
            Just("transactions".to_owned()),
            Just("send_emails".to_owned()),
            Just(".".to_owned()),
            Just("..".to_owned()),
            Just("%37".to_owned()),
            Just("%2F".to_owned()),
            Just("%".to_owned()),
            "[a-z0-9._~!$&'()*+,=:@-]{1,4}",
            "[a-z0-9.%/?;#é\\ -]{1,5}",
            any::<char>().prop_map(String::from),
        ];
        (proptest::collection::vec(segment, 0..5), any::<bool>()).prop_map(|(v, slash)| {
            let tail = if slash { "/" } else { "" };
            format!("/{}{tail}", v.join("/"))
        })
    }

    /// Paths of the long template's shape, each parameter a segment that
    /// matters to the canonical check.
    fn near_long_path() -> impl Strategy<Value = String> {
        let param = prop_oneof![
            Just(String::new()),
            Just(".".to_owned()),
            Just("..".to_owned()),
            Just("%35".to_owned()),
            "[a-z0-9._~-]{1,3}",
            "[a-z0-9.%/?é-]{1,3}",
        ];
        proptest::collection::vec(param, 5)
            .prop_map(|p| format!("/a/{}/c/{}/e/{}/g/{}/i/{}", p[0], p[1], p[2], p[3], p[4]))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn the_fast_path_takes_exactly_what_its_contract_says((route, path) in route_and_path()) {
            let route: &'static str = Box::leak(route.into_boxed_str());
            let shape = Shape::of(Some(route));
            prop_assert_eq!(fits(&shape, path.as_bytes()), fast_path_takes(route, &path), "{} {}", route, path);
        }

        #[test]
        fn a_long_template_answers_as_the_full_check(path in near_long_path()) {
            prop_assert_eq!(is_canonical_for::<Long>(&path), full(&path));
        }

        #[test]
        fn exactly_as_strict_as_the_full_check(path in near_path()) {
            // The fast path never takes a path the full check refuses...
            for route in [Show::ROUTE, Act::ROUTE, Emails::ROUTE, Root::ROUTE, Partial::ROUTE] {
                if fits(&Shape::of(route), path.as_bytes()) {
                    prop_assert!(full(&path), "{route:?} took {path:?}");
                }
            }
            // ...and the answer is the full check's.
            prop_assert_eq!(is_canonical_for::<Show>(&path), full(&path));
            prop_assert_eq!(is_canonical_for::<Act>(&path), full(&path));
            prop_assert_eq!(is_canonical_for::<Emails>(&path), full(&path));
            prop_assert_eq!(is_canonical_for::<Long>(&path), full(&path));
        }
    }
}
