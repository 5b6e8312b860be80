/** The code of a Node system error (`ENOENT`, `ECONNREFUSED`, `EPIPE` …): the one reading of it. */

/** The `code` of a Node system error, looking through `cause` (an error wrapping one keeps its code); undefined for anything else. */
export function errorCode(e: unknown): string | undefined {
  for (let current: unknown = e, depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if ("code" in current && typeof current.code === "string") return current.code;
    current = "cause" in current ? current.cause : undefined;
  }
  return undefined;
}
