/** The self-hosted runner's install folder: where it is, and what its files say. */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { errorCode } from "../model/system-errors.js";
import type { Env } from "./types.js";

/** `<root>/_work/<repo>` is `$RUNNER_WORKSPACE` with the default work folder: the root is two levels up. */
export function runnerRoot(env: Env): string | undefined {
  const explicit = env["RUNWARDEN_RUNNER_ROOT"];
  if (explicit !== undefined && explicit !== "") return explicit;
  const workspace = env["RUNNER_WORKSPACE"];
  return workspace === undefined || workspace === "" ? undefined : dirname(dirname(workspace));
}

/** A configured path: relative paths resolve from the folder of runwarden.yml. */
export function resolveFrom(baseDir: string | undefined, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir ?? process.cwd(), path);
}

/** A file's text without a BOM, or undefined when it does not exist. */
export async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, "utf8")).replace(/^\uFEFF/, "");
  } catch (e: unknown) {
    if (errorCode(e) === "ENOENT") return undefined;
    throw e;
  }
}

/** The unit named in the runner folder's `.service` file (written by `svc.sh install`), or undefined. */
export async function runnerServiceUnit(root: string): Promise<string | undefined> {
  const unit = (await readText(join(root, ".service")))?.trim();
  return unit === undefined || unit === "" ? undefined : unit;
}
