/**
 * An event on its way into the chain: every string (values and keys) through the masker, lone
 * UTF-16 surrogates replaced (RFC 8785 refuses them), then the RFC 8785 canonical JSON text —
 * the exact bytes stored and hashed. Nothing unmasked ever reaches the store.
 */
import canonicalize from "canonicalize";
import type { Masker } from "../mask/index.js";
import { InternalError } from "../model/errors.js";
import type { AuditEvent } from "./events.js";

/** Largest canonical event accepted: keeps every entry, and so `verify`'s memory, bounded. */
export const MAX_EVENT_BYTES = 64 * 1024;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

function clean(value: unknown, masker: Masker, path: string): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "string") return masker.mask(wellFormed(value));
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new InternalError(`audit event field ${path} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => clean(item, masker, `${path}[${index}]`) ?? null);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) {
      const cleaned = clean(item, masker, `${path}.${key}`);
      if (cleaned !== undefined) out[masker.mask(wellFormed(key))] = cleaned;
    }
    return out;
  }
  throw new InternalError(`audit event field ${path} is a ${typeof value}, not JSON data`);
}

/** The masked event as plain JSON data (what `event` holds in a stored entry). */
export function maskEvent(event: AuditEvent, masker: Masker): { readonly [key: string]: unknown } {
  const cleaned = clean(event, masker, "event");
  if (cleaned === null || typeof cleaned !== "object" || Array.isArray(cleaned)) throw new InternalError("an audit event must be an object");
  return cleaned;
}

/** The canonical JSON text of the masked event. */
export function canonicalEvent(event: AuditEvent, masker: Masker): string {
  const text = canonicalize(maskEvent(event, masker));
  if (text === undefined) throw new InternalError("the audit event has no JSON form");
  if (Buffer.byteLength(text) > MAX_EVENT_BYTES) {
    throw new InternalError(`the audit event is ${Buffer.byteLength(text)} bytes; the limit is ${MAX_EVENT_BYTES}`, {
      hint: "record summaries (counts, names), not whole logs",
    });
  }
  return text;
}
