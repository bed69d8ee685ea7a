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
//! A small hand-written reader over exactly this shape instead of an XML
//! crate: the file has no text content we need, no entities, no CDATA, and
//! every value is a date, a currency code or a plain decimal. It still checks
//! that the document is well formed (tags nest and close, attributes are
//! quoted and unique) and refuses DOCTYPEs and entity references outright,
//! so nothing in an uploaded file can expand or reach outside it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// Largest file accepted (the 90-day history is about 50 KB).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Deepest nesting accepted (the real file nests 3 deep).
const MAX_DEPTH: usize = 16;

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

/// One start or end tag.
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, &'a str)>,
    closing: bool,
    self_closing: bool,
    line: usize,
}

fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-' | '.')
}

/// Splits the document into tags, checking everything between them is
/// plain text without markup.
fn tags(doc: &str) -> Result<Vec<Tag<'_>>, EcbError> {
    let mut out = Vec::new();
    let mut rest = doc;
    let mut line = 1usize;
    loop {
        let Some(open) = rest.find('<') else {
            if rest.contains('>') || rest.contains('&') {
                return Err(err(line, "stray markup outside an element"));
            }
            break;
        };
        let text = &rest[..open];
        if text.contains('>') || text.contains('&') {
            return Err(err(line, "stray '>' or '&' in text"));
        }
        line += text.matches('\n').count();
        rest = &rest[open..];
        if let Some(body) = rest.strip_prefix("<?") {
            let end = body
                .find("?>")
                .ok_or_else(|| err(line, "unterminated processing instruction"))?;
            line += body[..end].matches('\n').count();
            rest = &body[end + 2..];
            continue;
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body
                .find("-->")
                .ok_or_else(|| err(line, "unterminated comment"))?;
            line += body[..end].matches('\n').count();
            rest = &body[end + 3..];
            continue;
        }
        if rest.starts_with("<!") {
            return Err(err(
                line,
                "DOCTYPE, CDATA and declarations are not accepted",
            ));
        }
        let close = rest
            .find('>')
            .ok_or_else(|| err(line, "unterminated tag"))?;
        let inner = &rest[1..close];
        let tag_line = line;
        line += inner.matches('\n').count();
        rest = &rest[close + 1..];
        out.push(parse_tag(inner, tag_line)?);
    }
    Ok(out)
}

fn parse_tag(inner: &str, line: usize) -> Result<Tag<'_>, EcbError> {
    if inner.contains('<') {
        return Err(err(line, "'<' inside a tag"));
    }
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let (self_closing, inner) = match inner.strip_suffix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    if closing && self_closing {
        return Err(err(line, "a tag cannot be both closing and self-closing"));
    }
    let name_end = inner
        .find(|c: char| !is_name_char(c))
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() {
        return Err(err(line, "a tag without a name"));
    }
    let mut attrs: Vec<(&str, &str)> = Vec::new();
    let mut rest = &inner[name_end..];
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            break;
        }
        if trimmed.len() == rest.len() {
            return Err(err(line, format!("malformed tag <{name}>")));
        }
        if closing {
            return Err(err(line, format!("closing tag </{name}> has attributes")));
        }
        let eq = trimmed
            .find('=')
            .ok_or_else(|| err(line, format!("attribute without a value in <{name}>")))?;
        let key = trimmed[..eq].trim_end();
        if key.is_empty() || !key.chars().all(is_name_char) {
            return Err(err(line, format!("malformed attribute name in <{name}>")));
        }
        let after = trimmed[eq + 1..].trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|q| *q == '"' || *q == '\'')
            .ok_or_else(|| err(line, format!("unquoted attribute {key} in <{name}>")))?;
        let value_end = after[1..]
            .find(quote)
            .ok_or_else(|| err(line, format!("unterminated attribute {key} in <{name}>")))?;
        let value = &after[1..1 + value_end];
        if value.contains(['&', '<']) {
            return Err(err(line, format!("entity or markup in attribute {key}")));
        }
        if attrs.iter().any(|(k, _)| *k == key) {
            return Err(err(line, format!("attribute {key} repeated in <{name}>")));
        }
        attrs.push((key, value));
        rest = &after[1 + value_end + 1..];
    }
    Ok(Tag {
        name,
        attrs,
        closing,
        self_closing,
        line,
    })
}

impl Tag<'_> {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

