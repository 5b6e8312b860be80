/**
 * The GitHub Action's entry point (action.yml → action/dist/index.mjs): the same masker, Io and
 * error boundary as the `runwarden` executable, with the command line read from the Action's inputs
 * and the `github-token` input handed over as RUNWARDEN_GITHUB_TOKEN.
 */
import { Masker } from "../mask/index.js";
import { createProcessIo } from "../output/io.js";
import { actionArgv, input } from "./action-inputs.js";
import { registerEnvSecrets } from "./secrets.js";
import { reportError, runCli } from "./run.js";

const token = input(process.env, "github-token");
if (token !== "") process.env.RUNWARDEN_GITHUB_TOKEN = token;
const masker = new Masker();
const io = createProcessIo(masker);
let exitCode: number;
try {
  registerEnvSecrets(masker, process.env);
  exitCode = await runCli(actionArgv(process.env), io);
} catch (err: unknown) {
  exitCode = reportError(io, err, false);
}
await io.close();
process.exitCode = exitCode;
