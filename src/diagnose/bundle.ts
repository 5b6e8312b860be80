/**
 * The incident bundle (`diagnose --bundle out.tar.gz`): everything collected as files — the report
 * as JSON and the raw excerpts — in a gzipped tar (headers by `tar` 7), with `manifest.json` holding
 * each file's SHA-256. Every file's text goes through the Io's masker before it is hashed and
 * archived, and the archive is written through the Io; nothing from the process environment is put in.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { Header } from "tar";
import type { Io } from "../output/io.js";

export interface BundleFile {
  /** Path inside the archive, under `runwarden-diagnose/`. */
  readonly path: string;
  readonly text: string;
}

export interface BundleManifest {
  readonly created_at: string;
  readonly files: readonly { readonly path: string; readonly bytes: number; readonly sha256: string }[];
}

const ROOT = "runwarden-diagnose";
const BLOCK = 512;

function entry(path: string, body: Buffer, mtime: Date): Buffer[] {
  const header = new Header({ path: `${ROOT}/${path}`, mode: 0o644, size: body.length, mtime, type: "File", uid: 0, gid: 0, uname: "", gname: "" });
  const block = Buffer.alloc(BLOCK);
  header.encode(block, 0);
  const padding = Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK);
  return [block, body, padding];
}

/** The archive's bytes, each file masked with `mask`; the manifest lists what was archived. */
export function buildBundle(files: readonly BundleFile[], mask: (text: string) => string, at: Date): { bytes: Uint8Array; manifest: BundleManifest } {
  const masked = files.map((file) => ({ path: file.path, body: Buffer.from(mask(file.text), "utf8") }));
  const manifest: BundleManifest = {
    created_at: at.toISOString(),
    files: masked.map((file) => ({ path: file.path, bytes: file.body.length, sha256: createHash("sha256").update(file.body).digest("hex") })),
  };
  const manifestBody = Buffer.from(mask(`${JSON.stringify(manifest, null, 2)}\n`), "utf8");
  const parts = [...masked.flatMap((file) => entry(file.path, file.body, at)), ...entry("manifest.json", manifestBody, at), Buffer.alloc(BLOCK * 2)];
  return { bytes: gzipSync(Buffer.concat(parts)), manifest };
}

/** Writes the bundle through the Io (its masker masks every file); returns the manifest. */
export function writeBundle(io: Io, path: string, files: readonly BundleFile[]): BundleManifest {
  let manifest: BundleManifest | undefined;
  io.files.writeBuilt(path, (mask) => {
    const built = buildBundle(files, mask, new Date(io.now()));
    manifest = built.manifest;
    return built.bytes;
  });
  if (manifest === undefined) throw new Error("the bundle was not built");
  return manifest;
}
