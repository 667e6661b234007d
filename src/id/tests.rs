//! The ids' own tests: GUIDs, user principal names, license groups, serde.
use super::*;

const G: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";

#[test]
fn guid_ids_parse_canonical_form_only() {
    let c = CustomerId::parse(G).unwrap();
    assert_eq!(c.to_string(), G);
    assert_eq!(CustomerId::parse(&G.to_uppercase()).unwrap(), c);
    for bad in [
        "",
        "0c39d6d5c70d4c55bc02f620844f3fd1",
        "{0c39d6d5-c70d-4c55-bc02-f620844f3fd1}",
        "urn:uuid:0c39d6d5-c70d-4c55-bc02-f620844f3fd1",
        "0c39d6d5-c70d-4c55-bc02-f620844f3fdz",
        "0c39d6d5-c70d-4c55-bc02-f620844f3fd1/..",
        " 0c39d6d5-c70d-4c55-bc02-f620844f3fd",
    ] {
        let e = SkuId::parse(bad).unwrap_err();
        assert_eq!(e.field, "SKU id", "{bad}");
    }
}

#[test]
fn user_id_accepts_guid_and_upn() {
    assert!(matches!(UserId::parse(G).unwrap(), UserId::ObjectId(_)));
    let u = UserId::parse("ada@contoso.onmicrosoft.com").unwrap();
    assert!(matches!(u, UserId::Upn(_)));
    assert_eq!(u.to_path_segment(), "ada%40contoso.onmicrosoft.com");
    let guest = UserId::parse("bob_fabrikam.com#EXT#@contoso.onmicrosoft.com").unwrap();
    assert_eq!(
        guest.to_path_segment(),
        "bob_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com"
    );
}

#[test]
fn user_id_rejects_hostile_strings() {
    let long = format!("{}@contoso.com", "a".repeat(MAX_UPN_LEN));
    for bad in [
        "",
        "ada",
        "@contoso.com",
        "ada@",
        "ada@localhost",
        "a/b@contoso.com",
        "../x@contoso.com",
        "a%2F@contoso.com",
        "a?b@contoso.com",
        "a b@contoso.com",
        "ada@contoso.com/../../v1",
        "ådå@contoso.com",
        "ada\r\n@contoso.com",
        "ada@contoso..com",
        long.as_str(),
    ] {
        assert!(UserId::parse(bad).is_err(), "{bad:?} accepted");
    }
}

#[test]
fn license_group_is_case_insensitive() {
    assert_eq!(LicenseGroup::parse("group1").unwrap(), LicenseGroup::Group1);
    assert_eq!(LicenseGroup::parse("GROUP2").unwrap(), LicenseGroup::Group2);
    assert!(LicenseGroup::parse("Group3").is_err());
    assert_eq!(LicenseGroup::Group2.query_value(), "Group2");
    let g: LicenseGroup = serde_json::from_str("\"Group1\"").unwrap();
    assert_eq!(serde_json::to_string(&g).unwrap(), "\"group1\"");
}

#[test]
fn guid_parse_and_text_match_the_uuid_crate() {
    // Every position set to each interesting byte, plus random ones: the hand-written
    // reader takes exactly the 36-character hyphenated strings `uuid` takes, to the
    // same bytes, and writes what `uuid` writes.
    let mut cases = vec![G.to_owned(), G.to_uppercase()];
    for i in 0..G.len() {
        for c in ['-', 'g', 'F', 'a', '0', '9', ' ', '{', 'é'] {
            let mut v: Vec<char> = G.chars().collect();
            v[i] = c;
            cases.push(v.into_iter().collect());
        }
    }
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        let mut bytes = [0u8; 16];
        for b in &mut bytes {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
        let u = Uuid::from_bytes(bytes);
        assert_eq!(guid_text(&u), u.hyphenated().to_string());
        cases.push(u.hyphenated().to_string().to_uppercase());
    }
    for c in cases {
        let theirs = Uuid::try_parse(&c).ok().filter(|_| c.len() == 36);
        assert_eq!(
            guid_bytes(c.as_bytes()).map(Uuid::from_bytes),
            theirs,
            "{c}"
        );
    }
}

#[test]
fn random_guid_is_v4() {
    let g = Guid::from_random_bytes([0xff; 16]);
    assert_eq!(g.as_uuid().get_version_num(), 4);
    assert_eq!(Guid::parse(&g.to_string()).unwrap(), g);
}

#[test]
fn path_segment_encoding() {
    assert_eq!(encode_path_segment("a/b?c#d e%"), "a%2Fb%3Fc%23d%20e%25");
    // The same bytes as the percent-encoding crate with the RFC 3986 unreserved set.
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    for s in [
        "ada@contoso.com",
        "o'brien+x@a.b",
        "é€😀",
        "\r\n\u{0}",
        "~._-!#^*()",
        "",
    ] {
        let crate_form: String = percent_encoding::utf8_percent_encode(s, SET).collect();
        assert_eq!(encode_path_segment(s), crate_form, "{s:?}");
    }
}
