//! Charts drawn as inline SVG, without a JavaScript chart library: a bar
//! chart and a line chart with labelled axes.
//!
//! Rules:
//! - Every chart is an `<svg role="img">` named by its `<title>` and
//!   described by a `<desc>` that states the data in words, so a screen
//!   reader gets the numbers, not the pixels.
//! - Values are integers (points, players, money in minor units); the
//!   caller's `format` turns a value into the text of an axis label or a
//!   description (money with its currency). Geometry uses floats only for
//!   pixel positions.
//! - The drawing scales to its container's width (`viewBox`), so it fits a
//!   390 px phone.

use leptos::prelude::*;

/// Width and height of the drawing's coordinate system.
const W: f64 = 640.0;
const H: f64 = 260.0;
/// Margins: left for the value axis labels, bottom for the category labels.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;
/// Value-axis ticks.
const TICKS: i64 = 4;

/// One line of a line chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// Its name in the legend and the description.
    pub name: String,
    /// The stroke colour (a CSS colour).
    pub color: &'static str,
    /// One value per x label.
    pub values: Vec<i64>,
}

/// The value range the axis shows: from min(0, lowest) to max(0, highest),
/// never empty.
fn range(values: impl Iterator<Item = i64>) -> (i64, i64) {
    let (lo, hi) = values.fold((0i64, 0i64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo == hi { (lo, lo + 1) } else { (lo, hi) }
}

/// The y pixel of `v` on the `(lo, hi)` axis.
fn y_of(v: i64, lo: i64, hi: i64) -> f64 {
    let span = (hi - lo) as f64;
    TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) as f64 / span)
}

/// The value axis: tick lines and labels.
fn value_axis(lo: i64, hi: i64, format: Callback<i64, String>) -> impl IntoView {
    (0..=TICKS)
        .map(|i| {
            let v = lo + (hi - lo) * i / TICKS;
            let y = y_of(v, lo, hi);
            view! {
                <line x1=LEFT x2=W - RIGHT y1=y y2=y stroke="#334155" stroke-width="1" stroke-dasharray=if v == 0 { "" } else { "2 4" }/>
                <text x=LEFT - 6.0 y=y + 4.0 text-anchor="end" font-size="11" fill="#94a3b8">
                    {format.run(v)}
                </text>
            }
        })
        .collect_view()
}

/// Which of `n` category labels to print (at most about eight).
fn label_every(n: usize) -> usize {
    n.div_ceil(8).max(1)
}

