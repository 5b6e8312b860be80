/**
 * External data is checked at the boundary: each response is parsed with a zod schema of only the
 * fields runwarden uses. A response that does not fit is "could not decide" (exit 3) with the field
 * that was wrong, so a proxy's HTML page or an API change is named instead of crashing later.
 */
import type { z } from "zod";
import { UnreachableError } from "../model/errors.js";

function pathText(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) text += typeof segment === "number" ? `[${segment}]` : text === "" ? String(segment) : `.${String(segment)}`;
  return text === "" ? "(the body)" : text;
}

export function parseResponse<S extends z.ZodType>(schema: S, data: unknown, endpoint: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3).map((issue) => `${pathText(issue.path)}: ${issue.message}`);
  throw new UnreachableError(`GitHub: ${endpoint} returned a response runwarden cannot read — ${issues.join("; ")}`, {
    hint: "check that GITHUB_API_URL points at a GitHub REST API (GHES: https://HOST/api/v3) and not at a proxy or login page",
  });
}
