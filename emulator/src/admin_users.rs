//! `/emulator/users` and `/emulator/customers/{c}/users/{u}`: add a user or delete one
//! at run time (to watch a listing change while it is paged). Never faulted, no token.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use partner_center_licenses::id::{CustomerId, UserId};

use crate::admin::admin_error;
use crate::app::App;
use crate::errors::json_body;
use crate::seed::SeedUser;
use crate::users::customer_user;

/// `POST /emulator/users` body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewUser {
    customer: CustomerId,
    /// Default: a random GUID.
    #[serde(default)]
    id: Option<Uuid>,
    upn: String,
    #[serde(default)]
    display_name: String,
    /// Absent: `US`; `null`: none.
    #[serde(default = "us")]
    usage_location: Option<String>,
}

fn us() -> Option<String> {
    Some("US".into())
}

/// An ISO 8601 UTC time of Unix seconds (`2026-12-01T11:30:00Z`).
pub fn iso8601(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil from days (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// `POST /emulator/users`: `{ "customer": ID, "id"?: GUID, "upn": "...", "displayName"?,
/// "usageLocation"?: "US" | null }` adds an active user without licenses; answers 201 with
/// the `CustomerUser`.
pub async fn add_user(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let req: NewUser = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return admin_error(
                StatusCode::BAD_REQUEST,
                format!(
                    "expected {{\"customer\", \"upn\", \"id\"?, \"displayName\"?, \"usageLocation\"?}}: {e}"
                ),
            );
        }
    };
    let seed = SeedUser {
        id: req.id.unwrap_or_else(Uuid::new_v4),
        upn: req.upn,
        display_name: req.display_name,
        first_name: None,
        last_name: None,
        usage_location: req.usage_location,
        soft_deletion_time: None,
        licenses: Vec::new(),
    };
    let mut store = app.write();
    let Some(c) = store.customers.get_mut(&req.customer) else {
        return admin_error(
            StatusCode::NOT_FOUND,
            format!("no customer {}", req.customer),
        );
    };
    if let Err(e) = c.add_seed_user(&seed) {
        return admin_error(StatusCode::BAD_REQUEST, e);
    }
    let Ok(idx) = c.user_index(&UserId::ObjectId(seed.id)) else {
        return admin_error(StatusCode::INTERNAL_SERVER_ERROR, "the user was not added");
    };
    let user = customer_user(c.id, &c.users[idx]);
    drop(store);
    let bytes = serde_json::to_vec(&user).unwrap_or_default();
    (StatusCode::CREATED, json_body(bytes)).into_response()
}

/// `DELETE /emulator/customers/{customer}/users/{user}`: deletes an active user that holds
/// no licenses (it turns `inactive` with `softDeletionTime` now); 400 when it holds
/// licenses, 404 when there is no such active user.
pub async fn delete_user(
    State(app): State<Arc<App>>,
    Path((customer, user)): Path<(String, String)>,
) -> Response {
    let (Ok(customer), Ok(user)) = (CustomerId::parse(&customer), UserId::parse(&user)) else {
        return admin_error(
            StatusCode::BAD_REQUEST,
            "expected a customer id and a user id",
        );
    };
    let mut store = app.write();
    let Some(c) = store.customers.get_mut(&customer) else {
        return admin_error(StatusCode::NOT_FOUND, format!("no customer {customer}"));
    };
    let Ok(idx) = c.user_index(&user) else {
        return admin_error(StatusCode::NOT_FOUND, format!("no active user {user}"));
    };
    if !c.users[idx].licenses.is_empty() {
        return admin_error(
            StatusCode::BAD_REQUEST,
            "the user holds licenses: remove them first",
        );
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    c.users[idx].soft_deletion_time = Some(iso8601(now));
    let user = customer_user(c.id, &c.users[idx]);
    drop(store);
    (
        StatusCode::OK,
        json_body(serde_json::to_vec(&user).unwrap_or_default()),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_times() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_796_126_400 + 3_723), "2026-12-01T13:02:03Z");
    }
}
