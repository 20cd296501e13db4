//! A layered ("Sugiyama-style") layout for the trace graph and the service map, computed in the
//! pure core so the page only places boxes.
//!
//! Steps, after Sugiyama, Tagawa and Toda (1981) as summarised in
//! <https://en.wikipedia.org/wiki/Layered_graph_drawing>:
//! 1. **Layers**: breadth-first distance from the sources (nodes nobody calls); a node reachable
//!    only around a cycle starts a new search. Most edges then go exactly one layer right; only
//!    those steer the ordering, so no dummy nodes are needed. The others (back along a cycle,
//!    within a layer, or into a node an earlier search placed) are drawn but do not steer it.
//! 2. **Order** within layers: the barycenter heuristic, sweeping down and up a fixed number of
//!    times and keeping the order with the fewest crossings (counted exactly with a Fenwick tree).
//! 3. **Positions**: x by layer, y by order. A layer taller than `max_per_column` wraps into
//!    several columns, so 50 services called by one gateway do not become one very tall column;
//!    columns are centred vertically. Boxes never overlap: each has its own (column, row) cell.
//!
//! Everything is iterative and O((V + E) log V) per sweep.

use crate::order;
use std::collections::VecDeque;

/// Box size and spacing, in the drawing's own units (CSS pixels of the SVG viewBox).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutOptions {
    pub node_width: f64,
    pub node_height: f64,
    /// Horizontal gap between columns (room for edges).
    pub column_gap: f64,
    /// Vertical gap between boxes in one column.
    pub row_gap: f64,
    /// Most boxes in one column; a larger layer wraps. At least 1.
    pub max_per_column: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            node_width: 180.0,
            node_height: 56.0,
            column_gap: 80.0,
            row_gap: 16.0,
            max_per_column: 12,
        }
    }
}

/// Where one node goes: its top-left corner, and the layer and order it was given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub x: f64,
    pub y: f64,
    pub layer: usize,
    /// Position within its layer, top to bottom.
    pub order: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// Indexed like the nodes passed in.
    pub nodes: Vec<Placement>,
    pub width: f64,
    pub height: f64,
    /// Edge crossings between adjacent layers in the chosen order (forward edges only).
    pub crossings: u64,
}

/// Sweeps of the barycenter heuristic (each one down and one up); more rarely helps.
const SWEEPS: usize = 4;

/// Lays out `node_count` nodes joined by directed `edges` (`from`, `to`); edges naming a node
/// out of range and self-loops are ignored.
pub fn layered_layout(node_count: usize, edges: &[(usize, usize)], opt: &LayoutOptions) -> Layout {
    let n = node_count;
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| a < n && b < n && a != b)
        .collect();
    let layer_of = assign_layers(n, &edges);
    let mut forward: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(a, b)| layer_of[b] == layer_of[a] + 1)
        .collect();
    order::sort(&mut forward);
    forward.dedup();
    let layer_count = layer_of.iter().max().map_or(0, |m| m + 1);

    // Initial order: node index (the views number nodes in order of first appearance).
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (v, &l) in layer_of.iter().enumerate() {
        layers[l].push(v);
    }
    let preds = adjacency(n, forward.iter().map(|&(a, b)| (b, a)));
    let succs = adjacency(n, forward.iter().copied());
    let mut pos = vec![0usize; n];
    number(&layers, &mut pos);
    let mut best = (count_crossings(&layer_of, &forward, &pos), layers.clone());
    for _ in 0..SWEEPS {
        if best.0 == 0 {
            break;
        }
        for layer in layers.iter_mut().skip(1) {
            reorder(layer, &preds, &mut pos);
        }
        for layer in layers.iter_mut().rev().skip(1) {
            reorder(layer, &succs, &mut pos);
        }
        let crossings = count_crossings(&layer_of, &forward, &pos);
        if crossings < best.0 {
            best = (crossings, layers.clone());
        }
    }
    let (crossings, layers) = best;
    place(n, &layers, crossings, opt)
}

