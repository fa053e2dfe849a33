//! Place-name and county normalisation, common aliases, and ceremonial counties.
//!
//! Names are compared after [`normalise`]: ASCII case folded, hyphens and underscores read as
//! spaces, full stops and apostrophes dropped, runs of spaces collapsed — so `Stoke on Trent`,
//! `stoke-on-trent` and `St. Helens` / `St Helens` match.
//!
//! A county qualifier (`Gillingham, Kent`) is matched against GeoNames' admin2 (the county or
//! unitary authority) in four tiers, the first tier with a match winning:
//! 1. the admin2 name itself, with or without its administrative prefix or suffix
//!    (`City and Borough of Birmingham` = `Birmingham`; `Caerphilly County Borough` =
//!    `Caerphilly`);
//! 2. the ceremonial county (Lieutenancies Act 1997, sch. 1; for Wales the preserved counties of
//!    the Local Government (Wales) Act 1994) that contains that unitary authority, from
//!    [`CEREMONIAL`] — so `Gillingham (Kent)` finds Gillingham whose admin2 is `Medway`;
//! 3. the country: `England`, `Wales`, `Scotland`, `Northern Ireland` (for the few places
//!    GeoNames gives no admin2 the country is their county, so for them this is tier 1);
//! 4. `UK` / `United Kingdom`, which every place matches.

