//! The table walk: a request path down the trie of [`Tables`], literal
//! before pattern before parameter, depth first with backtracking.
//!
//! Most paths never need to back off, so the walk keeps frames only for
//! the nodes where an alternative is left (a literal taken where a pattern
//! or parameter could follow, …), in a short stack; a path that passes more
//! such nodes than it holds is walked again by the backtracking walk, which
//! keeps one frame per segment.

use crate::matching::{self, Walk};
use crate::path::{self, MAX_SEGMENTS};
use crate::table::{Edge, HASHED_FANOUT, NONE, Node, Pattern, Tables};

/// Nodes with an alternative left that one walk remembers.
const BRANCHES: usize = 8;

/// What a node offers a segment.
enum Step {
    /// This child takes it.
    Child(u32),
    /// No alternative left.
    Dead,
    /// The segment needs the slow path.
    Slow,
}

impl Tables<'_> {
    /// Walk `b` (the path bytes, `/` as the empty slice); `checked`: `b`
    /// was already found canonical.
    ///
    /// A [`Walk::Miss`] is final: the rest of the path after the segments
    /// the walk took is checked plain (or the answer is [`Walk::Slow`]).
    pub(crate) fn walk(&self, b: &[u8], checked: bool) -> Walk {
        let mut branches = [Frame::default(); BRANCHES];
        let mut top = 0;
        let mut at = Frame::default();
        let mut plain = Plain::default();
        loop {
            let Some(n) = self.nodes.get(at.node as usize) else {
                return plain.miss(b, checked);
            };
            let step = if at.pos as usize == b.len() {
                if n.route != NONE {
                    return Walk::Found(n.route);
                }
                Step::Dead
            } else if at.depth as usize == MAX_SEGMENTS {
                return Walk::Slow;
            } else {
                let start = at.pos as usize + 1;
                let end = path::next_slash(b, start);
                match self.alternative(at.node, n, &b[start..end], checked, &mut at.stage) {
                    Step::Child(child) => {
                        plain.took(end, at.depth as usize + 1);
                        if has_more(n, at.stage) {
                            if top == BRANCHES {
                                return self.backtrack(b, checked);
                            }
                            branches[top] = at;
                            top += 1;
                        }
                        at = Frame {
                            node: child,
                            pos: u32::try_from(end).unwrap_or(u32::MAX),
                            stage: 0,
                            depth: at.depth + 1,
                        };
                        continue;
                    }
                    step => step,
                }
            };
            match step {
                Step::Slow => return Walk::Slow,
                _ if top == 0 => return plain.miss(b, checked),
                _ => {
                    top -= 1;
                    at = branches[top];
                }
            }
        }
    }

    /// [`Tables::walk`] with a frame for every segment, for paths that pass
    /// more than [`BRANCHES`] nodes with an alternative left.
    #[inline(never)]
    fn backtrack(&self, b: &[u8], checked: bool) -> Walk {
        let mut frames = [Frame::default(); MAX_SEGMENTS];
        let mut depth = 0;
        let mut at = Frame::default();
        let mut plain = Plain::default();
        loop {
            let Some(n) = self.nodes.get(at.node as usize) else {
                return plain.miss(b, checked);
            };
            let step = if at.pos as usize == b.len() {
                if n.route != NONE {
                    return Walk::Found(n.route);
                }
                Step::Dead
            } else if depth == MAX_SEGMENTS {
                return Walk::Slow;
            } else {
                let start = at.pos as usize + 1;
                let end = path::next_slash(b, start);
                match self.alternative(at.node, n, &b[start..end], checked, &mut at.stage) {
                    Step::Child(child) => {
                        frames[depth] = at;
                        depth += 1;
                        plain.took(end, depth);
                        at = Frame {
                            node: child,
                            pos: u32::try_from(end).unwrap_or(u32::MAX),
                            ..Frame::default()
                        };
                        continue;
                    }
                    step => step,
                }
            };
            match step {
                Step::Slow => return Walk::Slow,
                _ if depth == 0 => return plain.miss(b, checked),
                _ => {
                    depth -= 1;
                    at = frames[depth];
                }
            }
        }
    }

    /// The next child of node `n` that takes `seg`, starting at
    /// alternative `*stage` (0: the literal, then the patterns, then the
    /// parameter); `*stage` moves past what was tried. A literal is plain,
    /// so a segment it takes is canonical; any other alternative needs
    /// the segment plain, or `checked`.
    #[inline(always)]
    fn alternative(&self, node: u32, n: &Node, seg: &[u8], checked: bool, stage: &mut u32) -> Step {
        if *stage == 0 {
            *stage = 1;
            if n.edges != 0
                && let Some(child) = self.static_child(node, n, seg)
            {
                return Step::Child(child);
            }
        }
        if !has_more(n, *stage) {
            return Step::Dead;
        }
        if !checked && !path::is_plain_segment(seg) {
            return Step::Slow;
        }
        if *stage <= n.patterns_len {
            if let Some((i, child)) = self.first_pattern(n, seg, *stage - 1) {
                *stage = i + 2;
                return Step::Child(child);
            }
            *stage = n.patterns_len + 1;
        }
        *stage = n.patterns_len + 2;
        if n.param == NONE {
            Step::Dead
        } else {
            Step::Child(n.param)
        }
    }

    /// The first pattern of `n` from the `from`-th that takes `seg`: its
    /// position among the node's patterns and its child.
    #[inline]
    fn first_pattern(&self, n: &Node, seg: &[u8], from: u32) -> Option<(u32, u32)> {
        (from..n.patterns_len).find_map(|i| {
            let p = self.patterns.get((n.patterns_start + i) as usize)?;
            self.pattern_matches(p, seg).then_some((i, p.child))
        })
    }

    fn pattern_matches(&self, p: &Pattern, seg: &[u8]) -> bool {
        let (prefix, suffix) = (self.bytes(p.prefix), self.bytes(p.suffix));
        if p.middles_len == 0 {
            return seg.len() > prefix.len() + suffix.len()
                && seg.starts_with(prefix)
                && seg.ends_with(suffix);
        }
        let middles: Vec<&[u8]> = self
            .pattern_middles
            .get(p.middles_start as usize..(p.middles_start + p.middles_len) as usize)
            .unwrap_or_default()
            .iter()
            .map(|&m| self.bytes(m))
            .collect();
        matching::pattern_matches(seg, prefix, &middles, suffix)
    }

    /// The child of `n` through the literal `seg`: the perfect hash on
    /// wide nodes, else a scan by length first.
    #[inline(always)]
    fn static_child(&self, node: u32, n: &Node, seg: &[u8]) -> Option<u32> {
        if n.edges > HASHED_FANOUT {
            let e: &Edge = self.edges.get(self.edge_hash.candidate(node, seg)?)?;
            (e.parent == node && self.str_eq(e.segment, seg)).then_some(e.child)
        } else {
            // A loop LLVM keeps inline (`find` was an out-of-line call).
            for e in self
                .edges
                .get(n.edges_start as usize..(n.edges_start + n.edges) as usize)?
            {
                if self.str_eq(e.segment, seg) {
                    return Some(e.child);
                }
            }
            None
        }
    }
}

