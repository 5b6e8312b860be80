/**
 * The audit keys, all from the environment or the config (never from runwarden.yml for secrets):
 *
 * - `RUNWARDEN_AUDIT_KEY`: HMAC-SHA-256 key for entry hashes (≥ 32 characters; its UTF-8 bytes).
 * - `RUNWARDEN_AUDIT_SIGNING_KEY`: Ed25519 private key that signs checkpoints (PKCS#8, PEM or
 *   one-line base64 of the DER, as `runwarden audit keygen` writes it).
 * - `audit.public_key` in runwarden.yml (or `RUNWARDEN_AUDIT_PUBLIC_KEY`): the Ed25519 public key
 *   that verifies checkpoints (SPKI, PEM or base64 DER); derived from the signing key when absent.
 *
 * Secret values are registered with the masker as soon as they are read.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, hash as oneShotHash, createHash, type KeyObject } from "node:crypto";
import type { Masker } from "../mask/index.js";
import { InputError } from "../model/errors.js";
import type { ErrorCode } from "../model/error-codes.js";
import type { Env } from "../output/io.js";

export const AUDIT_KEY_ENV = "RUNWARDEN_AUDIT_KEY";
export const SIGNING_KEY_ENV = "RUNWARDEN_AUDIT_SIGNING_KEY";
export const PUBLIC_KEY_ENV = "RUNWARDEN_AUDIT_PUBLIC_KEY";
export const MIN_HMAC_KEY_LENGTH = 32;

export interface AuditKeys {
  /** HMAC key for entry hashes; undefined: plain SHA-256. */
  readonly hmacKey: Buffer | undefined;
  /** Signs checkpoints; undefined: no checkpoints are written. */
  readonly signingKey: KeyObject | undefined;
  /** Verifies checkpoints; undefined: checkpoints cannot be checked. */
  readonly publicKey: KeyObject | undefined;
}

function keyError(code: ErrorCode, message: string, hint: string): InputError {
  return new InputError(code, message, [], { hint });
}

function parseKey(text: string, kind: "private" | "public", source: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith("-----BEGIN")) {
      key = kind === "private" ? createPrivateKey({ key: trimmed, format: "pem" }) : createPublicKey({ key: trimmed, format: "pem" });
    } else {
      const der = Buffer.from(trimmed, "base64");
      key = kind === "private" ? createPrivateKey({ key: der, format: "der", type: "pkcs8" }) : createPublicKey({ key: der, format: "der", type: "spki" });
    }
  } catch {
    // The parser's message may quote the value: never pass it on.
    throw keyError(
      "RW_AUDIT_KEY_INVALID",
      `${source} is not an Ed25519 ${kind} key`,
      kind === "private"
        ? "give the file `runwarden audit keygen` wrote (base64 PKCS#8), or a PEM from `openssl genpkey -algorithm ed25519`"
        : "give the public key `runwarden audit keygen` printed (base64 SPKI), or a PEM",
    );
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw keyError(
      "RW_AUDIT_KEY_INVALID",
      `${source} is a ${key.asymmetricKeyType ?? "unknown"} key, not Ed25519`,
      "generate one with `runwarden audit keygen`",
    );
  }
  return key;
}

/** Base64 of the SPKI DER: the one-line public key form. */
export function publicKeyText(key: KeyObject): string {
  return key.export({ format: "der", type: "spki" }).toString("base64");
}

/** A short, stable name of a public key: the first 16 hex digits of SHA-256 over its SPKI DER. */
export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ format: "der", type: "spki" });
  const hex = typeof oneShotHash === "function" ? oneShotHash("sha256", der, "hex") : createHash("sha256").update(der).digest("hex");
  return hex.slice(0, 16);
}

/** Reads the audit keys, registering every secret with the masker. `configPublicKey`: `audit.public_key`. */
export function readAuditKeys(env: Env, masker: Masker, configPublicKey?: string): AuditKeys {
  const hmacText = env[AUDIT_KEY_ENV];
  let hmacKey: Buffer | undefined;
  if (hmacText !== undefined && hmacText !== "") {
    if (hmacText.length < MIN_HMAC_KEY_LENGTH) {
      throw keyError(
        "RW_AUDIT_KEY_INVALID",
        `${AUDIT_KEY_ENV} is ${hmacText.length} characters long; the minimum is ${MIN_HMAC_KEY_LENGTH}`,
        "use a random key, e.g. the output of `openssl rand -hex 32`",
      );
    }
    masker.addSecret(hmacText, `environment variable ${AUDIT_KEY_ENV}`);
    hmacKey = Buffer.from(hmacText, "utf8");
  }
  const signingText = env[SIGNING_KEY_ENV];
  let signingKey: KeyObject | undefined;
  if (signingText !== undefined && signingText.trim() !== "") {
    masker.addSecret(signingText.trim(), `environment variable ${SIGNING_KEY_ENV}`);
    signingKey = parseKey(signingText, "private", `environment variable ${SIGNING_KEY_ENV}`);
  }
  const publicText = configPublicKey ?? env[PUBLIC_KEY_ENV];
  const publicSource = configPublicKey !== undefined ? "audit.public_key" : `environment variable ${PUBLIC_KEY_ENV}`;
  let publicKey = publicText !== undefined && publicText.trim() !== "" ? parseKey(publicText, "public", publicSource) : undefined;
  if (signingKey !== undefined) {
    const derived = createPublicKey(signingKey);
    if (publicKey === undefined) publicKey = derived;
    else if (keyId(publicKey) !== keyId(derived)) {
      throw keyError(
        "RW_AUDIT_KEY_MISMATCH",
        `${SIGNING_KEY_ENV} does not belong to the public key in ${publicSource} (key ${keyId(publicKey)})`,
        "set the public key `runwarden audit keygen` printed for this private key",
      );
    }
  }
  return { hmacKey, signingKey, publicKey };
}

export interface GeneratedKeyPair {
  /** Base64 PKCS#8 DER: the value of RUNWARDEN_AUDIT_SIGNING_KEY. */
  readonly privateKey: string;
  /** Base64 SPKI DER: the value of `audit.public_key`. */
  readonly publicKey: string;
  readonly keyId: string;
}

export function generateAuditKeyPair(): GeneratedKeyPair {
  const pair = generateKeyPairSync("ed25519");
  return {
    privateKey: pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    publicKey: publicKeyText(pair.publicKey),
    keyId: keyId(pair.publicKey),
  };
}