/// Folds a name for comparison (see the module doc).
pub(crate) fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        let c = match c {
            '-' | '_' => ' ',
            '.' | '\'' | '’' => continue,
            c => c.to_ascii_lowercase(),
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Administrative prefixes GeoNames puts before a county or borough name.
const PREFIXES: &[&str] = &[
    "city and borough of ",
    "city and county of ",
    "metropolitan borough of ",
    "royal borough of ",
    "borough of ",
    "city of ",
    "county of ",
    "district of ",
    "county ",
    "co. ",
    "co ",
    "sir ",
    "the ",
];

/// Administrative suffixes GeoNames puts after a county or borough name.
const SUFFIXES: &[&str] = &[" county borough", " council", " city", " islands"];

/// The county name without its administrative prefix/suffix, keeping the original case
/// (`City and Borough of Birmingham` → `Birmingham`). Never returns an empty string.
pub(crate) fn short_county(admin2: &str) -> &str {
    let mut s = admin2.trim();
    for p in PREFIXES {
        if s.len() > p.len() && s.is_char_boundary(p.len()) && s[..p.len()].eq_ignore_ascii_case(p)
        {
            s = &s[p.len()..];
            break;
        }
    }
    for x in SUFFIXES {
        if s.len() > x.len() {
            let cut = s.len() - x.len();
            if s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(x) {
                s = &s[..cut];
                break;
            }
        }
    }
    s
}

/// Common names that mean one particular place, applied before the gazetteer look-up.
/// Each is the everyday name of a town whose gazetteer name is longer; the short name would
/// otherwise resolve to a different, smaller place or to nothing.
pub(crate) const ALIASES: &[(&str, &str)] = &[
    // "Newcastle" in everyday English (and in the mission) is Newcastle upon Tyne; GeoNames also
    // has a Newcastle (pop. 7,444) in County Down, which "Newcastle, Newry Mourne and Down" reaches.
    ("newcastle", "Newcastle upon Tyne"),
    ("hull", "Kingston upon Hull"),
    ("wimborne", "Wimborne Minster"),
    ("blandford", "Blandford Forum"),
    ("sturminster", "Sturminster Newton"),
];

/// Ceremonial counties (England, Lieutenancies Act 1997) and preserved counties (Wales) with the
/// unitary authorities or metropolitan boroughs inside them, as GeoNames names them in admin2.
pub(crate) const CEREMONIAL: &[(&str, &[&str])] = &[
    ("kent", &["Medway"]),
    ("dorset", &["Bournemouth, Christchurch and Poole Council"]),
    ("bcp", &["Bournemouth, Christchurch and Poole Council"]),
    ("hampshire", &["Southampton", "Portsmouth"]),
    ("devon", &["Plymouth", "Borough of Torbay"]),
    ("wiltshire", &["Borough of Swindon"]),
    (
        "somerset",
        &["Bath and North East Somerset", "North Somerset"],
    ),
    ("gloucestershire", &["South Gloucestershire"]),
    ("shropshire", &["Telford and Wrekin"]),
    ("staffordshire", &["Stoke-on-Trent"]),
    ("buckinghamshire", &["Milton Keynes"]),
    (
        "berkshire",
        &[
            "Reading",
            "West Berkshire",
            "Wokingham",
            "Bracknell Forest",
            "Slough",
            "Royal Borough of Windsor and Maidenhead",
        ],
    ),
    (
        "bedfordshire",
        &["Bedford", "Central Bedfordshire", "Luton"],
    ),
    ("cambridgeshire", &["Peterborough"]),
    ("essex", &["Southend-on-Sea", "Borough of Thurrock"]),
    ("derbyshire", &["Derby"]),
    ("leicestershire", &["City of Leicester"]),
    ("nottinghamshire", &["Nottingham"]),
    ("east sussex", &["Brighton and Hove"]),
    (
        "lincolnshire",
        &["North Lincolnshire", "North East Lincolnshire"],
    ),
    (
        "northamptonshire",
        &["North Northamptonshire", "West Northamptonshire"],
    ),
    (
        "cheshire",
        &[
            "Cheshire East",
            "Cheshire West and Chester",
            "Borough of Halton",
            "Warrington",
        ],
    ),
    ("lancashire", &["Blackburn with Darwen", "Blackpool"]),
    (
        "north yorkshire",
        &["City of York", "Middlesbrough", "Redcar and Cleveland"],
    ),
    ("east riding of yorkshire", &["City of Kingston upon Hull"]),
    ("durham", &["Darlington", "Hartlepool", "Stockton-on-Tees"]),
    (
        "greater manchester",
        &[
            "Manchester",
            "Borough of Bolton",
            "Borough of Bury",
            "Borough of Oldham",
            "Borough of Rochdale",
            "Borough of Stockport",
            "Borough of Tameside",
            "Borough of Wigan",
            "City and Borough of Salford",
            "Trafford",
        ],
    ),
    (
        "merseyside",
        &[
            "Liverpool",
            "Knowsley",
            "Sefton",
            "St. Helens",
            "Metropolitan Borough of Wirral",
        ],
    ),
    (
        "west midlands",
        &[
            "City and Borough of Birmingham",
            "Coventry",
            "Dudley",
            "Sandwell",
            "Solihull",
            "Walsall",
            "Wolverhampton",
        ],
    ),
    (
        "tyne and wear",
        &[
            "Newcastle upon Tyne",
            "Gateshead",
            "North Tyneside",
            "South Tyneside",
            "Sunderland",
        ],
    ),
    (
        "south yorkshire",
        &["Barnsley", "Doncaster", "Rotherham", "Sheffield"],
    ),
    (
        "west yorkshire",
        &[
            "Bradford",
            "Calderdale",
            "Kirklees",
            "City and Borough of Leeds",
            "City and Borough of Wakefield",
        ],
    ),
    ("london", &["Greater London"]),
    (
        "gwent",
        &[
            "Newport",
            "Monmouthshire",
            "Torfaen County Borough",
            "Blaenau Gwent",
            "Caerphilly County Borough",
        ],
    ),
    (
        "clwyd",
        &["Denbighshire", "County of Flintshire", "Wrexham", "Conwy"],
    ),
    (
        "dyfed",
        &["Carmarthenshire", "County of Ceredigion", "Pembrokeshire"],
    ),
    ("powys", &["Sir Powys"]),
    ("gwynedd", &["Anglesey"]),
    (
        "glamorgan",
        &[
            "Cardiff",
            "Vale of Glamorgan",
            "Bridgend county borough",
            "Rhondda Cynon Taf",
            "Merthyr Tydfil County Borough",
            "Neath Port Talbot",
            "City and County of Swansea",
        ],
    ),
];

/// Country names accepted as a qualifier, with GeoNames' `country_part` code.
const COUNTRIES: &[(&str, &str)] = &[
    ("england", "ENG"),
    ("wales", "WLS"),
    ("scotland", "SCT"),
    ("northern ireland", "NIR"),
    ("eng", "ENG"),
    ("wls", "WLS"),
    ("sct", "SCT"),
    ("nir", "NIR"),
];

/// How well a qualifier matches a place's county; lower is better, `None` no match.
pub(crate) fn county_match(qualifier: &str, admin2: &str, country_part: &str) -> Option<u8> {
    let q = normalise(qualifier);
    if q.is_empty() {
        return None;
    }
    if !admin2.is_empty() {
        let full = normalise(admin2);
        let short = normalise(short_county(admin2));
        let q_short = normalise(short_county(qualifier));
        if q == full || q == short || q_short == short {
            return Some(0);
        }
        let in_ceremonial = CEREMONIAL
            .iter()
            .any(|(c, members)| (*c == q || *c == q_short) && members.contains(&admin2));
        if in_ceremonial {
            return Some(1);
        }
    }
    // A place without an admin2 is qualified by its country, so the country is its county.
    let tier = if admin2.is_empty() { 0 } else { 2 };
    if COUNTRIES
        .iter()
        .any(|(name, code)| *name == q && *code == country_part)
    {
        return Some(tier);
    }
    // "London, UK" qualifies nothing away; it should not make a known name unknown.
    matches!(q.as_str(), "uk" | "united kingdom").then_some(3)
}

/// The country's name for a `country_part` code (used where GeoNames has no admin2).
pub(crate) fn country_name(code: &str) -> &'static str {
    match code {
        "ENG" => "England",
        "WLS" => "Wales",
        "SCT" => "Scotland",
        "NIR" => "Northern Ireland",
        _ => "United Kingdom",
    }
}

