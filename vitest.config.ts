import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most files wait on real processes (ansible-playbook over SSH, Prometheus scrapes, sshd), not on
    // the CPU: one file more than the cores keeps the CPU busy (vitest's default leaves one core idle).
    maxWorkers: availableParallelism() + 1,
    // @actions/workflow-parser imports its JSON schema without an import attribute: let Vite load it.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
