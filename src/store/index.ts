/** The store: deploy history and environment locks on SQLite or PostgreSQL (docs/store.md). */
export * from "./types.js";
export { openStore, storeOn, type OpenOptions } from "./open.js";
export { StoreError, StoreTooNewError } from "./errors.js";
export { STORE_MIGRATIONS } from "./migrations.js";
export { githubLock, lockRefName, type GithubLockOptions } from "./lock-github.js";
