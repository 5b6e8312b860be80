/** The `runwarden` executable: build the masker and the doors out, run, flush, exit. */
import { Masker } from "../mask/index.js";
import { createProcessIo } from "../output/io.js";
import { keepFreedMemory } from "./heap.js";
import { registerEnvSecrets } from "./secrets.js";
import { reportError, runCli } from "./run.js";

keepFreedMemory();
const masker = new Masker();
const io = createProcessIo(masker);
let exitCode: number;
try {
  registerEnvSecrets(masker, process.env);
  exitCode = await runCli(process.argv.slice(2), io);
} catch (err: unknown) {
  exitCode = reportError(io, err, false);
}
await io.close();
process.exitCode = exitCode;
