//! Which colour each series of a figure gets.

use std::collections::HashMap;

use super::Figure;

/// The colour index of each series: its own when set, otherwise one per distinct label in
/// order of first appearance in the figure, skipping indices that series force; an unforced
/// series whose label has a forced colour elsewhere takes that colour.
pub(super) fn color_indices(fig: &Figure) -> Vec<Vec<usize>> {
    let forced: std::collections::HashSet<usize> = fig
        .panels
        .iter()
        .flat_map(|p| &p.series)
        .filter_map(|s| s.color)
        .collect();
    // A label that has a forced colour somewhere keeps it everywhere.
    let mut by_label: HashMap<&str, usize> = HashMap::new();
    for s in fig.panels.iter().flat_map(|p| &p.series) {
        if let Some(c) = s.color {
            by_label.entry(s.label.as_str()).or_insert(c);
        }
    }
    let mut next = 0;
    fig.panels
        .iter()
        .map(|p| {
            p.series
                .iter()
                .map(|s| {
                    if let Some(c) = s.color {
                        return c;
                    }
                    if s.rgb.is_some() {
                        return usize::MAX; // a fixed colour takes no palette index
                    }
                    *by_label.entry(s.label.as_str()).or_insert_with(|| {
                        while forced.contains(&next) {
                            next += 1;
                        }
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{Figure, Panel, Series, SeriesStyle};

    #[test]
    fn colors_follow_labels_and_forced_indices() {
        let s = |l: &str| Series::new(l, SeriesStyle::Line, vec![(0.0, 0.0)]);
        let fig = Figure::new(
            None,
            vec![
                Panel::new("x", "y")
                    .with_series(s("a"))
                    .with_series(s("b"))
                    .with_series(s("forced").with_color(2)),
                Panel::new("x", "y")
                    .with_series(s("b"))
                    .with_series(s("c"))
                    .with_series(s("a"))
                    .with_series(s("forced")),
            ],
        );
        assert_eq!(color_indices(&fig), vec![vec![0, 1, 2], vec![1, 3, 0, 2]]);
    }
}
