//! The table walk: a request path down the trie of [`Tables`], literal
//! before pattern before parameter, depth first with backtracking.
//!
//! Most paths never need to back off, so the walk keeps frames only for
//! the nodes where an alternative is left (a literal taken where a pattern
//! or parameter could follow, …), at most one per segment, in a short
//! stack; a path that passes more such nodes than it holds is walked again
//! with room for one frame per segment.

use crate::hash::edge_slot;
use crate::matching::Walk;
use crate::path::{self, MAX_SEGMENTS};
use crate::table::{Edge, HASHED_FANOUT, NONE, Node, Pattern, Tables};

/// Nodes with an alternative left that the first try of a walk remembers.
const BRANCHES: usize = 8;

/// What a node offers the segment after it.
enum Step {
    /// The path ends at this node, which ends this route.
    Found(u32),
    /// `child` takes the segment, which ends at `end`; `more`: the node
    /// has an alternative left after it (the frame's `stage`).
    Child { child: u32, end: usize, more: bool },
    /// No alternative left here.
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
    #[inline]
    pub(crate) fn walk(&self, b: &[u8], checked: bool) -> Walk {
        let first = if checked {
            self.walk_with::<BRANCHES, true>(b)
        } else {
            self.walk_with::<BRANCHES, false>(b)
        };
        match first {
            Some(answer) => answer,
            None => self.walk_deep(b, checked),
        }
    }

    /// [`Tables::walk`] with a frame for every segment, for paths that pass
    /// more than [`BRANCHES`] nodes with an alternative left.
    #[inline(never)]
    #[cold]
    fn walk_deep(&self, b: &[u8], checked: bool) -> Walk {
        let answer = if checked {
            self.walk_with::<MAX_SEGMENTS, true>(b)
        } else {
            self.walk_with::<MAX_SEGMENTS, false>(b)
        };
        // A frame per segment never overflows; if it did, the slow path
        // would decide.
        answer.unwrap_or(Walk::Slow)
    }

    /// The walk, remembering at most `N` nodes with an alternative left:
    /// `None` when a path passes more. `CHECKED`: the path was found
    /// canonical.
    #[inline(always)]
    fn walk_with<const N: usize, const CHECKED: bool>(&self, b: &[u8]) -> Option<Walk> {
        let mut stack = Stack::<N>::default();
        let mut plain = Plain::default();
        let mut at = Frame::default();
        loop {
            match self.step::<CHECKED>(b, &mut at) {
                Step::Child { child, end, more } => {
                    if more && !stack.push(at) {
                        return None;
                    }
                    let depth = at.depth + 1;
                    plain.took(end, depth as usize);
                    at = Frame {
                        node: child,
                        pos: u32::try_from(end).unwrap_or(u32::MAX),
                        stage: 0,
                        depth,
                    };
                }
                Step::Found(route) => return Some(Walk::Found(route)),
                Step::Slow => return Some(Walk::Slow),
                Step::Dead => match stack.pop() {
                    Some(frame) => at = frame,
                    None if CHECKED => return Some(Walk::Miss),
                    None => return Some(plain.miss(b)),
                },
            }
        }
    }

    /// The next alternative of the node at `at` for the segment after it,
    /// from `at.stage` (0: the literal, then the patterns, then the
    /// parameter); `at.stage` moves past what was taken.
    #[inline(always)]
    fn step<const CHECKED: bool>(&self, b: &[u8], at: &mut Frame) -> Step {
        let Some(n) = self.nodes.get(at.node as usize) else {
            return Step::Dead;
        };
        let pos = at.pos as usize;
        if pos >= b.len() {
            return if n.route == NONE {
                Step::Dead
            } else {
                Step::Found(n.route)
            };
        }
        if at.depth as usize == MAX_SEGMENTS {
            return Step::Slow;
        }
        let start = pos + 1;
        if at.stage == 0 {
            if n.edges != 0 {
                let end = path::next_slash(b, start);
                let seg = b.get(start..end).unwrap_or_default();
                if let Some(child) = self.static_child(at.node, n, seg) {
                    at.stage = 1;
                    let more = n.patterns_len != 0 || n.param != NONE;
                    return Step::Child { child, end, more };
                }
                return self.variable::<CHECKED>(n, seg, end, at);
            }
            if n.patterns_len == 0 {
                // Only a parameter can follow: find the segment's end and
                // check it plain in one pass.
                if n.param == NONE {
                    return Step::Dead;
                }
                let end = if CHECKED {
                    path::next_slash(b, start)
                } else {
                    match path::segment_end(b, start, false) {
                        Some(end) => end,
                        None => return Step::Slow,
                    }
                };
                at.stage = 2;
                let child = n.param;
                return Step::Child {
                    child,
                    end,
                    more: false,
                };
            }
        }
        let end = path::next_slash(b, start);
        self.variable::<CHECKED>(n, b.get(start..end).unwrap_or_default(), end, at)
    }

