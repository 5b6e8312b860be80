import { resolve } from "node:path";
import { limitValue, raiseHint, SECRET_FILE_BYTES } from "../../../files/limits.js";
import { FileReadError, readBoundedSync } from "../../../files/read.js";
import { InputError } from "../../../model/errors.js";
import { EXIT, type ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";

export interface MaskOptions {
  readonly env?: readonly string[];
  readonly secretFile?: readonly string[];
  readonly minLength?: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function readEnvSecret(io: Io, name: string): string {
  if (!ENV_NAME.test(name)) {
    throw new InputError("RW_USAGE_ENV_NAME", `--env ${name}: not an environment variable name`, [], {
      hint: "pass the variable's NAME (e.g. --env DEPLOY_KEY), never its value",
    });
  }
  const value = io.env[name];
  if (value === undefined || value === "") {
    throw new InputError("RW_SECRET_MISSING", `--env ${name}: the environment variable is ${value === undefined ? "not set" : "empty"}`, [], {
      hint: `export ${name} before running, or drop --env ${name}; runwarden will not run with a secret it was asked to mask but cannot read`,
    });
  }
  return value;
}

/** The file's bytes, without one final line break; they need not be UTF-8 (masked as bytes). */
function readFileSecret(io: Io, file: string): Uint8Array {
  const path = resolve(io.cwd, file);
  const maxBytes = limitValue(SECRET_FILE_BYTES, io.env);
  let bytes: Buffer;
  try {
    bytes = readBoundedSync(path, { maxBytes, raise: raiseHint(SECRET_FILE_BYTES, maxBytes) });
  } catch (err: unknown) {
    if (!(err instanceof FileReadError)) throw err;
    // The message names the path and the reason (and the limit); never the content.
    throw new InputError("RW_SECRET_FILE", `--secret-file ${err.message}`, [{ location: { file }, message: "cannot read the secret file" }], {
      ...(err.reason === "not-regular" ? { hint: "a secret file must be a regular file (not a FIFO, device or folder)" } : {}),
      cause: err,
    });
  }
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 10) end--;
  if (end > 0 && bytes[end - 1] === 13 && end < bytes.length) end--;
  const value = bytes.subarray(0, end);
  if (value.every((b) => b === 32 || (b >= 9 && b <= 13))) throw new InputError("RW_SECRET_FILE", `--secret-file ${file}: the file is empty`);
  return value;
}

/** `runwarden mask`: stdin → masker → stdout, streamed. */
export async function mask(options: MaskOptions, io: Io): Promise<ExitCode> {
  // Read and check everything first: a bad flag must not let a single unmasked byte through.
  // (The form budget, RUNWARDEN_MASK_MAX_FORM_BYTES, was applied where the masker was prepared: cli/secrets.ts.)
  const secrets = [
    ...(options.env ?? []).map((name): { value: string | Uint8Array; source: string } => ({
      value: readEnvSecret(io, name),
      source: `environment variable ${name}`,
    })),
    ...(options.secretFile ?? []).map((file) => ({ value: readFileSecret(io, file), source: `secret file ${file}` })),
  ];
  for (const secret of secrets) {
    io.masker.addSecret(secret.value, secret.source, options.minLength === undefined ? {} : { minLength: options.minLength });
  }
  await io.filterStdin();
  return EXIT.ok;
}
