use super::*;
use crate::model::LinkHeader;
use crate::secret::AccessToken;

const CUSTOMER: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
const OTHER: &str = "4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04";
const BASE: &str = "http://127.0.0.1:7070";

fn customer() -> CustomerId {
    CustomerId::parse(CUSTOMER).unwrap()
}

fn config() -> ClientConfig {
    ClientConfig::new(&[BASE, "/"].concat()).unwrap()
}

fn link(uri: &str, headers: &[(&str, &str)]) -> Link {
    Link {
        uri: uri.to_owned(),
        method: Some("GET".into()),
        headers: headers
            .iter()
            .map(|(k, v)| LinkHeader {
                key: (*k).into(),
                value: (*v).into(),
            })
            .collect(),
    }
}

fn request(page: &NextPage) -> HttpRequest {
    let token = AccessToken::new("SECRET-TOKEN").unwrap();
    let call = CallContext {
        token: &token,
        request_id: crate::Guid::from_random_bytes([1; 16]),
        correlation_id: crate::Guid::from_random_bytes([2; 16]),
    };
    page.to_request(&config(), &call)
}

/// The message of a refused link, which must be a decode error.
fn refused(uri: &str, headers: &[(&str, &str)]) -> String {
    match NextPage::from_link(&config(), &customer(), &link(uri, headers)) {
        Err(Error::Decode(e)) => e.message,
        other => panic!("{uri}: {other:?}"),
    }
}

#[test]
fn both_uri_forms_resolve_to_the_v1_path_and_keep_the_query() {
    let token = "aGVsbG8=/+opaque==%2F";
    for uri in [
        format!("/customers/{CUSTOMER}/users?size=100&seekOperation=Next"),
        format!("/v1/customers/{CUSTOMER}/users?size=100&seekOperation=Next"),
        format!("{BASE}/v1/customers/{CUSTOMER}/users?size=100&seekOperation=Next"),
        format!(
            "{BASE}/customers/{}/users?size=100&seekOperation=Next",
            CUSTOMER.to_uppercase()
        ),
    ] {
        let page = NextPage::from_link(
            &config(),
            &customer(),
            &link(&uri, &[("MS-ContinuationToken", token)]),
        )
        .unwrap();
        let r = request(&page);
        assert_eq!(
            r.url,
            format!("{BASE}/v1/customers/{CUSTOMER}/users?size=100&seekOperation=Next"),
            "{uri}"
        );
        assert_eq!(
            r.path,
            format!("/v1/customers/{CUSTOMER}/users?size=100&seekOperation=Next")
        );
        // The continuation token is copied verbatim, as the link wrote it.
        assert_eq!(r.header("ms-continuationtoken"), Some(token));
        assert_eq!(
            r.link_headers,
            vec![("MS-ContinuationToken".to_owned(), token.to_owned())]
        );
        // The client's own headers are there as on every call.
        assert_eq!(r.header("Authorization"), Some("Bearer SECRET-TOKEN"));
        assert!(r.header("MS-RequestId").is_some());
        assert!(!format!("{r:?}").contains("SECRET-TOKEN"));
    }
    // No query and no headers: fine too.
    let page = NextPage::from_link(
        &config(),
        &customer(),
        &link(&format!("/customers/{CUSTOMER}/users"), &[]),
    )
    .unwrap();
    assert_eq!(
        request(&page).path,
        format!("/v1/customers/{CUSTOMER}/users")
    );
    assert!(request(&page).link_headers.is_empty());
}

