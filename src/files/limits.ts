/**
 * Named limits on what runwarden reads and expands, each with a default and the environment
 * variable that raises it (docs/limits.md lists them all and says why each exists). A limit is
 * read from the environment the command was given (`Io.env`), never from a global.
 */
import { InputError } from "../model/errors.js";
import { formatBytes } from "./read.js";

export interface LimitSpec {
  /** The environment variable that sets it, e.g. RUNWARDEN_CONFIG_MAX_FILE_BYTES. */
  readonly env: string;
  readonly defaultValue: number;
  /** What it bounds, for messages: "config file size". */
  readonly what: string;
  /** A size in bytes (accepts K/M/G suffixes, shown as KiB/MiB) or a plain count. */
  readonly unit: "bytes" | "count";
}

export const CONFIG_FILE_BYTES: LimitSpec = { env: "RUNWARDEN_CONFIG_MAX_FILE_BYTES", defaultValue: 8 * 1024 * 1024, what: "config file size", unit: "bytes" };
export const SECRET_FILE_BYTES: LimitSpec = { env: "RUNWARDEN_MASK_MAX_SECRET_FILE_BYTES", defaultValue: 1024 * 1024, what: "secret file size", unit: "bytes" };
export const MASK_FORM_BYTES: LimitSpec = {
  env: "RUNWARDEN_MASK_MAX_FORM_BYTES",
  defaultValue: 2 * 1024 * 1024,
  what: "bytes of secret forms the masker holds",
  unit: "bytes",
};

const SIZE = /^([0-9]{1,15})\s*([kmg]i?b?)?$/i;
const FACTOR: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** The limit's value in `env`, or its default. A value that is not a positive whole number (with
 * an optional K/M/G suffix for sizes) is bad input: exit 2, naming the variable. */
export function limitValue(spec: LimitSpec, env: Readonly<Record<string, string | undefined>>): number {
  const raw = env[spec.env];
  if (raw === undefined || raw.trim() === "") return spec.defaultValue;
  const m = SIZE.exec(raw.trim());
  const suffix = m?.[2]?.[0]?.toLowerCase();
  const value = m === null ? Number.NaN : Number(m[1]) * (suffix === undefined ? 1 : (FACTOR[suffix] ?? Number.NaN));
  if (!Number.isSafeInteger(value) || value < 1 || (suffix !== undefined && spec.unit !== "bytes")) {
    throw new InputError("RW_LIMIT_INVALID", `${spec.env}=${raw.slice(0, 40)}: not a valid ${spec.what} limit`, [], {
      hint: `give a whole number ≥ 1${spec.unit === "bytes" ? " of bytes (K, M and G suffixes allowed, e.g. 16M)" : ""}, or unset it for the default (${describeLimit(spec, spec.defaultValue)})`,
    });
  }
  return value;
}

/** `8 MiB`, `10000`. */
export function describeLimit(spec: LimitSpec, value: number): string {
  return spec.unit === "bytes" ? formatBytes(value) : String(value);
}

/** How to raise it, for messages: `RUNWARDEN_CONFIG_MAX_FILE_BYTES=16M`. */
export function raiseHint(spec: LimitSpec, value: number): string {
  return spec.unit === "bytes" ? `${spec.env}=${Math.max(1, Math.ceil((value * 2) / (1024 * 1024)))}M` : `${spec.env}=${value * 2}`;
}
