// The models' TypeScript types, generated from the `model!` declarations in src/model/ by
// `cargo test` (src/model/ts.rs). Do not edit: change the Rust model, then run
// `UPDATE_TYPES=1 cargo test -p partner-center-licenses models_d_ts`.

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
  /** `{ "objectType": "Collection" }`. */
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
