/** `audit:` — where the audit chain's signed checkpoints go, how often, and the key that checks them. */
import { z } from "zod";
import { fieldMeta, report } from "./meta.js";
import { storeSchema, type StoreConfig } from "./store.js";

/** A checkpoint place: a file, or a second store. */
export type CheckpointTarget = { readonly kind: "file"; readonly path: string } | { readonly kind: "store"; readonly store: StoreConfig };

const EXPECTED = "a file path (relative to this file), sqlite:PATH or postgres://USER@HOST/DATABASE";

const checkpointTarget = z
  .string()
  .min(1)
  .transform((value, ctx): CheckpointTarget => {
    if (value.startsWith("sqlite:") || /^postgres(ql)?:\/\//.test(value)) {
      const parsed = storeSchema.safeParse(value);
      if (parsed.success) return { kind: "store", store: parsed.data };
      report(ctx, parsed.error.issues[0]?.message ?? "not a valid store", { expected: EXPECTED });
      return z.NEVER;
    }
    if (value.includes("\0")) {
      report(ctx, "not a valid path", { expected: EXPECTED });
      return z.NEVER;
    }
    return { kind: "file", path: value };
  })
  .register(fieldMeta, { type: "path or store URL", expected: EXPECTED });

const PUBLIC_KEY = /^(?:[A-Za-z0-9+/]{4}){10,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$|^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/;

export const auditSchema = z
  .strictObject({
    checkpoints: checkpointTarget
      .optional()
      .describe(
        "Where signed checkpoints go: a file (one JSON line each) or a second store (`sqlite:PATH`, `postgres://…`) — never the store that holds the chain. Needs `RUNWARDEN_AUDIT_SIGNING_KEY`.",
      ),
    checkpoint_every: z.int().min(1).max(1_000_000).default(1000).describe("A checkpoint every this many entries (and one at the end of each deploy)."),
    public_key: z
      .string()
      .regex(PUBLIC_KEY, { error: "not an Ed25519 public key" })
      .register(fieldMeta, { type: "public key", expected: "the base64 public key `runwarden audit keygen` printed, or a PEM" })
      .optional()
      .describe(
        "Ed25519 public key that checks checkpoint signatures (printed by `runwarden audit keygen`). Default: derived from `RUNWARDEN_AUDIT_SIGNING_KEY`.",
      ),
  })
  .describe("The tamper-evident audit trail (docs/audit.md).");

export type AuditConfig = z.output<typeof auditSchema>;
