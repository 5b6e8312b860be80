/**
 * `runwarden audit keygen`: a new Ed25519 key pair for checkpoints. The private key goes to a new
 * file created with mode 0600 (never printed); the public key and its id are printed.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { generateAuditKeyPair } from "../../../audit/keys.js";
import { InputError, InternalError } from "../../../model/errors.js";
import type { ExitCode } from "../../../model/result.js";
import type { Io } from "../../../output/io.js";
import { emitReport } from "../../../output/report.js";
import { keygenReport } from "./render.js";
import { errorCode } from "../../../model/system-errors.js";

export interface KeygenOptions {
  readonly json: boolean;
  readonly out: string;
}

function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  let fd: number;
  try {
    // Created empty and private first, so the key is never readable by others, even for an instant.
    fd = openSync(path, "wx", 0o600);
  } catch (err: unknown) {
    const code = errorCode(err);
    if (code === "EEXIST") {
      throw new InputError("RW_AUDIT_KEY_EXISTS", `${path} already exists: not overwriting a key`, [{ location: { file: path }, message: "file exists" }], {
        hint: "choose another --out, or remove the old key once nothing signs with it",
      });
    }
    throw new InputError("RW_AUDIT_KEY_FILE", `cannot create ${path} (${code || "error"})`, [{ location: { file: path }, message: "cannot create" }]);
  }
  closeSync(fd);
}

export function auditKeygen(options: KeygenOptions, io: Io): ExitCode {
  const path = resolve(io.cwd, options.out);
  const pair = generateAuditKeyPair();
  createPrivateFile(path);
  io.files.write(path, `${pair.privateKey}\n`);
  if (readFileSync(path, "utf8").trim() !== pair.privateKey) {
    rmSync(path, { force: true });
    throw new InternalError("the private key did not survive the write unchanged; nothing was kept");
  }
  return emitReport(io, keygenReport({ private_key_file: path, public_key: pair.publicKey, key_id: pair.keyId }), { json: options.json });
}