#[test]
fn links_elsewhere_are_refused() {
    for (uri, why) in [
        (
            format!("https://evil.example/v1/customers/{CUSTOMER}/users"),
            "under baseUrl",
        ),
        (
            format!("http://127.0.0.1:7070.evil/v1/customers/{CUSTOMER}/users"),
            "under baseUrl",
        ),
        (
            format!("http://127.0.0.1:7070@evil/v1/customers/{CUSTOMER}/users"),
            "under baseUrl",
        ),
        (
            format!("http://127.0.0.1:7071/v1/customers/{CUSTOMER}/users"),
            "under baseUrl",
        ),
        (
            format!("//evil.example/v1/customers/{CUSTOMER}/users"),
            "neither a path",
        ),
        (format!("customers/{CUSTOMER}/users"), "neither a path"),
        (format!("/v1/customers/{OTHER}/users?size=5"), "users list"),
        (format!("/customers/{OTHER}/users"), "users list"),
        (format!("/v1/customers/{CUSTOMER}/users/x"), "users list"),
        (
            format!("/v1/customers/{CUSTOMER}/subscribedskus"),
            "users list",
        ),
        (
            format!("/v1/customers/{CUSTOMER}/../{OTHER}/users"),
            "users list",
        ),
        (format!("/v1/customers/{CUSTOMER}/users/"), "users list"),
        (format!("/v2/customers/{CUSTOMER}/users"), "users list"),
        ("/v1/customers".to_owned(), "users list"),
        (format!("/v1/customers/{CUSTOMER}/users#x"), "character"),
        (format!("/v1/customers/{CUSTOMER}/users\\x"), "character"),
        (format!("/v1/customers/{CUSTOMER}/users?a=b c"), "character"),
        (
            format!("/v1/customers/{CUSTOMER}/users?a=\r\nX: y"),
            "character",
        ),
        ("".to_owned(), "character"),
    ] {
        let message = refused(&uri, &[]);
        assert!(message.contains(why), "{uri:?}: {message}");
        assert!(
            message.starts_with("the page's links.next uri"),
            "{message}"
        );
    }
    // A method other than GET.
    let mut l = link(&format!("/customers/{CUSTOMER}/users"), &[]);
    l.method = Some("POST".into());
    let e = NextPage::from_link(&config(), &customer(), &l).unwrap_err();
    assert!(e.text().contains("method \"POST\" is not GET"), "{e}");
    l.method = Some("get".into());
    assert!(NextPage::from_link(&config(), &customer(), &l).is_ok());
}

#[test]
fn a_base_url_with_a_path_is_honoured() {
    let config = ClientConfig::new("https://proxy.example/pc").unwrap();
    let want = format!("/v1/customers/{CUSTOMER}/users");
    let (a, b, c) = (
        format!("https://proxy.example/pc/v1/customers/{CUSTOMER}/users?x=1"),
        format!("/customers/{CUSTOMER}/users"),
        format!("https://proxy.example/v1/customers/{CUSTOMER}/users"),
    );
    let base = config.base_url();
    assert_eq!(
        resolve(base, &customer(), &a).unwrap(),
        (want.clone(), "x=1")
    );
    assert_eq!(resolve(base, &customer(), &b).unwrap(), (want, ""));
    assert!(resolve(base, &customer(), &c).is_err());
}

