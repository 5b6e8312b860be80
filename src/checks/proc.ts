/** Reading the Linux `/proc` files the local probes look at (`meminfo`, `loadavg`). */
import { readFile } from "node:fs/promises";
import { errorText } from "./format.js";
import type { Outcome } from "./types.js";

/** The file's text, or the `error` outcome to report when it cannot be read (not Linux, no /proc). */
export async function readProcFile(path: string): Promise<{ readonly text: string } | { readonly outcome: Outcome }> {
  try {
    return { text: await readFile(path, "utf8") };
  } catch (e: unknown) {
    return { outcome: { status: "error", summary: `cannot read ${path} (Linux only): ${errorText(e)}` } };
  }
}