/// Splits `Name, County` (first comma) or `Name (County)`; `None` if there is no qualifier.
pub(crate) fn split_qualifier(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
    {
        let name = t[..open].trim();
        let county = t[open + 1..t.len() - 1].trim();
        if !name.is_empty() && !county.is_empty() {
            return Some((name, county));
        }
    }
    let (name, county) = t.split_once(',')?;
    let (name, county) = (name.trim(), county.trim());
    (!name.is_empty() && !county.is_empty()).then_some((name, county))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_case_punctuation_and_spaces() {
        assert_eq!(normalise("  Stoke-on-Trent "), "stoke on trent");
        assert_eq!(normalise("St. Helens"), "st helens");
        assert_eq!(normalise("Bishop's  Stortford"), "bishops stortford");
        assert_eq!(normalise(" - "), "");
    }

    #[test]
    fn short_county_strips_administrative_words() {
        assert_eq!(short_county("City and Borough of Birmingham"), "Birmingham");
        assert_eq!(
            short_county("Bournemouth, Christchurch and Poole Council"),
            "Bournemouth, Christchurch and Poole"
        );
        assert_eq!(short_county("Caerphilly County Borough"), "Caerphilly");
        assert_eq!(short_county("County Durham"), "Durham");
        assert_eq!(short_county("Dorset"), "Dorset");
        assert_eq!(short_county("City"), "City");
    }

    #[test]
    fn county_match_tiers() {
        assert_eq!(county_match("Dorset", "Dorset", "ENG"), Some(0));
        assert_eq!(county_match("dorset", "Dorset", "ENG"), Some(0));
        assert_eq!(
            county_match("Birmingham", "City and Borough of Birmingham", "ENG"),
            Some(0)
        );
        assert_eq!(county_match("Kent", "Medway", "ENG"), Some(1));
        assert_eq!(county_match("Co. Durham", "Darlington", "ENG"), Some(1));
        assert_eq!(county_match("Wales", "Newport", "WLS"), Some(2));
        assert_eq!(county_match("England", "", "ENG"), Some(0));
        assert_eq!(county_match("UK", "Greater London", "ENG"), Some(3));
        assert_eq!(county_match("Kent", "Dorset", "ENG"), None);
        assert_eq!(county_match("", "Dorset", "ENG"), None);
    }

    #[test]
    fn ceremonial_members_are_real_admin2_names() {
        let data = include_str!("../../data/geo/gb_places.csv");
        for (county, members) in CEREMONIAL {
            for m in *members {
                assert!(
                    data.contains(m),
                    "{county}: {m} is not an admin2 in gb_places.csv"
                );
            }
        }
    }

    #[test]
    fn qualifiers() {
        assert_eq!(
            split_qualifier("Gillingham, Dorset"),
            Some(("Gillingham", "Dorset"))
        );
        assert_eq!(
            split_qualifier("Gillingham (Kent)"),
            Some(("Gillingham", "Kent"))
        );
        assert_eq!(
            split_qualifier("Poole, Bournemouth, Christchurch and Poole"),
            Some(("Poole", "Bournemouth, Christchurch and Poole"))
        );
        assert_eq!(split_qualifier("Gillingham"), None);
        assert_eq!(split_qualifier("Gillingham,"), None);
    }
}
