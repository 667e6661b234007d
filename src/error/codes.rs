//! Partner Center error codes: the documented ones, and the ones the emulator
//! chose for cases the public documentation leaves open (marked *emulator choice*).

/// 400: the customer has run out of licenses for the SKU.
pub const OUT_OF_LICENSES: u32 = 60012;
/// 400: an app-only (partner) token was used; these calls need App+User.
pub const PARTNER_TOKEN_NOT_ALLOWED: u32 = 900316;
/// 403: blocked by Conditional Access policies.
pub const CONDITIONAL_ACCESS_BLOCKED: u32 = 900309;
/// 404: the user object id was not found.
pub const USER_NOT_FOUND: u32 = 60002;
/// 404: the tenant (customer) was not found.
pub const CUSTOMER_NOT_FOUND: u32 = 60003;
/// 400 (*emulator choice*): one request names SKUs of more than one license group.
pub const MIXED_LICENSE_GROUPS: u32 = 60050;
/// 400 (*emulator choice*): the customer has no subscription to the SKU.
pub const SKU_NOT_SUBSCRIBED: u32 = 60051;
/// 400 (*emulator choice*): an excluded plan is not one of the SKU's service plans.
pub const PLAN_NOT_IN_SKU: u32 = 60052;
/// 400 (*emulator choice*): the update is empty, names a SKU twice, or removes a
/// license the user does not hold.
pub const INVALID_LICENSE_UPDATE: u32 = 60053;
/// 400 (*emulator choice*): a malformed id, query or JSON body.
pub const MALFORMED_REQUEST: u32 = 60054;
/// 400 (*emulator choice*; the message is the reported one, the code is not documented):
/// a license assigned to a user without a usage location.
pub const INVALID_USAGE_LOCATION: u32 = 60055;
/// 400 (*emulator choice*): a continuation token that is not valid for this listing.
pub const CONTINUATION_TOKEN_INVALID: u32 = 60056;
/// 400 (*emulator choice*): an expired continuation token.
pub const CONTINUATION_TOKEN_EXPIRED: u32 = 60057;
