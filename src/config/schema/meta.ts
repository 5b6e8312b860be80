/**
 * Field metadata that is not JSON Schema: the type name the reference docs show, how an error
 * describes a valid value, a hint computed from the value found, and whether the value may be a
 * secret (then error messages never echo it). Kept in its own registry so none of it leaks into
 * runwarden.schema.json.
 */
import { z } from "zod";

export interface FieldMeta {
  /** Type name in docs/config-reference.md, e.g. `duration`. */
  readonly type: string;
  /** What a valid value looks like, e.g. `a duration such as 10s, 500ms, 15m or 1h30m`. */
  readonly expected: string;
  /** Advice computed from the value found (undefined: none). */
  readonly hint?: (found: unknown) => string | undefined;
  /** The value found may be a secret: never echo it. */
  readonly sensitive?: boolean;
}

export const fieldMeta = z.registry<FieldMeta>();

/**
 * Extra data a refinement attaches to its issue (zod `params`), read by the loader:
 * `offset` is a 0-based index inside the string value where the problem sits.
 */
export interface IssueParams {
  readonly expected?: string;
  readonly hint?: string;
  readonly offset?: number;
}

/** What refinements report through: the `ctx` of `.superRefine` / `.transform`. */
export interface IssueSink {
  addIssue(issue: { code: "custom"; message: string; params?: Record<string, unknown>; path?: PropertyKey[]; input?: unknown }): void;
}

/** Reports one custom issue with runwarden's params. */
export function report(ctx: IssueSink, message: string, params: IssueParams = {}, path?: PropertyKey[]): void {
  ctx.addIssue({ code: "custom", message, params: { ...params }, ...(path === undefined ? {} : { path }) });
}

/** Reads runwarden's params back from a zod issue's `params` (anything else is ignored). */
export function readParams(params: unknown): IssueParams {
  if (typeof params !== "object" || params === null) return {};
  const record = params as Record<string, unknown>;
  return {
    ...(typeof record["expected"] === "string" ? { expected: record["expected"] } : {}),
    ...(typeof record["hint"] === "string" ? { hint: record["hint"] } : {}),
    ...(typeof record["offset"] === "number" ? { offset: record["offset"] } : {}),
  };
}
