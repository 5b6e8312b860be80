/** `file`: a path exists (or must not: a maintenance flag), and is writable by this user. */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import type { PreflightCheckOf } from "../config/schema.js";
import type { KindDefinition } from "./context.js";
import { errorCode } from "../model/system-errors.js";
import { errorText } from "./format.js";
import { DEFAULT_CHECK_TIMEOUT_MS, type Outcome, type Probe } from "./types.js";

export interface FileProbeOptions {
  /** Absolute path. */
  readonly path: string;
  /** Must exist (default true); `false`: must not exist. */
  readonly exists?: boolean;
  /** Must be writable (when it exists) or creatable (when it may be absent). */
  readonly writable?: boolean;
  readonly timeoutMs: number;
}

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function fileProbe(options: FileProbeOptions): Probe {
  const mustExist = options.exists ?? true;
  return {
    timeoutMs: options.timeoutMs,
    async body(): Promise<Outcome> {
      let kind: string | undefined;
      try {
        const info = await stat(options.path);
        kind = info.isDirectory() ? "directory" : info.isFile() ? "file" : "special file";
      } catch (e: unknown) {
        const code = errorCode(e);
        if (code !== "ENOENT" && code !== "ENOTDIR") return { status: "error", summary: `cannot stat ${options.path}: ${errorText(e)}` };
      }
      if (kind === undefined) {
        if (mustExist) return { status: "fail", summary: `${options.path} does not exist` };
        if (options.writable === true && !(await writable(dirname(options.path)))) {
          return { status: "fail", summary: `${options.path} is absent and its folder is not writable` };
        }
        return { status: "pass", summary: `${options.path} is absent, as required` };
      }
      if (!mustExist) return { status: "fail", summary: `${options.path} exists (${kind}); it must not` };
      if (options.writable === true && !(await writable(options.path))) return { status: "fail", summary: `${options.path} (${kind}) is not writable` };
      return { status: "pass", summary: `${options.path} exists (${kind})${options.writable === true ? ", writable" : ""}` };
    },
  };
}

type FileSpec = Omit<PreflightCheckOf<"file">, "name" | "warn_only">;

export const fileKind: KindDefinition<FileSpec> = {
  kind: "file",
  description: "A file exists (or must not exist), and is writable.",
  label: (spec) => `file ${spec.path}`,
  perHost: () => false,
  probe: (spec, target) =>
    fileProbe({
      path: isAbsolute(spec.path) ? spec.path : resolve(target.context.baseDir ?? process.cwd(), spec.path),
      exists: spec.exists,
      writable: spec.writable,
      timeoutMs: target.context.timeouts?.checkMs ?? DEFAULT_CHECK_TIMEOUT_MS,
    }),
};
