//! QR codes, drawn on the server as inline SVG: the loyalty card's number
//! for a venue's scanner.
//!
//! Rules:
//! - The code is encoded on the server only (the `qrcode` crate, `ssr`
//!   feature); the browser receives finished markup and ships no encoder.
//! - Dark modules on a white square with the four-module quiet zone the
//!   QR standard asks for, whatever the page's theme: scanners need the
//!   contrast and the margin.
//! - The drawing is one `<path>` (each row's dark runs as rectangles), so
//!   it stays small and sharp at any size (`shape-rendering="crispEdges"`).
//! - The SVG itself is hidden from assistive technology; [`QrImage`] wraps
//!   it in an element with `role="img"` and a text label that says what
//!   the code holds.

use leptos::prelude::*;

/// Modules of light margin around the code (the standard's quiet zone).
pub const QUIET_ZONE: usize = 4;

/// The SVG of a QR code holding `text` (error correction M, the smallest
/// version that fits); `None` when `text` is too long for any QR code.
#[cfg(feature = "ssr")]
pub fn qr_svg(text: &str) -> Option<String> {
    use qrcode::{Color, EcLevel, QrCode};

    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some(svg_of(&dark, width))
}

/// The SVG of a square grid of modules (`dark`, row by row, `width` per
/// row), with the quiet zone around it.
pub fn svg_of(dark: &[bool], width: usize) -> String {
    use std::fmt::Write as _;

    let size = width + 2 * QUIET_ZONE;
    let mut path = String::new();
    for (y, row) in dark.chunks(width.max(1)).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < row.len() && row[x] {
                x += 1;
            }
            let run = x - start;
            // Writing to a String cannot fail.
            let _ = write!(
                path,
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            );
        }
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="100%" height="100%" shape-rendering="crispEdges" aria-hidden="true" focusable="false"><rect width="{size}" height="{size}" fill="#ffffff"/><path fill="#000000" d="{path}"/></svg>"##
    )
}

/// A QR code drawn by [`qr_svg`], labelled for screen readers;
/// `data-testid="qr-code"`.
#[component]
pub fn QrImage(
    /// The SVG markup from [`qr_svg`].
    svg: String,
    /// What the code holds, for people who cannot see it.
    #[prop(into)]
    label: String,
    /// Size classes (the code is square).
    #[prop(default = "h-44 w-44")]
    class: &'static str,
) -> impl IntoView {
    view! {
        <div
            role="img"
            aria-label=label
            data-testid="qr-code"
            class=format!("{class} shrink-0 overflow-hidden rounded-lg bg-white")
            inner_html=svg
        ></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grid back from a path of `M{x} {y}h{run}v1h-{run}z` rectangles.
    fn grid_of(svg: &str, size: usize) -> Vec<bool> {
        let d = svg
            .split(r#"d=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default();
        let mut grid = vec![false; size * size];
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            let (xy, rest) = rect.split_once('h').expect("a run");
            let (x, y) = xy.split_once(' ').expect("x and y");
            let run = rest.split_once('v').expect("a height").0;
            let (x, y, run): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), run.parse().unwrap());
            for i in x..x + run {
                assert!(!grid[y * size + i], "modules are drawn once");
                grid[y * size + i] = true;
            }
        }
        grid
    }

    #[test]
    fn the_path_draws_exactly_the_dark_modules_inside_the_quiet_zone() {
        let dark = [
            true, true, false, //
            false, true, true, //
            true, false, true,
        ];
        let svg = svg_of(&dark, 3);
        let size = 3 + 2 * QUIET_ZONE;
        assert!(svg.contains(&format!(r#"viewBox="0 0 {size} {size}""#)));
        let grid = grid_of(&svg, size);
        for y in 0..size {
            for x in 0..size {
                let inside = (QUIET_ZONE..QUIET_ZONE + 3).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + 3).contains(&y);
                let expected = inside && dark[(y - QUIET_ZONE) * 3 + (x - QUIET_ZONE)];
                assert_eq!(grid[y * size + x], expected, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn an_empty_grid_is_a_blank_square() {
        let svg = svg_of(&[false; 4], 2);
        assert!(svg.contains(r#"d="""#));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_card_number_encodes_with_finder_patterns_in_three_corners() {
        let svg = qr_svg("4815162342000001").expect("fits");
        let size = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse::<usize>().ok())
            .expect("a size");
        let width = size - 2 * QUIET_ZONE;
        // Version 1 or 2 for 19 bytes at level M: 21 or 25 modules.
        assert!(width == 21 || width == 25, "width {width}");
        let grid = grid_of(&svg, size);
        let at = |x: usize, y: usize| grid[(y + QUIET_ZONE) * size + x + QUIET_ZONE];
        // Each finder: a dark 7×7 ring, a light ring, a dark 3×3 centre.
        for (ox, oy) in [(0, 0), (width - 7, 0), (0, width - 7)] {
            for i in 0..7 {
                assert!(
                    at(ox + i, oy) && at(ox + i, oy + 6),
                    "finder ring at ({ox}, {oy})"
                );
                assert!(
                    at(ox, oy + i) && at(ox + 6, oy + i),
                    "finder ring at ({ox}, {oy})"
                );
            }
            assert!(!at(ox + 1, oy + 1) && at(ox + 3, oy + 3));
        }
        // The same text draws the same code; the quiet zone stays light.
        assert_eq!(qr_svg("4815162342000001"), Some(svg.clone()));
        assert!((0..size).all(|x| !grid[x] && !grid[(size - 1) * size + x]));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn text_too_long_for_any_qr_code_gives_none() {
        assert_eq!(qr_svg(&"9".repeat(8000)), None);
    }
}
