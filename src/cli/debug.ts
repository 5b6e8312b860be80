import type { Env } from "../output/io.js";

/** `RUNWARDEN_DEBUG` set to anything but empty or `0`: stack traces, one line per GitHub request. */
export function debugging(env: Env): boolean {
  const flag = env.RUNWARDEN_DEBUG;
  return flag !== undefined && flag !== "" && flag !== "0";
}
