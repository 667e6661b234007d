//! Seed data: the SKU catalog and the partners, customers, users and subscriptions the
//! emulator starts with (built in, or loaded from a JSON file with `--seed FILE`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use partner_center_licenses::id::{CustomerId, LicenseGroup, PlanId, SkuId};

/// The built-in seed (`emulator/seed/default.json`).
pub const DEFAULT_SEED_JSON: &str = include_str!("../seed/default.json");
/// The built-in SKU catalog (`emulator/seed/sku-catalog.json`), real SKUs and plans.
pub const CATALOG_JSON: &str = include_str!("../seed/sku-catalog.json");

/// A SKU of the catalog with all its service plans.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogSku {
    /// SKU id.
    pub id: SkuId,
    /// e.g. `ENTERPRISEPACK`.
    pub sku_part_number: String,
    /// e.g. `Office 365 E3`.
    pub name: String,
    /// `group1` / `group2`.
    pub license_group_id: LicenseGroup,
    /// e.g. `User`.
    #[serde(default = "user_target")]
    pub target_type: String,
    /// Every plan of the SKU.
    pub service_plans: Vec<CatalogPlan>,
}

/// A service plan of the catalog.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogPlan {
    /// Plan id.
    pub id: PlanId,
    /// e.g. `EXCHANGE_S_ENTERPRISE`.
    pub service_name: String,
    /// e.g. `Exchange Online (Plan 2)`.
    pub display_name: String,
    /// e.g. `User`.
    #[serde(default = "user_target")]
    pub target_type: String,
}

fn user_target() -> String {
    "User".into()
}

#[derive(Deserialize)]
struct CatalogFile {
    skus: Vec<CatalogSku>,
}

/// The whole seed.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Seed {
    /// SKUs the subscriptions may name; the built-in catalog when absent.
    #[serde(default)]
    pub catalog: Option<Vec<CatalogSku>>,
    /// The partners.
    pub partners: Vec<SeedPartner>,
}

/// A partner tenant and its customers.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedPartner {
    /// Partner tenant id.
    pub id: Uuid,
    /// Short name used when asking for a token (`adatum`).
    pub name: String,
    /// Display name.
    #[serde(default)]
    pub display_name: String,
    /// The customers this partner manages.
    #[serde(default)]
    pub customers: Vec<SeedCustomer>,
}

/// A customer tenant.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedCustomer {
    /// Customer tenant id.
    pub id: CustomerId,
    /// Company name.
    pub name: String,
    /// Default domain, e.g. `contoso.onmicrosoft.com`.
    pub domain: String,
    /// Subscribed SKUs and their units.
    #[serde(default)]
    pub subscriptions: Vec<SeedSubscription>,
    /// Named users.
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// A generated population of unlicensed users.
    #[serde(default)]
    pub generated_users: Option<GeneratedUsers>,
}

/// A subscribed SKU; consumed units follow from the users' licenses.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedSubscription {
    /// The SKU (from the catalog).
    pub sku_id: SkuId,
    /// `activeUnits + warningUnits`.
    pub total_units: i64,
    /// Units in the warning state (part of the total).
    #[serde(default)]
    pub warning_units: i64,
    /// Suspended units (not part of the total).
    #[serde(default)]
    pub suspended_units: i64,
}

/// A user and the licenses it holds at start.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedUser {
    /// Object id.
    pub id: Uuid,
    /// User principal name.
    pub upn: String,
    /// Display name.
    #[serde(default)]
    pub display_name: String,
    /// Given name; absent: the display name's first word.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Family name; absent: the rest of the display name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// ISO country code; absent: `US`; `null`: none (no license can be assigned).
    #[serde(default = "us")]
    pub usage_location: Option<String>,
    /// When the user was deleted (ISO 8601): a deleted user (`state: inactive`).
    #[serde(default)]
    pub soft_deletion_time: Option<String>,
    /// Licenses held.
    #[serde(default)]
    pub licenses: Vec<SeedLicense>,
}

fn us() -> Option<String> {
    Some("US".into())
}

fn us_only() -> Vec<String> {
    vec!["US".into()]
}

/// A license held at start.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeedLicense {
    /// The SKU.
    pub sku_id: SkuId,
    /// Plans left out.
    #[serde(default)]
    pub excluded_plans: Vec<PlanId>,
}

