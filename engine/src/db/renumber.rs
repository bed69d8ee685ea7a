//! Renumbering the `$n` placeholders of PostgreSQL text this crate
//! writes, so that several statements can run as one ([`super::Writes`]).

use sea_orm::DbErr;

/// `sql` with every `$n` placeholder outside quotes raised by `offset`.
#[cfg(test)]
fn renumbered(sql: &str, offset: usize) -> Result<String, DbErr> {
    let mut out = String::with_capacity(sql.len() + 16);
    push_renumbered(&mut out, sql, offset)?;
    Ok(out)
}

/// Appends `sql` (PostgreSQL this crate writes, [`super::Writes`]) to `out` with
/// every `$n` placeholder raised by `offset`, the text between placeholders
/// copied whole. It reads `'…'` strings and `"…"` identifiers (a doubled
/// quote inside reopens at once), names (whose `$` is no placeholder: `a$1`
/// is a name) and `$n`, and refuses, with `out` left part written, what it
/// does not understand and could mistake for a placeholder or hide one: a
/// comment (`--`, `/*`), a dollar quote (`$$`, `$tag$`), an escape string
/// (`E'…'`, which `\'` does not end). One pass over the bytes, which stops
/// only at a quote, `$`, `-` or `/`.
pub(super) fn push_renumbered(out: &mut String, sql: &str, offset: usize) -> Result<(), DbErr> {
    let bytes = sql.as_bytes();
    let refuse = |what: &str, at: usize| {
        Err(DbErr::Custom(format!(
            "gathered SQL holds {what} (at byte {at}), which placeholder renumbering \
             does not read: {sql:.120}"
        )))
    };
    // The name (identifier or key word) that byte `at` ends, if any: the
    // run of name bytes before it starts like a name, not as a `$n` or a
    // number does.
    let ends_name = |at: usize| {
        let run = bytes[..at]
            .iter()
            .rev()
            .take_while(|b| is_name_byte(**b))
            .count();
        run > 0 && is_name_start(bytes[at - run])
    };
    let mut copied = 0;
    let mut i = 0;
    loop {
        // To the next byte that needs a look (most need none).
        while i < bytes.len() && !NOTABLE[usize::from(bytes[i])] {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                if quote == b'\''
                    && i > 0
                    && matches!(bytes[i - 1], b'E' | b'e')
                    && !(i > 1 && is_name_byte(bytes[i - 2]))
                {
                    return refuse("an escape string", i - 1);
                }
                // To the closing quote (a doubled quote reopens at once).
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                i += 1;
            }
            b'$' => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let end = i + 1 + digits;
                if digits > 0 && !ends_name(i) {
                    // ASCII digits: a char boundary on both sides.
                    if let Ok(n) = sql[i + 1..end].parse::<usize>() {
                        out.push_str(&sql[copied..i]);
                        out.push('$');
                        out.push_str(itoa::Buffer::new().format(n + offset));
                        copied = end;
                    }
                } else if digits == 0 && !ends_name(i) {
                    // `$$` or `$tag$` opens a dollar-quoted string; a lone
                    // `$` is left as it is.
                    let tag = bytes[i + 1..]
                        .iter()
                        .take_while(|b| is_name_byte(**b) && **b != b'$')
                        .count();
                    let tagged = tag == 0 || is_name_start(bytes[i + 1]);
                    if tagged && bytes.get(i + 1 + tag) == Some(&b'$') {
                        return refuse("a dollar quote", i);
                    }
                }
                i = end;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => return refuse("a comment", i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => return refuse("a comment", i),
            _ => i += 1,
        }
    }
    out.push_str(&sql[copied.min(sql.len())..]);
    Ok(())
}

/// The bytes [`push_renumbered`] looks at: quotes, `$` and the first
/// bytes of comments.
const NOTABLE: [bool; 256] = {
    let mut notable = [false; 256];
    notable[b'\'' as usize] = true;
    notable[b'"' as usize] = true;
    notable[b'$' as usize] = true;
    notable[b'-' as usize] = true;
    notable[b'/' as usize] = true;
    notable
};

/// A byte that starts a PostgreSQL name (or a dollar quote's tag): a
/// letter, `_`, or any byte of a non-ASCII character.
fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// A byte of a PostgreSQL name after its first: those, a digit or `$`.
fn is_name_byte(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'$'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_renumbered_outside_quotes_only() {
        assert_eq!(
            renumbered("UPDATE t SET a = $1, b = '$2' WHERE \"c$3\" = $12", 4).unwrap(),
            "UPDATE t SET a = $5, b = '$2' WHERE \"c$3\" = $16"
        );
        assert_eq!(
            renumbered("SELECT 'it''s $1', $2", 1).unwrap(),
            "SELECT 'it''s $1', $3"
        );
        assert_eq!(renumbered("SELECT $1", 0).unwrap(), "SELECT $1");
        assert_eq!(
            renumbered("SELECT 'é $1 €', $2 || '€', $ || $x", 9).unwrap(),
            "SELECT 'é $1 €', $11 || '€', $ || $x"
        );
        assert_eq!(
            renumbered("SELECT $2, 'open $1", 1).unwrap(),
            "SELECT $3, 'open $1"
        );
        assert_eq!(renumbered("$1$2", 1).unwrap(), "$2$3");
    }

    #[test]
    fn a_dollar_inside_a_name_is_no_placeholder() {
        assert_eq!(
            renumbered("SELECT a$1, $1 FROM t$2 AS _x$3 WHERE é$4 = $2", 2).unwrap(),
            "SELECT a$1, $3 FROM t$2 AS _x$3 WHERE é$4 = $4"
        );
        assert_eq!(
            renumbered("UNNEST($3::uuid[], $4::bigint[]) AS e(id, balance)", 1).unwrap(),
            "UNNEST($4::uuid[], $5::bigint[]) AS e(id, balance)"
        );
    }

    #[test]
    fn text_the_renumbering_cannot_read_is_refused() {
        for (sql, what) in [
            ("SELECT $1 -- not $2\n, $2", "a comment"),
            ("SELECT $1--$2", "a comment"),
            ("SELECT /* $1 */ $1", "a comment"),
            ("SELECT $$ it's $1 $$, $1", "a dollar quote"),
            ("SELECT $q$ it's $1 $q$, $1", "a dollar quote"),
            ("SELECT $_1$ x $_1$", "a dollar quote"),
            ("SELECT $1, $$", "a dollar quote"),
            ("SELECT E'it\\'s $1', $1", "an escape string"),
            ("SELECT e'x', $1", "an escape string"),
        ] {
            let e = renumbered(sql, 1).unwrap_err();
            assert!(e.to_string().contains(what), "{sql}: {e}");
        }
        // Inside quotes they are text; near misses are not them.
        assert_eq!(
            renumbered(
                "SELECT '-- $1', \"/* $1\", '$$', $1 - -$2, 4 / $3, date'2026-01-01', $ x$",
                1
            )
            .unwrap(),
            "SELECT '-- $1', \"/* $1\", '$$', $2 - -$3, 4 / $4, date'2026-01-01', $ x$"
        );
    }
}
