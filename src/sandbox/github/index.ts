/** The GitHub API emulator (docs/sandbox.md): scenario loading, the server and its control API. */
export { startGithubEmulator, ROUTES, GHES_PREFIX, type EmulatorOptions, type RunningEmulator, type RequestRecord } from "./server.js";
export { loadScenario, parseScenario } from "./scenario.js";
export { scenarioSchema, type Scenario } from "./scenario-schema.js";
export { faultSchema, type FaultSpec } from "./faults.js";
export { LOST_RUNNER_MESSAGE } from "./engine.js";
