/**
 * Injected faults, set through the control API: N× a 5xx, added latency, connection resets, the
 * primary rate limit exhausted (403 + reset header), a secondary limit (403/429 + retry-after).
 * Each fault applies to the next `times` matching API requests (all of them when `times` is omitted).
 */
import { z } from "zod";

const match = z
  .strictObject({
    method: z.enum(["GET", "POST"]).optional(),
    /** Substring of the request path (without the /api/v3 prefix), e.g. `/actions/runners`. */
    path: z.string().min(1).optional(),
  })
  .optional();

const times = z.int().min(1).max(1_000_000).optional();

export const faultSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("status"), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]), times, match }),
  z.strictObject({ kind: z.literal("latency"), ms: z.int().min(1).max(600_000), times, match }),
  z.strictObject({ kind: z.literal("reset"), times, match }),
  z.strictObject({ kind: z.literal("primary_rate_limit"), reset_in_s: z.int().min(0).max(3600).default(60), times, match }),
  z.strictObject({
    kind: z.literal("secondary_rate_limit"),
    status: z.union([z.literal(403), z.literal(429)]).default(403),
    retry_after_s: z.int().min(0).max(3600).optional(),
    times,
    match,
  }),
]);

export type FaultSpec = z.output<typeof faultSchema>;
export type FaultKind = FaultSpec["kind"];

export interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  /** Requests still to affect; undefined: until removed. */
  remaining: number | undefined;
  hits: number;
}

/** What to do to one request: wait first, then maybe answer with a fault instead of the real response. */
export interface FaultPlan {
  readonly delayMs: number;
  readonly terminal: ActiveFault | undefined;
}

export class FaultBook {
  readonly #faults: ActiveFault[] = [];
  #nextId = 1;

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { id: this.#nextId++, spec, remaining: spec.times, hits: 0 };
    this.#faults.push(fault);
    return fault;
  }

  remove(id: number): boolean {
    const index = this.#faults.findIndex((fault) => fault.id === id);
    if (index === -1) return false;
    this.#faults.splice(index, 1);
    return true;
  }

  clear(): void {
    this.#faults.length = 0;
  }

  list(): readonly ActiveFault[] {
    return this.#faults;
  }

  /** Consumes the faults that apply to this request. */
  plan(method: string, path: string): FaultPlan {
    let delayMs = 0;
    let terminal: ActiveFault | undefined;
    for (const fault of [...this.#faults]) {
      const m = fault.spec.match;
      if (m?.method !== undefined && m.method !== method) continue;
      if (m?.path !== undefined && !path.includes(m.path)) continue;
      if (fault.spec.kind !== "latency" && terminal !== undefined) continue;
      fault.hits += 1;
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.remove(fault.id);
      }
      if (fault.spec.kind === "latency") delayMs += fault.spec.ms;
      else terminal = fault;
    }
    return { delayMs, terminal };
  }
}
