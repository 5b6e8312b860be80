/** docs/github.md lists every endpoint the GitHub layer uses, with the permission it needs. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINT_KEYS, ENDPOINTS, permissionText, type Endpoint } from "../../src/github/endpoints.js";
import { repoRoot } from "../helpers/cli.js";

const doc = readFileSync(join(repoRoot, "docs", "github.md"), "utf8");

describe("docs/github.md", () => {
  it.each(ENDPOINT_KEYS)("documents %s and its permission", (key) => {
    const endpoint: Endpoint = ENDPOINTS[key];
    const line = doc.split("\n").find((text) => text.startsWith(`| \`${endpoint.method} ${endpoint.path}\` |`));
    expect(line, `no table row for ${endpoint.method} ${endpoint.path}`).toBeDefined();
    const permission = endpoint.auth === "app-jwt" ? "App JWT" : endpoint.permission === undefined ? "—" : permissionText(endpoint.permission);
    expect(line?.trimEnd().endsWith(`| ${permission} |`) || line?.includes(`| ${permission} (`), line).toBe(true);
  });
});
