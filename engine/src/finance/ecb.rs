//! The ECB euro foreign exchange reference rates file
//! (`eurofxref-daily.xml`, and the same shape for `-hist-90d.xml`):
//!
//! ```xml
//! <gesmes:Envelope xmlns:gesmes="…" xmlns="…">
//!   <gesmes:subject>Reference rates</gesmes:subject>
//!   <Cube>
//!     <Cube time="2026-12-01">
//!       <Cube currency="USD" rate="1.0512"/>
//!     </Cube>
//!   </Cube>
//! </gesmes:Envelope>
//! ```
//!
//! Read with `roxmltree` (a read-only XML tree), which checks that the
//! document is well formed and namespace-correct and refuses any DTD; on top
//! of it this reader refuses entity and character references outright (the
//! file needs none: every value is a date, a currency code or a plain
//! decimal), so nothing in an uploaded file can expand or reach outside it,
//! and checks the shape above.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use roxmltree::{Document, Node, ParsingOptions};
use rust_decimal::Decimal;

/// Largest file accepted (the 90-day history is about 50 KB).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Most XML nodes accepted (elements, text and comments; a 2 MB file of
/// rates holds about 100,000), which bounds the tree's memory whatever the
/// file holds.
const MAX_NODES: u32 = 250_000;

/// One published rate: EUR 1 = `rate` units of `currency` on `day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcbRate {
    /// The reference day.
    pub day: NaiveDate,
    /// Three upper-case letters, e.g. `USD` (the ECB publishes ~30
    /// currencies; all are kept, reports use those the platform supports).
    pub currency: String,
    /// The rate as published, e.g. `1.0512`.
    pub rate: String,
    /// Its exact value.
    pub value: Decimal,
}

/// Why a file was refused: the line and what is wrong, for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct EcbError {
    /// 1-based line of the problem (0 for the whole document).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> EcbError {
    EcbError {
        line,
        message: message.into(),
    }
}

/// The XML parser's refusal, for people.
fn xml_error(e: &roxmltree::Error) -> EcbError {
    use roxmltree::Error as X;
    let line = usize::try_from(e.pos().row).unwrap_or(0);
    match e {
        X::NoRootNode => err(0, "not an ECB reference-rates document"),
        X::UnclosedRootNode | X::UnexpectedEndOfStream => {
            err(0, "the document ends with an element never closed")
        }
        X::DtdDetected => err(0, "DOCTYPE and entity declarations are not accepted"),
        X::NodesLimitReached => err(0, "the document holds more elements than an ECB file"),
        X::InvalidChar2("a quote", ..) => err(line, "unquoted attribute value"),
        other => err(line, format!("not well-formed XML: {other}")),
    }
}

/// A positive plain decimal (`digits[.digits]`), at most 20 characters.
fn parse_rate(raw: &str) -> Option<Decimal> {
    let plain = !raw.is_empty()
        && raw.len() <= 20
        && raw.split('.').count() <= 2
        && raw
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    plain
        .then(|| Decimal::from_str_exact(raw).ok())
        .flatten()
        .filter(|v| *v > Decimal::ZERO)
}