    /// The patterns of `n` from alternative `at.stage` (at least the
    /// first pattern), then its parameter, for the segment `seg` ending at
    /// `end`. A literal is plain, so a segment it takes is canonical; any
    /// other alternative needs the segment plain, or `CHECKED`.
    #[inline(always)]
    fn variable<const CHECKED: bool>(
        &self,
        n: &Node,
        seg: &[u8],
        end: usize,
        at: &mut Frame,
    ) -> Step {
        let from = at.stage.max(1);
        if !has_more(n, from) {
            return Step::Dead;
        }
        if !CHECKED && !path::is_plain_segment(seg) {
            return Step::Slow;
        }
        if from <= n.patterns_len
            && let Some((i, child)) = self.first_pattern(n, seg, from - 1)
        {
            at.stage = i + 2;
            let more = has_more(n, at.stage);
            return Step::Child { child, end, more };
        }
        at.stage = n.patterns_len + 2;
        if n.param == NONE {
            Step::Dead
        } else {
            let child = n.param;
            Step::Child {
                child,
                end,
                more: false,
            }
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
        crate::matching::pattern_matches(seg, prefix, &middles, suffix)
    }

    /// The child of `n` through the literal `seg`: the edge table on wide
    /// nodes, else a scan by length first.
    #[inline(always)]
    fn static_child(&self, node: u32, n: &Node, seg: &[u8]) -> Option<u32> {
        if n.edges > HASHED_FANOUT {
            let mask = self.edge_slots.len().wrapping_sub(1);
            let mut i = edge_slot(self.edge_seed, node, seg, mask);
            // At most half full: an empty slot ends every probe sequence;
            // the bound only guards against a malformed table.
            for _ in 0..self.edge_slots.len() {
                let e: &Edge = self.edges.get(*self.edge_slots.get(i)? as usize)?;
                if e.parent == node && self.str_eq(e.segment, seg) {
                    return Some(e.child);
                }
                i = (i + 1) & mask;
            }
            None
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

/// The frames of the nodes with an alternative left, deepest last: at
/// most one per segment of the path, so `N = MAX_SEGMENTS` never fills.
struct Stack<const N: usize> {
    frames: [Frame; N],
    len: usize,
}

impl<const N: usize> Default for Stack<N> {
    #[inline(always)]
    fn default() -> Self {
        Stack {
            frames: [Frame::default(); N],
            len: 0,
        }
    }
}

impl<const N: usize> Stack<N> {
    /// Remember `frame`; `false` when full.
    #[inline(always)]
    fn push(&mut self, frame: Frame) -> bool {
        let Some(slot) = self.frames.get_mut(self.len) else {
            return false;
        };
        *slot = frame;
        self.len += 1;
        true
    }

    /// The deepest frame, taken off.
    #[inline(always)]
    fn pop(&mut self) -> Option<Frame> {
        self.len = self.len.checked_sub(1)?;
        self.frames.get(self.len).copied()
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

    /// The answer when nothing matches a path not known canonical: final
    /// if the rest of the path is plain too (at most [`MAX_SEGMENTS`]
    /// segments in all), so only what no taken segment covered is read
    /// again; otherwise the slow path decides.
    #[inline(never)]
    fn miss(&self, b: &[u8]) -> Walk {
        let rest = b.get(self.end..).unwrap_or_default();
        if path::is_plain_tail(rest, MAX_SEGMENTS.saturating_sub(self.segments)) {
            Walk::Miss
        } else {
            Walk::Slow
        }
    }
}

/// Whether node `n` has an alternative at `stage` or after (see
/// [`Tables::step`]).
#[inline(always)]
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
