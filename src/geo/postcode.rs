//! Postcode syntax: what a typed postcode-like text means.
//!
//! A UK postcode (BS 7666) is an outward code — area (1–2 letters) and district (a digit, two
//! digits, or a digit and a letter: `B1`, `DT11`, `W1A`, `EC1A`) — and an inward code: the sector
//! digit and a two-letter unit (`1XJ`). Case and spacing are forgiven: `dt11xj` and `DT1  1XJ` are
//! `DT1 1XJ`, because the inward code always has three characters. Without a space, `DT11` is read
//! as the district `DT11` (it exists: Blandford); the sector reading `DT1 1` is tried only when
//! no such district exists (see the gazetteer).

/// What postcode-like text denotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PostcodeText {
    /// A full postcode: outward code and sector digit (the unit letters are not needed: the data
    /// is per sector).
    Full { outward: String, sector: String },
    /// A sector written with a space, e.g. `DT1 1`.
    Sector { outward: String, sector: String },
    /// An outward code (district), e.g. `DT1`; `as_sector` is the sector reading of the same
    /// characters (`SP84` → `SP8 4`) where there is one.
    Outward {
        code: String,
        as_sector: Option<(String, String)>,
    },
    /// Contains digits like a postcode but fits no postcode pattern, e.g. `DT1 1X`.
    Malformed { compact: String },
}

/// A sector code as stored in the data: outward code, one space, sector digit.
pub(crate) fn sector_code(outward: &str, sector: &str) -> String {
    format!("{outward} {sector}")
}

/// True if `s` (uppercase, no spaces) is an outward code: A9, A99, A9A, AA9, AA99 or AA9A.
pub(crate) fn is_outward(s: &str) -> bool {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(1..=2).contains(&letters) {
        return false;
    }
    let rest = &b[letters..];
    match rest {
        [d] => d.is_ascii_digit(),
        [d, e] => d.is_ascii_digit() && (e.is_ascii_digit() || e.is_ascii_uppercase()),
        _ => false,
    }
}

fn is_inward(s: &str) -> bool {
    matches!(s.as_bytes(), [d, a, b] if d.is_ascii_digit() && a.is_ascii_uppercase() && b.is_ascii_uppercase())
}

/// Reads `text` as a postcode, sector or outward code; `None` if it does not look like one
/// (no digit, or characters other than letters, digits and spaces): then it is a place name.
pub(crate) fn parse(text: &str) -> Option<PostcodeText> {
    let upper = text.trim().to_ascii_uppercase();
    let tokens: Vec<&str> = upper.split_whitespace().collect();
    let compact: String = tokens.concat();
    if compact.is_empty()
        || !compact.bytes().all(|c| c.is_ascii_alphanumeric())
        || !compact.bytes().any(|c| c.is_ascii_digit())
        || !compact.as_bytes()[0].is_ascii_uppercase()
    {
        return None;
    }
    let n = compact.len();
    if (5..=7).contains(&n) && is_inward(&compact[n - 3..]) && is_outward(&compact[..n - 3]) {
        return Some(PostcodeText::Full {
            outward: compact[..n - 3].to_string(),
            sector: compact[n - 3..n - 2].to_string(),
        });
    }
    if let [outward, digit] = tokens.as_slice()
        && is_outward(outward)
        && digit.len() == 1
        && digit.as_bytes()[0].is_ascii_digit()
    {
        return Some(PostcodeText::Sector {
            outward: (*outward).to_string(),
            sector: (*digit).to_string(),
        });
    }
    let sector_reading = |s: &str| -> Option<(String, String)> {
        let m = s.len();
        (m >= 3 && s.as_bytes()[m - 1].is_ascii_digit() && is_outward(&s[..m - 1]))
            .then(|| (s[..m - 1].to_string(), s[m - 1..].to_string()))
    };
    if is_outward(&compact) {
        return Some(PostcodeText::Outward {
            as_sector: sector_reading(&compact),
            code: compact,
        });
    }
    if let Some((outward, sector)) = sector_reading(&compact) {
        return Some(PostcodeText::Sector { outward, sector });
    }
    Some(PostcodeText::Malformed { compact })
}

/// `text` as a postcode is written (`dt11xj` → `DT1 1XJ`, `dt1  1` → `DT1 1`, `dt11` →
/// `DT11`), or `None` if it is not a postcode, sector or district (a place name).
pub(crate) fn written(text: &str) -> Option<String> {
    match parse(text)? {
        PostcodeText::Full { .. } => {
            let compact: String = text
                .split_whitespace()
                .collect::<String>()
                .to_ascii_uppercase();
            let (outward, inward) = compact.split_at(compact.len() - 3);
            Some(format!("{outward} {inward}"))
        }
        PostcodeText::Sector { outward, sector } => Some(sector_code(&outward, &sector)),
        PostcodeText::Outward { code, .. } => Some(code),
        PostcodeText::Malformed { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_written_the_usual_way() {
        assert_eq!(written("dt11xj").as_deref(), Some("DT1 1XJ"));
        assert_eq!(written(" dt1  1xj ").as_deref(), Some("DT1 1XJ"));
        assert_eq!(written("dt1 2").as_deref(), Some("DT1 2"));
        assert_eq!(written("bh15").as_deref(), Some("BH15"));
        assert_eq!(written("Birmingham"), None);
        assert_eq!(written("DT1 1X"), None);
    }

    fn full(o: &str, s: &str) -> Option<PostcodeText> {
        Some(PostcodeText::Full {
            outward: o.into(),
            sector: s.into(),
        })
    }

    #[test]
    fn outward_patterns() {
        for ok in ["B1", "B12", "W1A", "DT1", "DT11", "EC1A", "LL18"] {
            assert!(is_outward(ok), "{ok}");
        }
        for bad in ["", "1", "DT", "DTA1", "D1AA", "DT111", "dt1"] {
            assert!(!is_outward(bad), "{bad}");
        }
    }

    #[test]
    fn full_postcodes_forgive_case_and_spacing() {
        for text in ["DT1 1XJ", "dt11xj", "  DT1  1XJ ", "Dt1 1xj", "DT 11XJ"] {
            assert_eq!(parse(text), full("DT1", "1"), "{text}");
        }
        assert_eq!(parse("EC1A 1BB"), full("EC1A", "1"));
        assert_eq!(parse("B1 1AA"), full("B1", "1"));
    }

    #[test]
    fn sectors_and_districts() {
        assert_eq!(
            parse("DT1 1"),
            Some(PostcodeText::Sector {
                outward: "DT1".into(),
                sector: "1".into()
            })
        );
        assert_eq!(
            parse("dt11"),
            Some(PostcodeText::Outward {
                code: "DT11".into(),
                as_sector: Some(("DT1".into(), "1".into()))
            })
        );
        assert_eq!(
            parse("B1"),
            Some(PostcodeText::Outward {
                code: "B1".into(),
                as_sector: None
            })
        );
        assert_eq!(
            parse("EC1A1"),
            Some(PostcodeText::Sector {
                outward: "EC1A".into(),
                sector: "1".into()
            })
        );
    }

    #[test]
    fn place_names_are_not_postcodes() {
        for text in [
            "Birmingham",
            "Gillingham, Dorset",
            "",
            "  ",
            "Stoke-on-Trent",
            "52.1 -1.2",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn postcode_like_garbage_is_malformed() {
        assert_eq!(
            parse("DT1 1X"),
            Some(PostcodeText::Malformed {
                compact: "DT11X".into()
            })
        );
    }
}