/// The 1-based line of byte `at` of `doc` (a walk from its start: for
/// errors only).
fn line_at(doc: &str, at: usize) -> usize {
    doc.as_bytes()[..at.min(doc.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn is_cube(node: &Node<'_, '_>) -> bool {
    node.is_element() && node.tag_name().name() == "Cube"
}

/// The day being read: its `<Cube time=…>`, day and currencies so far.
struct Day<'a, 'input> {
    node: Node<'a, 'input>,
    day: NaiveDate,
    currencies: HashSet<&'a str>,
}

impl Day<'_, '_> {
    /// Refuses a day that ended without rates.
    fn close(&self, doc: &str) -> Result<(), EcbError> {
        if self.currencies.is_empty() {
            let line = line_at(doc, self.node.range().start);
            return Err(err(line, format!("no rates for {}", self.day)));
        }
        Ok(())
    }
}

/// Reads an ECB reference-rates document: every `(day, currency, rate)` in
/// it, days in document order. Refuses anything that is not well formed or
/// not this shape, a day without rates, a currency twice in one day, and a
/// document without any rate.
pub fn parse(doc: &str) -> Result<Vec<EcbRate>, EcbError> {
    if doc.len() > MAX_BYTES {
        return Err(err(0, "the file is larger than 2 MB"));
    }
    let doc = doc.strip_prefix('\u{feff}').unwrap_or(doc);
    if let Some(at) = doc.find('&') {
        return Err(err(
            line_at(doc, at),
            "'&': entity and character references are not accepted",
        ));
    }
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let tree = Document::parse_with_options(doc, options).map_err(|e| xml_error(&e))?;
    let root = tree.root_element();
    if root.tag_name().name() != "Envelope" {
        return Err(err(
            line_at(doc, root.range().start),
            format!(
                "expected a gesmes:Envelope, found <{}>",
                root.tag_name().name()
            ),
        ));
    }
    let mut days_seen: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut day: Option<Day<'_, '_>> = None;
    let mut out: Vec<EcbRate> = Vec::new();
    // Document order: a day's `<Cube time=…>` comes before its rates.
    for cube in root.descendants().filter(is_cube) {
        // Its line, counted only for an error.
        let refuse = |message: String| Err(err(line_at(doc, cube.range().start), message));
        let parent = cube.parent_element();
        let in_envelope = |n: &Node<'_, '_>| n.parent_element() == Some(root);
        match (
            cube.attribute("time"),
            cube.attribute("currency"),
            cube.attribute("rate"),
        ) {
            (None, None, None) => {
                if parent != Some(root) {
                    return refuse("the outer <Cube> belongs directly in the envelope".to_owned());
                }
            }
            (Some(time), None, None) => {
                if !parent.is_some_and(|p| is_cube(&p) && in_envelope(&p)) {
                    return refuse("<Cube time> belongs in the outer <Cube>".to_owned());
                }
                let Some(d) = NaiveDate::parse_from_str(time, "%Y-%m-%d")
                    .ok()
                    .filter(|_| time.len() == 10)
                else {
                    return refuse(format!("time {time:?} is not YYYY-MM-DD"));
                };
                if !days_seen.insert(d) {
                    return refuse(format!("{d} appears twice"));
                }
                if let Some(previous) = day.replace(Day {
                    node: cube,
                    day: d,
                    currencies: HashSet::new(),
                }) {
                    previous.close(doc)?;
                }
            }
            (None, Some(currency), Some(rate)) => {
                let Some(Day {
                    day: d, currencies, ..
                }) = day.as_mut().filter(|day| parent == Some(day.node))
                else {
                    return refuse("a rate outside a <Cube time=…>".to_owned());
                };
                if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                    return refuse(format!("currency {currency:?} is not a code"));
                }
                if currency == "EUR" {
                    return refuse("EUR is the base, not a quoted currency".to_owned());
                }
                if !currencies.insert(currency) {
                    return refuse(format!("{currency} twice on {d}"));
                }
                let Some(value) = parse_rate(rate) else {
                    return refuse(format!("rate {rate:?} is not a positive decimal"));
                };
                if cube.has_children() {
                    return refuse("a rate <Cube> must be empty".to_owned());
                }
                out.push(EcbRate {
                    day: *d,
                    currency: currency.to_owned(),
                    rate: rate.to_owned(),
                    value,
                });
            }
            _ => return refuse("a <Cube> with an unexpected set of attributes".to_owned()),
        }
    }
    if let Some(last) = &day {
        last.close(doc)?;
    }
    if out.is_empty() {
        return Err(err(0, "the document holds no rates"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
	<gesmes:subject>Reference rates</gesmes:subject>
	<gesmes:Sender>
		<gesmes:name>European Central Bank</gesmes:name>
	</gesmes:Sender>
	<Cube>
		<Cube time='2026-12-01'>
			<Cube currency='USD' rate='1.0512'/>
			<Cube currency='JPY' rate='161.23'/>
		</Cube>
	</Cube>
</gesmes:Envelope>"#;

    #[test]
    fn reads_the_daily_file() {
        let rates = parse(SAMPLE).unwrap();
        assert_eq!(rates.len(), 2);
        assert_eq!(rates[0].currency, "USD");
        assert_eq!(rates[0].rate, "1.0512");
        assert_eq!(rates[1].value, Decimal::new(16123, 2));
        assert_eq!(rates[1].day, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    }

    #[test]
    fn refuses_what_is_not_the_shape() {
        let cases = [
            ("", "not an ECB"),
            ("<html></html>", "Envelope"),
            (&SAMPLE.replace("</gesmes:Envelope>", ""), "never closed"),
            (&SAMPLE.replace("1.0512", "-1"), "positive decimal"),
            (&SAMPLE.replace("1.0512", "1e3"), "positive decimal"),
            (&SAMPLE.replace("1.0512", "0"), "positive decimal"),
            (&SAMPLE.replace("2026-12-01", "01/12/2026"), "YYYY-MM-DD"),
            (&SAMPLE.replace("'JPY'", "'USD'"), "twice"),
            (&SAMPLE.replace("'JPY'", "'jpy'"), "not a code"),
            (
                &SAMPLE.replace("<?xml", "<!DOCTYPE x [<!ENTITY a \"b\">]><?xml"),
                "DOCTYPE",
            ),
            (&SAMPLE.replace("rate='161.23'", "rate=161.23"), "unquoted"),
            (&SAMPLE.replace("Reference rates", "a &amp; b"), "'&'"),
            (&SAMPLE.replace("'USD'", "'&#85;SD'"), "'&'"),
            (
                &SAMPLE.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!DOCTYPE x>"),
                "DOCTYPE",
            ),
            (&SAMPLE.replace("'JPY'", "'EUR'"), "EUR is the base"),
            (
                &SAMPLE.replace("'JPY' rate='161.23'/>", "'JPY' rate='161.23'>x</Cube>"),
                "empty",
            ),
            (
                &SAMPLE.replace(
                    "</Cube>\n\t</Cube>",
                    "</Cube>\n\t<Cube time='2026-12-02'/></Cube>",
                ),
                "no rates for 2026-12-02",
            ),
            (
                &SAMPLE.replace("<Cube>", "<Cube><Cube currency='USD' rate='1'/>"),
                "outside",
            ),
            (
                "<gesmes:Envelope xmlns:gesmes='x'><Cube/></gesmes:Envelope>",
                "holds no rates",
            ),
            (
                &SAMPLE.replace("<gesmes:name>", "<gesmes:name><Cube/>"),
                "directly in the envelope",
            ),
            (
                &SAMPLE.replace("</gesmes:Envelope>", "</gesmes:Envelope><x/>"),
                "not well-formed",
            ),
            (&SAMPLE.replace("</gesmes:Sender>", ""), "not well-formed"),
            (&SAMPLE.replace("<Cube>", "<foo:Cube>"), "not well-formed"),
            (
                &SAMPLE.replace("rate='1.0512'", "rate='1.0512' rate='2'"),
                "not well-formed",
            ),
        ];
        for (doc, needle) in cases {
            let e = parse(doc).expect_err(needle);
            assert!(e.to_string().contains(needle), "{needle}: {e}");
        }
    }

    #[test]
    fn reads_the_published_file_and_names_the_line_of_a_problem() {
        let file = include_str!("../../../server/tests/fixtures/ecb-eurofxref-daily.xml");
        let rates = parse(file).unwrap();
        assert_eq!(rates.len(), 30);
        assert!(
            rates
                .iter()
                .all(|r| r.day == NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
        );
        assert_eq!(
            (rates[29].currency.as_str(), rates[29].rate.as_str()),
            ("ZAR", "19.0813")
        );
        // With a byte-order mark, as some servers send it.
        assert_eq!(parse(&format!("\u{feff}{file}")).unwrap(), rates);
        let e = parse(&file.replace("'GBP'", "'gbp'")).unwrap_err();
        assert_eq!(e.line, 14, "{e}");
        let e = parse(&file.replace("rate='1.6203'", "rate=1.6203")).unwrap_err();
        assert_eq!(e.line, 23, "{e}");
    }

    #[test]
    fn a_history_near_the_size_limit_reads_whole() {
        let codes: Vec<String> = (0..30u8)
            .map(|i| {
                format!(
                    "A{}{}",
                    char::from(b'A' + i / 26),
                    char::from(b'A' + i % 26)
                )
            })
            .collect();
        let first = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let mut doc = String::from("<gesmes:Envelope xmlns:gesmes='g' xmlns='e'>\n\t<Cube>\n");
        for day in first.iter_days().take(1_500) {
            doc.push_str(&format!("\t\t<Cube time='{day}'>\n"));
            for code in &codes {
                doc.push_str(&format!("\t\t\t<Cube currency='{code}' rate='1.2345'/>\n"));
            }
            doc.push_str("\t\t</Cube>\n");
        }
        doc.push_str("\t</Cube>\n</gesmes:Envelope>\n");
        assert!(doc.len() > MAX_BYTES * 3 / 4 && doc.len() < MAX_BYTES);
        let rates = parse(&doc).unwrap();
        assert_eq!(rates.len(), 45_000);
        assert_eq!(rates[44_999].day, first + chrono::Duration::days(1_499));
        // A problem at the end is still found, on its line.
        let bad = doc.replace("2024-02-08", "2024-02-8");
        let e = parse(&bad).unwrap_err();
        assert!(e.message.contains("YYYY-MM-DD"), "{e}");
        assert_eq!(e.line, 1 + 1 + 1499 * 32 + 1, "{e}");
    }

    #[test]
    fn refuses_a_file_over_the_size_limit_before_reading_it() {
        let padding = " ".repeat(MAX_BYTES);
        let e = parse(&SAMPLE.replace("<Cube>", &format!("<Cube>{padding}"))).unwrap_err();
        assert_eq!(e.line, 0);
        assert!(e.message.contains("larger than 2 MB"), "{e}");
        // Many small elements under the limit: refused by the node limit.
        let many = "<x/>".repeat(300_000);
        let e = parse(&SAMPLE.replace("<gesmes:subject>", &format!("{many}<gesmes:subject>")))
            .unwrap_err();
        assert!(e.message.contains("more elements"), "{e}");
    }
}