/// A positive plain decimal (`digits[.digits]`), at most 20 characters.
fn parse_rate(raw: &str, line: usize) -> Result<Decimal, EcbError> {
    let plain = !raw.is_empty()
        && raw.len() <= 20
        && raw.split('.').count() <= 2
        && raw
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let value = plain
        .then(|| Decimal::from_str_exact(raw).ok())
        .flatten()
        .filter(|v| *v > Decimal::ZERO)
        .ok_or_else(|| err(line, format!("rate {raw:?} is not a positive decimal")))?;
    Ok(value)
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
    let mut stack: Vec<&str> = Vec::new();
    let mut root_seen = false;
    // The open `<Cube time=…>`: its day and its rates.
    let mut day: Option<(NaiveDate, BTreeMap<String, usize>, usize)> = None;
    let mut out: Vec<EcbRate> = Vec::new();
    let mut days_seen: BTreeMap<NaiveDate, ()> = BTreeMap::new();
    for tag in tags(doc)? {
        let line = tag.line;
        if tag.closing {
            let open = stack
                .pop()
                .ok_or_else(|| err(line, format!("</{}> closes nothing", tag.name)))?;
            if open != tag.name {
                return Err(err(line, format!("</{}> closes <{open}>", tag.name)));
            }
            if local_name(tag.name) == "Cube"
                && let Some((d, rates, _)) = &day
                && stack.len() == 2
            {
                if rates.is_empty() {
                    return Err(err(line, format!("no rates for {d}")));
                }
                day = None;
            }
            continue;
        }
        if stack.is_empty() {
            if root_seen {
                return Err(err(line, "more than one root element"));
            }
            if local_name(tag.name) != "Envelope" {
                return Err(err(
                    line,
                    format!("expected a gesmes:Envelope, found <{}>", tag.name),
                ));
            }
            root_seen = true;
        }
        if stack.len() >= MAX_DEPTH {
            return Err(err(line, "elements nest too deep"));
        }
        if local_name(tag.name) == "Cube" {
            match (tag.attr("time"), tag.attr("currency"), tag.attr("rate")) {
                (None, None, None) => {
                    if stack.len() != 1 {
                        return Err(err(
                            line,
                            "the outer <Cube> belongs directly in the envelope",
                        ));
                    }
                }
                (Some(time), None, None) => {
                    if stack.len() != 2 || local_name(stack[1]) != "Cube" {
                        return Err(err(line, "<Cube time> belongs in the outer <Cube>"));
                    }
                    let d = NaiveDate::parse_from_str(time, "%Y-%m-%d")
                        .ok()
                        .filter(|_| time.len() == 10)
                        .ok_or_else(|| err(line, format!("time {time:?} is not YYYY-MM-DD")))?;
                    if days_seen.insert(d, ()).is_some() {
                        return Err(err(line, format!("{d} appears twice")));
                    }
                    if tag.self_closing {
                        return Err(err(line, format!("no rates for {d}")));
                    }
                    day = Some((d, BTreeMap::new(), line));
                }
                (None, Some(currency), Some(rate)) => {
                    let Some((d, rates, _)) = day.as_mut().filter(|_| stack.len() == 3) else {
                        return Err(err(line, "a rate outside a <Cube time=…>"));
                    };
                    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
                        return Err(err(line, format!("currency {currency:?} is not a code")));
                    }
                    if currency == "EUR" {
                        return Err(err(line, "EUR is the base, not a quoted currency"));
                    }
                    if rates.insert(currency.to_owned(), line).is_some() {
                        return Err(err(line, format!("{currency} twice on {d}")));
                    }
                    let value = parse_rate(rate, line)?;
                    if !tag.self_closing {
                        return Err(err(line, "a rate <Cube> must be self-closing"));
                    }
                    out.push(EcbRate {
                        day: *d,
                        currency: currency.to_owned(),
                        rate: rate.to_owned(),
                        value,
                    });
                    continue;
                }
                _ => return Err(err(line, "a <Cube> with an unexpected set of attributes")),
            }
        }
        if !tag.self_closing {
            stack.push(tag.name);
        }
    }
    if let Some(open) = stack.last() {
        return Err(err(0, format!("<{open}> is never closed")));
    }
    if !root_seen {
        return Err(err(0, "not an ECB reference-rates document"));
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
        ];
        for (doc, needle) in cases {
            let e = parse(doc).expect_err(needle);
            assert!(e.to_string().contains(needle), "{needle}: {e}");
        }
    }
}