/// A vertical bar chart of `bars` (label, value).
#[component]
pub fn BarChart(
    /// The chart's name (`<title>`).
    title: String,
    /// What the axes mean, e.g. "Players per tier".
    y_label: &'static str,
    /// Category and value.
    bars: Vec<(String, i64)>,
    /// A value as text.
    format: Callback<i64, String>,
    /// `data-testid`.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let id = format!("chart-{}", testid);
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled_by = format!("{title_id} {desc_id}");
    let desc = if bars.is_empty() {
        "No data.".to_owned()
    } else {
        bars.iter()
            .map(|(l, v)| format!("{l}: {}", format.run(*v)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (lo, hi) = range(bars.iter().map(|(_, v)| *v));
    let n = bars.len().max(1);
    let slot = (W - LEFT - RIGHT) / n as f64;
    let every = label_every(n);
    let drawn = bars
        .into_iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let x = LEFT + slot * i as f64 + slot * 0.15;
            let (y0, y1) = (y_of(0, lo, hi), y_of(v, lo, hi));
            let (top, height) = (y0.min(y1), (y0 - y1).abs().max(1.0));
            let text = format.run(v);
            view! {
                <rect x=x y=top width=slot * 0.7 height=height rx="3" fill="#34d399">
                    <title>{format!("{label}: {text}")}</title>
                </rect>
                {(i % every == 0).then(|| view! {
                    <text x=x + slot * 0.35 y=H - BOTTOM + 16.0 text-anchor="middle" font-size="11" fill="#cbd5e1">
                        {label}
                    </text>
                })}
            }
        })
        .collect_view();
    view! {
        <svg
            viewBox=format!("0 0 {W} {H}")
            role="img"
            aria-labelledby=labelled_by
            class="h-auto w-full"
            data-testid=testid
        >
            <title id=title_id>{title}</title>
            <desc id=desc_id>{desc}</desc>
            {value_axis(lo, hi, format)}
            <text x="12" y=TOP + (H - TOP - BOTTOM) / 2.0 font-size="11" fill="#94a3b8" transform=format!("rotate(-90 12 {})", TOP + (H - TOP - BOTTOM) / 2.0) text-anchor="middle">
                {y_label}
            </text>
            {drawn}
        </svg>
    }
}

/// A line chart of `series` over `x_labels`, with a legend.
#[component]
pub fn LineChart(
    /// The chart's name (`<title>`).
    title: String,
    /// What the value axis means.
    y_label: &'static str,
    /// One label per point (e.g. days).
    x_labels: Vec<String>,
    /// The lines.
    series: Vec<Series>,
    /// A value as text.
    format: Callback<i64, String>,
    /// `data-testid`.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let id = format!("chart-{}", testid);
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled_by = format!("{title_id} {desc_id}");
    let n = x_labels.len();
    let desc = if n == 0 {
        "No data.".to_owned()
    } else {
        series
            .iter()
            .map(|s| {
                let total: i64 = s.values.iter().sum();
                let peak = s.values.iter().copied().max().unwrap_or(0);
                format!(
                    "{}: total {}, highest day {}, from {} to {}",
                    s.name,
                    format.run(total),
                    format.run(peak),
                    x_labels.first().cloned().unwrap_or_default(),
                    x_labels.last().cloned().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (lo, hi) = range(series.iter().flat_map(|s| s.values.iter().copied()));
    let step = if n > 1 {
        (W - LEFT - RIGHT) / (n - 1) as f64
    } else {
        0.0
    };
    let x_of = move |i: usize| LEFT + step * i as f64;
    let every = label_every(n);
    let labels = x_labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, l)| {
            view! {
                <text x=x_of(i) y=H - BOTTOM + 16.0 text-anchor="middle" font-size="11" fill="#cbd5e1">
                    {l.clone()}
                </text>
            }
        })
        .collect_view();
    let legend = series
        .iter()
        .map(|s| {
            view! {
                <span class="inline-flex items-center gap-1.5">
                    <span aria-hidden="true" class="inline-block h-2 w-4 rounded" style=format!("background:{}", s.color)></span>
                    {s.name.clone()}
                </span>
            }
        })
        .collect_view();
    let lines = series
        .into_iter()
        .map(|s| {
            let points = s
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", x_of(i), y_of(*v, lo, hi)))
                .collect::<Vec<_>>()
                .join(" ");
            view! {
                <polyline points=points fill="none" stroke=s.color stroke-width="2" stroke-linejoin="round"/>
            }
        })
        .collect_view();
    view! {
        <div>
            <svg
                viewBox=format!("0 0 {W} {H}")
                role="img"
                aria-labelledby=labelled_by
                class="h-auto w-full"
                data-testid=testid
            >
                <title id=title_id>{title}</title>
                <desc id=desc_id>{desc}</desc>
                {value_axis(lo, hi, format)}
                <text x="12" y=TOP + (H - TOP - BOTTOM) / 2.0 font-size="11" fill="#94a3b8" transform=format!("rotate(-90 12 {})", TOP + (H - TOP - BOTTOM) / 2.0) text-anchor="middle">
                    {y_label}
                </text>
                {labels}
                {lines}
            </svg>
            <p class="mt-2 flex flex-wrap gap-4 text-xs text-slate-300">{legend}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_always_includes_zero_and_is_never_empty() {
        assert_eq!(range([5, 9].into_iter()), (0, 9));
        assert_eq!(range([-3, 4].into_iter()), (-3, 4));
        assert_eq!(range(std::iter::empty()), (0, 1));
    }

    #[test]
    fn zero_sits_on_the_baseline_and_the_top_value_at_the_top() {
        assert_eq!(y_of(0, 0, 10), H - BOTTOM);
        assert_eq!(y_of(10, 0, 10), TOP);
    }

    #[test]
    fn at_most_about_eight_labels_are_printed() {
        assert_eq!(label_every(3), 1);
        assert_eq!(label_every(30), 4);
        assert_eq!(label_every(90), 12);
    }
}