/// `count` users `{upnPrefix}0001@{domain}`..., with ids `{idPrefix}000000000001`...
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedUsers {
    /// How many.
    pub count: u32,
    /// The first 24 characters of every id (`b0000000-0000-4000-8000-`); the last 12 are the number.
    pub id_prefix: String,
    /// `user` gives `user0001@domain`.
    pub upn_prefix: String,
    /// `Test User ` gives `Test User 0001`.
    #[serde(default)]
    pub display_name_prefix: String,
    /// Usage locations, cycled: user `n` gets entry `n % len` (default `["US"]`).
    #[serde(default = "us_only")]
    pub usage_locations: Vec<String>,
    /// The numbers of the generated users without a usage location.
    #[serde(default)]
    pub without_usage_location: Vec<u32>,
}

impl GeneratedUsers {
    /// The users, in order.
    pub fn users(&self, domain: &str) -> Result<Vec<SeedUser>, String> {
        if self.id_prefix.len() != 24 {
            return Err(format!(
                "generatedUsers.idPrefix must be 24 characters (a GUID without its last 12), got {:?}",
                self.id_prefix
            ));
        }
        let width = self.count.to_string().len().max(4);
        (1..=self.count)
            .map(|n| {
                let id = format!("{}{:012}", self.id_prefix, n);
                let id = Uuid::try_parse(&id)
                    .map_err(|_| format!("generated user id {id} is not a GUID"))?;
                Ok(SeedUser {
                    id,
                    upn: format!("{}{:0width$}@{domain}", self.upn_prefix, n),
                    display_name: format!("{}{:0width$}", self.display_name_prefix, n),
                    first_name: None,
                    last_name: None,
                    usage_location: if self.without_usage_location.contains(&n) {
                        None
                    } else {
                        self.usage_locations
                            .get(n as usize % self.usage_locations.len().max(1))
                            .cloned()
                    },
                    soft_deletion_time: None,
                    licenses: Vec::new(),
                })
            })
            .collect()
    }
}

impl Seed {
    /// The built-in seed.
    pub fn builtin() -> Result<Self, String> {
        Self::from_json(DEFAULT_SEED_JSON)
    }

    /// Parses a seed file; `catalog` defaults to the built-in catalog.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let mut seed: Seed =
            serde_json::from_str(text).map_err(|e| format!("seed is not valid: {e}"))?;
        if seed.catalog.is_none() {
            seed.catalog = Some(builtin_catalog()?);
        }
        Ok(seed)
    }

    /// The catalog (never empty after [`Seed::from_json`]).
    pub fn catalog(&self) -> &[CatalogSku] {
        self.catalog.as_deref().unwrap_or_default()
    }
}

/// The built-in SKU catalog.
pub fn builtin_catalog() -> Result<Vec<CatalogSku>, String> {
    serde_json::from_str::<CatalogFile>(CATALOG_JSON)
        .map(|c| c.skus)
        .map_err(|e| format!("built-in catalog is not valid: {e}"))
}

