//! The shape reader's own tests (the differential one against serde is tests/shape_vs_serde.rs).
use super::object::name_then_quote;
use super::reader::is_guid;
use super::*;
use crate::id::Guid;

#[test]
fn paths_and_offsets_point_at_the_problem() {
    let e = check(br#"{"items":[{"productSku":{"id":"x"}}]}"#, &LICENSES).unwrap_err();
    assert_eq!(e.path, "$.items[0].productSku.id");
    assert_eq!(e.message, "expected a GUID");
    assert_eq!(e.offset, 30);
    let e = check(br#"{"items":[{}]}"#, &LICENSES).unwrap_err();
    assert_eq!(e.path, "$.items[0].productSku");
    assert_eq!(e.message, "missing field");
    let e = check(br#"{"totalCount":1,"items":["#, &LICENSES).unwrap_err();
    assert!(e.message.contains("ends early"), "{e}");
}

#[test]
fn integers_follow_the_model_ranges() {
    let sku = |n: &str| {
        format!(
            r#"{{"items":[{{"availableUnits":{n},"productSku":{{"id":"efccb6f7-5641-4e0e-bd10-b4976e1bf68e"}}}}]}}"#
        )
    };
    for ok in [
        "0",
        "-0",
        "-5",
        "9223372036854775807",
        "-9223372036854775808",
    ] {
        assert!(check(sku(ok).as_bytes(), &SUBSCRIBED_SKUS).is_ok(), "{ok}");
    }
    for bad in [
        "9223372036854775808",
        "-9223372036854775809",
        "1.0",
        "1e3",
        "01",
        "-",
        "\"1\"",
        "null",
    ] {
        assert!(
            check(sku(bad).as_bytes(), &SUBSCRIBED_SKUS).is_err(),
            "{bad}"
        );
    }
    assert!(check(br#"{"totalCount":18446744073709551615}"#, &LICENSES).is_ok());
    assert!(check(br#"{"totalCount":18446744073709551616}"#, &LICENSES).is_err());
    assert!(check(br#"{"totalCount":-1}"#, &LICENSES).is_err());
}

#[test]
fn names_match_in_place_only_when_whole_and_quoted() {
    for name in [
        "",
        "i",
        "id",
        "ids",
        "name",
        "items",
        "objectT",
        "objectTy",
        "objectTyp",
        "totalCount",
        "servicePlans",
        "licenseGroupId",
        "capabilityStatus",
        "capabilityStatus2",
        "aVeryLongFieldNameIndeed",
        "aVeryLongFieldNameIndeed!",
    ] {
        let n = name.as_bytes();
        assert!(
            name_then_quote(format!("{name}\":1").as_bytes(), n),
            "{name}"
        );
        assert!(
            !name_then_quote(format!("{name}x\":1").as_bytes(), n),
            "{name}"
        );
        assert!(!name_then_quote(name.as_bytes(), n), "{name}");
        for i in 0..n.len() {
            let mut other = n.to_vec();
            other[i] ^= 0x20;
            other.extend_from_slice(b"\":1");
            assert!(!name_then_quote(&other, n), "{name} {i}");
            assert!(!name_then_quote(&other[..i], n), "{name} {i}");
        }
    }
}

#[test]
fn guid_check_takes_every_byte_at_every_place_as_guid_parse_does() {
    let g = *b"efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
    for i in 0..g.len() {
        for b in 0..=255u8 {
            let mut v = g;
            v[i] = b;
            let parsed = core::str::from_utf8(&v).is_ok_and(|t| Guid::parse(t).is_ok());
            assert_eq!(is_guid(&v), parsed, "byte {b} at {i}");
        }
    }
    for len in [0, 8, 35, 37] {
        assert!(!is_guid(&g.repeat(2)[..len]));
    }
}

#[test]
fn guid_check_matches_guid_parse() {
    let g = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
    let mut variants = vec![
        g.to_owned(),
        g.to_uppercase(),
        g.replace('-', ""),
        format!("{{{g}}}"),
    ];
    for i in 0..g.len() {
        for c in ['-', 'g', 'F', '0', ' '] {
            let mut v: Vec<char> = g.chars().collect();
            v[i] = c;
            variants.push(v.into_iter().collect());
        }
    }
    for v in variants {
        assert_eq!(is_guid(v.as_bytes()), Guid::parse(&v).is_ok(), "{v}");
    }
}

#[test]
fn deep_unknown_values_are_refused_not_overflowed() {
    let deep = format!(r#"{{"x":{}{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    assert!(
        check(deep.as_bytes(), &LICENSES)
            .unwrap_err()
            .message
            .contains("deeply")
    );
}