/// Breadth-first layers from the sources; a node reachable only around a cycle starts its own
/// search at layer 0.
fn assign_layers(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let succs = adjacency(n, edges.iter().copied());
    let mut indegree = vec![0usize; n];
    for &(_, b) in edges {
        indegree[b] += 1;
    }
    let mut layer = vec![usize::MAX; n];
    let mut queue = VecDeque::new();
    let sources = (0..n).filter(|&v| indegree[v] == 0);
    let rest = 0..n;
    for start in sources.chain(rest) {
        if layer[start] != usize::MAX {
            continue;
        }
        layer[start] = 0;
        queue.push_back(start);
        while let Some(v) = queue.pop_front() {
            for &w in succs.of(v) {
                if layer[w] == usize::MAX {
                    layer[w] = layer[v] + 1;
                    queue.push_back(w);
                }
            }
        }
    }
    layer
}

/// Compressed adjacency lists.
struct Adjacency {
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Adjacency {
    fn of(&self, v: usize) -> &[usize] {
        &self.list[self.start[v]..self.start[v + 1]]
    }
}

fn adjacency(n: usize, edges: impl Iterator<Item = (usize, usize)> + Clone) -> Adjacency {
    let mut start = vec![0usize; n + 1];
    for (a, _) in edges.clone() {
        start[a + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut list = vec![0usize; start[n]];
    for (a, b) in edges {
        list[fill[a]] = b;
        fill[a] += 1;
    }
    Adjacency { start, list }
}

fn number(layers: &[Vec<usize>], pos: &mut [usize]) {
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
}

/// Sorts one layer by the mean position of each node's neighbours in the fixed layer; a node
/// without neighbours keeps its place. Stable, so ties keep the previous order.
fn reorder(layer: &mut [usize], neighbours: &Adjacency, pos: &mut [usize]) {
    let mut keyed: Vec<(f64, usize)> = layer
        .iter()
        .map(|&v| {
            let ns = neighbours.of(v);
            let key = if ns.is_empty() {
                pos[v] as f64
            } else {
                ns.iter().map(|&w| pos[w] as f64).sum::<f64>() / ns.len() as f64
            };
            (key, v)
        })
        .collect();
    order::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0));
    for (i, (slot, (_, v))) in layer.iter_mut().zip(keyed).enumerate() {
        *slot = v;
        pos[v] = i;
    }
}

/// Crossings between adjacent layers: sort the edges of each layer pair by (upper, lower)
/// position; every inversion in the lower positions is one crossing.
fn count_crossings(layer: &[usize], forward: &[(usize, usize)], pos: &[usize]) -> u64 {
    let mut all: Vec<(usize, usize, usize)> = forward
        .iter()
        .map(|&(a, b)| (layer[a], pos[a], pos[b]))
        .collect();
    order::sort(&mut all);
    let mut total = 0u64;
    for group in all.chunk_by(|x, y| x.0 == y.0) {
        let width = group.iter().map(|e| e.2).max().map_or(0, |m| m + 1);
        let mut fenwick = vec![0u64; width + 1];
        for (seen, e) in group.iter().enumerate() {
            // Edges already seen whose lower end is strictly below this one's cross it.
            let at_or_above = prefix(&fenwick, e.2 + 1);
            total += seen as u64 - at_or_above;
            let mut i = e.2 + 1;
            while i <= width {
                fenwick[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

fn prefix(fenwick: &[u64], mut i: usize) -> u64 {
    let mut sum = 0;
    while i > 0 {
        sum += fenwick[i];
        i -= i & i.wrapping_neg();
    }
    sum
}

fn place(n: usize, layers: &[Vec<usize>], crossings: u64, opt: &LayoutOptions) -> Layout {
    let per_column = opt.max_per_column.max(1);
    let pitch_x = opt.node_width + opt.column_gap.max(0.0);
    let pitch_y = opt.node_height + opt.row_gap.max(0.0);
    let tallest = layers
        .iter()
        .map(|l| l.len().min(per_column))
        .max()
        .unwrap_or(0);
    let mut nodes = vec![
        Placement {
            x: 0.0,
            y: 0.0,
            layer: 0,
            order: 0
        };
        n
    ];
    let mut column = 0usize;
    for (l, layer) in layers.iter().enumerate() {
        for (c, chunk) in layer.chunks(per_column).enumerate() {
            let offset = (tallest - chunk.len()) as f64 * pitch_y / 2.0;
            for (row, &v) in chunk.iter().enumerate() {
                nodes[v] = Placement {
                    x: (column + c) as f64 * pitch_x,
                    y: offset + row as f64 * pitch_y,
                    layer: l,
                    order: c * per_column + row,
                };
            }
        }
        column += layer.len().div_ceil(per_column);
    }
    let width = if column == 0 {
        0.0
    } else {
        column as f64 * pitch_x - opt.column_gap.max(0.0)
    };
    let height = if tallest == 0 {
        0.0
    } else {
        tallest as f64 * pitch_y - opt.row_gap.max(0.0)
    };
    Layout {
        nodes,
        width,
        height,
        crossings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: &Placement, b: &Placement, opt: &LayoutOptions) -> bool {
        a.x < b.x + opt.node_width
            && b.x < a.x + opt.node_width
            && a.y < b.y + opt.node_height
            && b.y < a.y + opt.node_height
    }

    #[test]
    fn an_empty_graph_has_an_empty_layout() {
        let layout = layered_layout(0, &[(0, 1)], &LayoutOptions::default());
        assert!(layout.nodes.is_empty());
        assert_eq!((layout.width, layout.height), (0.0, 0.0));
    }

    #[test]
    fn layers_follow_the_calls_and_cycles_do_not_hang() {
        // 0 -> 1 -> 2 -> 1 (a cycle back), 3 -> 3 (self loop), 9 out of range.
        let edges = [(0, 1), (1, 2), (2, 1), (3, 3), (0, 9)];
        let layout = layered_layout(4, &edges, &LayoutOptions::default());
        let layers: Vec<usize> = layout.nodes.iter().map(|p| p.layer).collect();
        assert_eq!(layers, vec![0, 1, 2, 0]);
        assert!(
            layout.nodes[1].x > layout.nodes[0].x,
            "callee right of caller"
        );
    }

    #[test]
    fn a_cycle_without_sources_still_gets_layers() {
        let layout = layered_layout(3, &[(0, 1), (1, 2), (2, 0)], &LayoutOptions::default());
        let layers: Vec<usize> = layout.nodes.iter().map(|p| p.layer).collect();
        assert_eq!(layers, vec![0, 1, 2]);
    }

    #[test]
    fn the_barycenter_sweep_removes_an_avoidable_crossing() {
        // 0 -> 3 and 1 -> 2: in index order the two edges cross; swapping 2 and 3 fixes it.
        let layout = layered_layout(4, &[(0, 3), (1, 2)], &LayoutOptions::default());
        assert_eq!(layout.crossings, 0);
        assert!(layout.nodes[3].y < layout.nodes[2].y, "3 moved above 2");
        let forced = [(0, 2), (0, 3), (1, 2), (1, 3)];
        let k22 = layered_layout(4, &forced, &LayoutOptions::default());
        assert_eq!(k22.crossings, 1, "K2,2 always has one crossing");
    }

    #[test]
    fn a_wide_layer_wraps_into_columns_without_overlaps() {
        let opt = LayoutOptions::default();
        let edges: Vec<(usize, usize)> = (1..31).map(|v| (0, v)).collect();
        let layout = layered_layout(31, &edges, &opt);
        let columns: std::collections::BTreeSet<u64> =
            layout.nodes.iter().map(|p| p.x as u64).collect();
        assert_eq!(columns.len(), 1 + 3, "30 callees in columns of 12");
        let max_height = 12.0 * (opt.node_height + opt.row_gap);
        assert!(layout.height <= max_height, "{}", layout.height);
        for (i, a) in layout.nodes.iter().enumerate() {
            for b in &layout.nodes[i + 1..] {
                assert!(!overlaps(a, b, &opt), "{a:?} overlaps {b:?}");
            }
            assert!(a.x + opt.node_width <= layout.width + 1e-9);
            assert!(a.y + opt.node_height <= layout.height + 1e-9);
        }
    }
}
