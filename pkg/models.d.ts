// The models' TypeScript types, generated from the `model!` declarations in src/model/ by
// `cargo test` (src/model/ts.rs). Do not edit: change the Rust model, then run
// `UPDATE_TYPES=1 cargo test -p partner-center-licenses d_ts_is`.

/** `attributes` of every resource. */
export interface Attributes {
  /** `Collection`, `License`, `SubscribedSku`, `LicenseUpdate`... */
  objectType?: string;
}

/** `Collection<T>`: `totalCount` and `items`. */
export interface Collection<T> {
  /** How many items there are. */
  totalCount: number;
  /** The items. */
  items: Array<T>;
  /** `links.next` on a page that has more (seek paging), `links.self`. */
  links?: Links;
  /** `{ "objectType": "Collection" }`. */
  attributes?: Attributes;
}

/** A user account of a customer (`GET /v1/customers/{id}/users[/{userId}]`). */
export interface CustomerUser {
  /** The user's object id. */
  id: string;
  /** e.g. `ada@contoso.onmicrosoft.com`. */
  userPrincipalName: string;
  /** Given name. */
  firstName?: string;
  /** Family name. */
  lastName?: string;
  /** e.g. `Ada Lovelace`. */
  displayName: string;
  /**
   * ISO 3166 country code, e.g. `US`; absent when never set (such a user cannot be
   * assigned a license).
   */
  usageLocation?: string;
  /** e.g. `none`. */
  userDomainType?: string;
  /** `active`, or `inactive` for a deleted user. */
  state?: string;
  /** When a deleted user was deleted (ISO 8601). */
  softDeletionTime?: string;
  /** When the user was last synchronised from an on-premises directory (ISO 8601). */
  lastDirectorySyncTime?: string;
  /** `links.self`. */
  links?: Links;
  /** `{ "objectType": "CustomerUser" }`. */
  attributes?: Attributes;
}

/** A license assigned to a user. */
export interface License {
  /** The plans of the SKU the user holds (excluded plans are absent). */
  servicePlans: Array<ServicePlan>;
  /** The product. */
  productSku: ProductSku;
  /** `{ "objectType": "License" }`. */
  attributes?: Attributes;
}

/** One license to assign: a SKU and the service plans to leave out. */
export interface LicenseAssignment {
  /** The SKU. */
  skuId: string;
  /** Service plans to exclude; `null` or absent means none. */
  excludedPlans?: Array<string> | null;
}

/** The body of `POST .../licenseupdates`, and the service's echo of it. */
export interface LicenseUpdate {
  /** Licenses to assign (or whose excluded plans to change). */
  licensesToAssign?: Array<LicenseAssignment> | null;
  /** SKU ids to remove. */
  licensesToRemove?: Array<string> | null;
  /** Filled by the service. */
  licenseWarnings?: Array<LicenseWarning> | null;
  /** `{ "objectType": "LicenseUpdate" }`. */
  attributes?: Attributes;
}

/** A warning the service attaches to an update. */
export interface LicenseWarning {
  /** Warning code. */
  code: string;
  /** Human text. */
  message: string;
  /** Names of the plans concerned. */
  servicePlans: Array<string>;
}

/**
 * A link: a GET of `uri` (with or without the `/v1` prefix, relative to the base URL)
 * with every header of `headers` copied onto the request.
 */
export interface Link {
  /** e.g. `/customers/{id}/users?size=100&seekOperation=Next`. */
  uri: string;
  /** e.g. `GET`. */
  method?: string;
  /** e.g. `[{ "key": "MS-ContinuationToken", "value": "..." }]`. */
  headers: Array<LinkHeader>;
}

/** A header a link asks for. */
export interface LinkHeader {
  /** The header name, e.g. `MS-ContinuationToken`. */
  key: string;
  /** Its value (opaque). */
  value: string;
}

/** `links` of a resource or a page: `self`, and `next` on a page that has more. */
export interface Links {
  /** This resource or page (JSON `self`). */
  self?: Link;
  /** The next page (seek paging); absent on the last page. */
  next?: Link;
}

/** A product SKU. */
export interface ProductSku {
  /** The SKU id. */
  id: string;
  /** Display name, e.g. `Office 365 E3`. */
  name: string;
  /** Part number, e.g. `ENTERPRISEPACK`. */
  skuPartNumber: string;
  /** e.g. `User`. */
  targetType?: string;
  /** `group1` / `group2` as the service writes it (read case-insensitively). */
  licenseGroupId: string;
}

/** A service plan of a SKU. */
export interface ServicePlan {
  /** e.g. `Exchange Online (Plan 2)`. */
  displayName: string;
  /** e.g. `EXCHANGE_S_ENTERPRISE`. */
  serviceName: string;
  /** The plan id. */
  id: string;
  /** `Enabled`, `Suspended`, `Deleted`, `Warning`, `Assigned`... */
  capabilityStatus?: string;
  /** e.g. `User`. */
  targetType?: string;
}

/** A SKU the customer subscribes to, with its units. */
export interface SubscribedSku {
  /** Units that can still be assigned (`totalUnits - consumedUnits`). */
  availableUnits: number;
  /** Active units. */
  activeUnits: number;
  /** Units assigned to users. */
  consumedUnits: number;
  /** Suspended units. */
  suspendedUnits: number;
  /** `activeUnits + warningUnits`. */
  totalUnits: number;
  /** Units in the warning state. */
  warningUnits: number;
  /** The product. */
  productSku: ProductSku;
  /** All the SKU's service plans. */
  servicePlans: Array<ServicePlan>;
  /** e.g. `Enabled`. */
  capabilityStatus?: string;
  /** `{ "objectType": "SubscribedSku" }`. */
  attributes?: Attributes;
}
