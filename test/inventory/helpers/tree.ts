/** Writes a small inventory tree into a fresh temporary folder (inline fixtures for unit tests). */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export function tree(files: Readonly<Record<string, string>>, executable: readonly string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), "rw-inventory-"));
  for (const [path, text] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    if (executable.includes(path)) chmodSync(full, 0o755);
  }
  return root;
}
