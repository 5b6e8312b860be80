import { once } from "node:events";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
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

function readFileSecret(io: Io, file: string): string {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err: unknown) {
    const reason = err instanceof Error && "code" in err ? String(err.code) : "unreadable";
    throw new InputError("RW_SECRET_FILE", `--secret-file ${file}: cannot read the file (${reason})`, [{ location: { file: path }, message: "cannot read the secret file" }], { cause: err });
  }
  const value = text.replace(/\r?\n$/, "");
  if (value.trim() === "") throw new InputError("RW_SECRET_FILE", `--secret-file ${file}: the file is empty`);
  return value;
}

/** `runwarden mask`: stdin → masker → stdout, streamed. */
export async function mask(options: MaskOptions, io: Io): Promise<ExitCode> {
  // Read and check everything first: a bad flag must not let a single unmasked byte through.
  const secrets = [
    ...(options.env ?? []).map((name) => ({ value: readEnvSecret(io, name), source: `environment variable ${name}` })),
    ...(options.secretFile ?? []).map((file) => ({ value: readFileSecret(io, file), source: `secret file ${file}` })),
  ];
  for (const secret of secrets) {
    io.masker.addSecret(secret.value, secret.source, options.minLength === undefined ? {} : { minLength: options.minLength });
  }
  const out = io.stdout.stream;
  for await (const chunk of io.stdin) {
    if (!out.write(chunk)) await once(out, "drain");
  }
  return EXIT.ok;
}