#[test]
fn link_headers_are_checked() {
    let uri = format!("/customers/{CUSTOMER}/users?seekOperation=Next");
    for (name, value, why) in [
        ("MS-ContinuationToken", "a\r\nX-Evil: 1", "CR, LF or NUL"),
        ("MS-ContinuationToken", "a\nb", "CR, LF or NUL"),
        ("MS-ContinuationToken", "a\0b", "CR, LF or NUL"),
        ("Bad Name", "v", "not an HTTP token"),
        ("Bad:Name", "v", "not an HTTP token"),
        ("", "v", "not an HTTP token"),
        ("Naïve", "v", "not an HTTP token"),
        ("Authorization", "Bearer other", "the platform sets"),
        ("authorization", "Bearer other", "the platform sets"),
        ("MS-RequestId", "x", "the platform sets"),
        ("MS-CorrelationId", "x", "the platform sets"),
        ("MS-Contract-Version", "v2", "the platform sets"),
        ("Accept", "text/html", "the platform sets"),
        ("Content-Type", "text/plain", "the platform sets"),
        ("Host", "evil.example", "the platform sets"),
        ("X-Locale", "fr-FR", "the platform sets"),
        ("Cookie", "a=b", "the platform sets"),
        ("Proxy-Authorization", "x", "the platform sets"),
        ("Sec-Fetch-Mode", "x", "the platform sets"),
    ] {
        let message = refused(&uri, &[(name, value)]);
        assert!(message.contains(why), "{name:?}: {message}");
    }
    let message = refused(
        &uri,
        &[("MS-ContinuationToken", "a"), ("ms-continuationtoken", "b")],
    );
    assert!(message.contains("twice"), "{message}");
    let many: Vec<(String, String)> = (0..=MAX_LINK_HEADERS)
        .map(|i| (format!("X-H{i}"), "v".into()))
        .collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert!(refused(&uri, &many).contains("over 16 headers"));
    assert!(refused(&uri, &[("X-Big", &"v".repeat(MAX_VALUE + 1))]).contains("over"));
    // Other headers, and a tab or any visible text in a value, are copied as they are.
    let page = NextPage::from_link(
        &config(),
        &customer(),
        &link(
            &uri,
            &[("X-Extra", "a\tb ~é"), ("MS-ContinuationToken", "t")],
        ),
    )
    .unwrap();
    assert_eq!(page.headers().len(), 2);
    assert_eq!(request(&page).header("x-extra"), Some("a\tb ~é"));
}

#[test]
fn the_json_form_reads_as_the_link_model() {
    let json = format!(
        r#"{{"uri":"/customers/{CUSTOMER}/users?size=2&seekOperation=Next","method":"GET","headers":[{{"key":"MS-ContinuationToken","value":"abc"}}]}}"#
    );
    let page = NextPage::from_json(&config(), &customer(), &json).unwrap();
    let from_model = NextPage::from_link(
        &config(),
        &customer(),
        &serde_json::from_str(&json).unwrap(),
    )
    .unwrap();
    assert_eq!(page, from_model);
    // `headers` and `method` may be absent (the model defaults them).
    let bare = format!(r#"{{"uri":"/v1/customers/{CUSTOMER}/users"}}"#);
    assert!(
        NextPage::from_json(&config(), &customer(), &bare)
            .unwrap()
            .headers()
            .is_empty()
    );
    for bad in [
        "not json".to_owned(),
        "null".to_owned(),
        "{}".to_owned(),
        r#"{"uri":5}"#.to_owned(),
        format!(r#"{{"uri":"/customers/{CUSTOMER}/users","headers":{{}}}}"#),
        format!(r#"{{"uri":"/customers/{CUSTOMER}/users","headers":[{{"key":"a"}}]}}"#),
        format!(r#"{{"uri":"/customers/{CUSTOMER}/users","headers":[{{"key":"a","value":1}}]}}"#),
        format!(r#"{{"uri":"/customers/{CUSTOMER}/users","method":1}}"#),
    ] {
        let e = NextPage::from_json(&config(), &customer(), &bad).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Decode, "{bad}");
        assert!(e.text().contains("links.next"), "{e}");
    }
}

/// What the bulk module hands the client core reads back as the same request.
#[test]
fn a_checked_link_reads_back_as_the_same_page() {
    let link = [
        r#"{"uri":"/v1/customers/"#,
        CUSTOMER,
        r#"/users?size=2&seekOperation=Next","headers":[{"key":"MS-ContinuationToken","value":"a\"b\\c"},{"key":"X-Other","value":""}]}"#,
    ]
    .concat();
    let config = ClientConfig::new("http://127.0.0.1:9").unwrap();
    let customer = CustomerId::parse(CUSTOMER).unwrap();
    let page = NextPage::from_json(&config, &customer, &link).unwrap();
    let back = NextPage::from_checked_json(&customer, &page.to_checked_json()).unwrap();
    assert_eq!(back, page);
}
