/** `store:` — where deploy history, locks and the audit chain live: `sqlite:PATH` or a PostgreSQL URL. */
import { z } from "zod";
import { findLiteralAddress } from "./address.js";
import { fieldMeta, report } from "./meta.js";

export type StoreConfig = { readonly kind: "sqlite"; readonly path: string } | { readonly kind: "postgres"; readonly url: string };

/** The store as written in runwarden.yml (`sqlite:PATH` or the PostgreSQL URL, which never holds a password). */
export function storeText(store: StoreConfig): string {
  return store.kind === "sqlite" ? `sqlite:${store.path}` : store.url;
}

const EXPECTED = "sqlite:PATH (relative to this file) or postgres://USER@HOST/DATABASE";

export const storeSchema = z
  .string()
  .transform((value, ctx): StoreConfig => {
    if (value.startsWith("sqlite:")) {
      const path = value.slice("sqlite:".length);
      if (path !== "" && !path.includes("\0")) return { kind: "sqlite", path };
      report(ctx, "sqlite: needs a file path", { expected: EXPECTED, hint: "e.g. sqlite:.runwarden/state.db" });
      return z.NEVER;
    }
    if (!/^postgres(ql)?:\/\//.test(value)) {
      report(ctx, "unknown store", { expected: EXPECTED, hint: "start the value with sqlite: or postgres://" });
      return z.NEVER;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      report(ctx, "not a valid PostgreSQL URL", { expected: EXPECTED });
      return z.NEVER;
    }
    if (url.password !== "") {
      report(ctx, "the PostgreSQL URL contains a password", {
        expected: EXPECTED,
        hint: "remove it from runwarden.yml; give it through PGPASSWORD or a .pgpass file",
      });
      return z.NEVER;
    }
    const literal = findLiteralAddress(url.hostname.replace(/^\[|\]$/g, ""));
    if (literal !== undefined) {
      report(ctx, `literal IP address '${literal.address}': addresses come from the inventory`, {
        expected: EXPECTED,
        hint: "use the database's DNS name, or PGHOST",
      });
      return z.NEVER;
    }
    return { kind: "postgres", url: value };
  })
  .register(fieldMeta, { type: "store URL", expected: EXPECTED, sensitive: true });
