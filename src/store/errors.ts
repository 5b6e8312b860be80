/**
 * What can stop the store from running. Results (a lock not obtained, a fenced write) are data;
 * these are for "could not run" only. Exit 3 for each: the deploy did not happen and nobody can
 * tell from here whether it should have (docs/adr/0011-store-refuses-newer-schema.md).
 */
import { RunwardenError, type ErrorExitCode } from "../model/errors.js";

/** The database was migrated by a newer runwarden: this binary does not know its schema. */
export class StoreTooNewError extends RunwardenError {
  readonly code = "RW_STORE_TOO_NEW";
  readonly exitCode: ErrorExitCode = 3;
}

/** The store could not be opened, reached or queried (the cause is kept, never a password). */
export class StoreError extends RunwardenError {
  readonly code = "RW_STORE";
  readonly exitCode: ErrorExitCode = 3;
}
