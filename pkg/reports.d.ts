// The bulk results' TypeScript types (inventory, reconcile report), generated from their
// serde structs in src/inventory/ and src/plan/ by `cargo test` (src/model/ts.rs). Do not
// edit: change the Rust type, then run `UPDATE_TYPES=1 cargo test -p partner-center-licenses d_ts_is`.
import type { PartnerCenterError } from './index.js';

/** The inventory of one customer. */
export interface Inventory {
  /** The customer. */
  customerId: string;
  /**
   * The SKUs (all subscribed ones of the license groups read, or the selected ones), by
   * part number then id.
   */
  skus: Array<InventorySku>;
  /** Users read who hold none of those SKUs. */
  unlicensedUsers: Array<InventoryUser>;
  /** SKUs whose holders counted differ from `consumedUnits`. */
  mismatches: Array<InventoryMismatch>;
  /** Users whose licenses could not be read. */
  failed: Array<InventoryFailure>;
}

/**
 * A user whose licenses could not be read, with the shell's error (a number in wasm, a
 * `PartnerCenterError` in JavaScript).
 */
export interface InventoryFailure {
  /** The user's object id. */
  userId: string;
  /** The user's principal name. */
  userPrincipalName: string;
  /** Why (after the client's retries). */
  error: PartnerCenterError;
}

/** A user holding a SKU. */
export interface InventoryHolder {
  /** The user's object id. */
  userId: string;
  /** The user's principal name. */
  userPrincipalName: string;
  /**
   * The SKU's plans this user does not get (sorted; empty when the SKU is no longer
   * subscribed: its plans are then unknown).
   */
  excludedPlans: Array<string>;
}

/**
 * A SKU whose holders counted differ from the service's `consumedUnits` (users changed
 * meanwhile, a user could not be read, or the service counts units the users do not show).
 */
export interface InventoryMismatch {
  /** The SKU. */
  skuId: string;
  /** Its part number. */
  skuPartNumber: string;
  /** What the service says is assigned. */
  consumedUnits: number;
  /** The holders counted. */
  holders: number;
}

/** One SKU: its units and who holds it. */
export interface InventorySku {
  /** The SKU. */
  skuId: string;
  /** e.g. `ENTERPRISEPACK`. */
  skuPartNumber: string;
  /** e.g. `Office 365 E3`. */
  name: string;
  /** Its license group, as the service writes it in responses. */
  licenseGroupId: 'group1' | 'group2';
  /** Units bought (`0` for a SKU held but no longer subscribed). */
  totalUnits: number;
  /** Units assigned, as the service counts them. */
  consumedUnits: number;
  /** Units left. */
  availableUnits: number;
  /** Its holders, by principal name then id. */
  holders: Array<InventoryHolder>;
}

/** A user, as the inventory names it. */
export interface InventoryUser {
  /** The user's object id. */
  userId: string;
  /** e.g. `ada@contoso.onmicrosoft.com`. */
  userPrincipalName: string;
}

/** What happened to one user. */
export type ReconcileOutcome = "unchanged" | "planned" | "updated" | "failed" | "invalid";

/** Something that stops the plan from being applied, found before anything is sent. */
export type ReconcileProblem =
  | {
      "kind": "skuNotSubscribed";
      /** The user. */
      user: string;
      /** The SKU id or part number, as written (or as held). */
      sku: string;
    }
  | {
      "kind": "planNotInSku";
      /** The user. */
      user: string;
      /** The SKU. */
      sku: string;
      /** The plan id or service name, as written. */
      plan: string;
    }
  | {
      "kind": "notEnoughUnits";
      /** The SKU. */
      sku: string;
      /** New assignments of the SKU. */
      needed: number;
      /** Units of the SKU released by `Free` updates, before any assignment. */
      freed: number;
      /** The SKU's `availableUnits` before the run. */
      available: number;
    };

/** The report of a run. */
export interface ReconcileReport {
  /** Whether this was a dry run. */
  dryRun: boolean;
  /** Whether updates were sent (not a dry run, and no problem). */
  applied: boolean;
  /** One line per desired user, sorted. */
  users: Array<UserReconcileReport>;
  /** Counts. */
  totals: ReconcileTotals;
  /** Per SKU the plan touches. */
  units: Array<SkuUnitsReport>;
  /** Problems found before sending; when there is one, nothing was sent. */
  problems: Array<ReconcileProblem>;
  /** Wall time of the run, measured by the shell. */
  durationMs: number;
}

/** Counts over the users and requests. */
export interface ReconcileTotals {
  /** Users in the desired set. */
  users: number;
  /** Outcome `unchanged`. */
  unchanged: number;
  /** Outcome `planned`. */
  planned: number;
  /** Outcome `updated`. */
  updated: number;
  /** Outcome `failed`. */
  failed: number;
  /** Outcome `invalid`. */
  invalid: number;
  /** License updates in the plan. */
  updatesPlanned: number;
  /** License updates sent that succeeded. */
  updatesSucceeded: number;
  /** License updates sent that failed. */
  updatesFailed: number;
}

/** Units of one SKU: what the plan counted on, and what the run used and freed. */
export interface SkuUnitsReport {
  /** The SKU. */
  sku: string;
  /** Its part number, empty when unknown. */
  partNumber: string;
  /** `availableUnits` before the run. */
  available: number;
  /** New assignments planned. */
  needed: number;
  /** Removals planned. */
  toFree: number;
  /** Units taken by updates that succeeded. */
  used: number;
  /** Units given back by updates that succeeded. */
  freed: number;
}

/** One user's line of the report. */
export interface UserReconcileReport {
  /** The user. */
  user: string;
  /** What happened. */
  outcome: ReconcileOutcome;
  /** SKUs assigned anew (planned, or done when `updated`). */
  assigned: Array<string>;
  /** SKUs removed. */
  removed: Array<string>;
  /** SKUs kept with another set of excluded plans. */
  changed: Array<string>;
  /** The first error, when `failed`. */
  error?: PartnerCenterError;
}
