/** runwarden's version: injected by the bundler; read from package.json when run from source. */
import { readFileSync } from "node:fs";

declare const __RUNWARDEN_VERSION__: string | undefined;

function fromPackageJson(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed === "object" && parsed !== null && "version" in parsed && typeof parsed.version === "string") {
    return parsed.version;
  }
  return "0.0.0-dev";
}

export const version: string = typeof __RUNWARDEN_VERSION__ === "string" ? __RUNWARDEN_VERSION__ : fromPackageJson();