/// The fixed ids of the built-in seed (documented in docs/emulator.md).
pub mod ids {
    /// Partner `adatum` (owns Contoso and Tailspin).
    pub const PARTNER_ADATUM: &str = "a0000000-0000-4000-8000-000000000001";
    /// Partner `woodgrove` (owns Northwind).
    pub const PARTNER_WOODGROVE: &str = "a0000000-0000-4000-8000-000000000002";
    /// Contoso Ltd (partner adatum): the big customer, the seed documents' customer id.
    pub const CUSTOMER_CONTOSO: &str = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1";
    /// Tailspin Toys (partner adatum): a small customer.
    pub const CUSTOMER_TAILSPIN: &str = "c0000000-0000-4000-8000-000000000002";
    /// Northwind Traders (partner woodgrove).
    pub const CUSTOMER_NORTHWIND: &str = "c0000000-0000-4000-8000-000000000003";
    /// ada@contoso: no licenses (the assign example's user).
    pub const USER_ADA: &str = "554526aa-cf5e-46fa-95df-98dbc55d8a1e";
    /// grace@contoso: EMS E3, Office 365 E3, Business Premium (the get example's user).
    pub const USER_GRACE: &str = "482e2152-4b49-48ec-b715-823365ce3d4c";
    /// alan@contoso: Microsoft 365 E3 (two plans excluded), Business Premium, Power BI Pro.
    pub const USER_ALAN: &str = "d0000000-0000-4000-8000-000000000003";
    /// katherine@contoso: Business Basic and Minecraft Education Student (group2).
    pub const USER_KATHERINE: &str = "d0000000-0000-4000-8000-000000000004";
    /// edsger@contoso: Exchange Online (Plan 1), its only unit.
    pub const USER_EDSGER: &str = "d0000000-0000-4000-8000-000000000005";
    /// barbara@contoso: no licenses.
    pub const USER_BARBARA: &str = "d0000000-0000-4000-8000-000000000006";
    /// tom@tailspintoys: Business Basic.
    pub const USER_TOM: &str = "e0000000-0000-4000-8000-000000000001";
    /// nancy@northwindtraders: Office 365 E3.
    pub const USER_NANCY: &str = "f0000000-0000-4000-8000-000000000001";
    /// andrew@northwindtraders: no licenses.
    pub const USER_ANDREW: &str = "f0000000-0000-4000-8000-000000000002";
    /// How many generated users Contoso has (`user0001`..`user1200`).
    pub const GENERATED_USERS: u32 = 1200;
    /// Contoso's active users: the six named ones and the generated ones.
    pub const CONTOSO_ACTIVE_USERS: usize = 1206;
    /// The one active Contoso user without a usage location (no license can be assigned).
    pub const USER_WITHOUT_USAGE_LOCATION: u32 = 1099;
    /// Contoso's deleted users (`state: inactive`, `softDeletionTime`): Margaret, John,
    /// Frances, Dennis.
    pub const CONTOSO_DELETED_USERS: [&str; 4] = [
        "d0000000-0000-4000-8000-0000000000d1",
        "d0000000-0000-4000-8000-0000000000d2",
        "d0000000-0000-4000-8000-0000000000d3",
        "d0000000-0000-4000-8000-0000000000d4",
    ];

    /// The id of generated Contoso user `n` (1-based): `b0000000-0000-4000-8000-00000000NNNN`.
    pub fn generated_user(n: u32) -> String {
        format!("b0000000-0000-4000-8000-{n:012}")
    }
    /// The UPN of generated Contoso user `n`: `user0001@contoso.onmicrosoft.com`.
    pub fn generated_upn(n: u32) -> String {
        format!("user{n:04}@contoso.onmicrosoft.com")
    }

    /// Office 365 E3 (`ENTERPRISEPACK`), group1: 2000 units at Contoso.
    pub const SKU_O365_E3: &str = "6fd2c87f-b296-42f0-b197-1e91e994b900";
    /// Microsoft 365 E3 (`SPE_E3`), group1: 1500 units at Contoso.
    pub const SKU_M365_E3: &str = "05e9a617-0261-4cee-bb44-138d3ef5d965";
    /// Microsoft 365 Business Premium (`SPB`), group1: exactly 1 unit left at Contoso.
    pub const SKU_BUSINESS_PREMIUM: &str = "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46";
    /// Enterprise Mobility + Security E3 (`EMS`), group1: 1200 units at Contoso.
    pub const SKU_EMS_E3: &str = "efccb6f7-5641-4e0e-bd10-b4976e1bf68e";
    /// Power BI Pro (`POWER_BI_PRO`), group1: 1100 units at Contoso (the assign example's SKU).
    pub const SKU_POWER_BI_PRO: &str = "f8a1db68-be16-40ed-86d5-cb42ce701560";
    /// Exchange Online (Plan 1) (`EXCHANGESTANDARD`), group1: 0 units left at Contoso.
    pub const SKU_EXCHANGE_P1: &str = "4b9405b0-7788-4568-add1-99614e613b69";
    /// Microsoft 365 Business Basic (`O365_BUSINESS_ESSENTIALS`), group1: 10 units left at Contoso.
    pub const SKU_BUSINESS_BASIC: &str = "3b555118-da6a-4418-894f-7df1e2096870";
    /// Minecraft Education Student (`MEE_STUDENT`), group2: 29 units left at Contoso.
    pub const SKU_MINECRAFT_STUDENT: &str = "533b8f26-f74b-4e9c-9c59-50fc4b393b63";
    /// Minecraft Education Faculty (`MEE_FACULTY`), group2: 5 units left at Contoso.
    pub const SKU_MINECRAFT_FACULTY: &str = "984df360-9a74-4647-8cf8-696749f6247a";
}