/// The longest prefix of the path a walk found plain: every segment it
/// took is (a literal of the spec, or a segment checked before a pattern
/// or parameter took it), and so is everything before it.
#[derive(Default)]
struct Plain {
    /// The end of the prefix (the index of the `/` after it, or the length).
    end: usize,
    /// Its segments.
    segments: usize,
}

impl Plain {
    /// A segment ending at `end` was taken, the `segments`-th.
    #[inline(always)]
    fn took(&mut self, end: usize, segments: usize) {
        if end > self.end {
            self.end = end;
            self.segments = segments;
        }
    }

    /// The answer when nothing matches: final if the rest of the path is
    /// plain too (at most [`MAX_SEGMENTS`] segments in all), so only what
    /// no taken segment covered is read again; otherwise the slow path
    /// decides.
    #[inline(never)]
    fn miss(&self, b: &[u8], checked: bool) -> Walk {
        if checked || self.end == b.len() {
            return Walk::Miss;
        }
        let mut start = self.end + 1;
        let mut segments = self.segments;
        loop {
            let Some(end) = path::segment_end(b, start, false) else {
                return Walk::Slow;
            };
            segments += 1;
            if segments > MAX_SEGMENTS {
                return Walk::Slow;
            }
            if end == b.len() {
                return Walk::Miss;
            }
            start = end + 1;
        }
    }
}

/// Whether node `n` has an alternative at `stage` or after (see
/// [`Tables::alternative`]).
#[inline]
fn has_more(n: &Node, stage: u32) -> bool {
    stage <= n.patterns_len || (stage == n.patterns_len + 1 && n.param != NONE)
}

/// Where a walk is: a node, the index of the `/` before the next segment,
/// the next alternative to try there, and the segments taken so far.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    node: u32,
    pos: u32,
    stage: u32,
    depth: u32,
}
