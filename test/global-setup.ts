/** Builds dist/ once before the suite, so end-to-end tests run the real bundled executable. */
import { buildCli } from "../scripts/build.mjs";

export default async function setup(): Promise<void> {
  await buildCli({ quiet: true });
}
