/** `runwarden serve` (the bundled executable) as the metrics source: it refreshes the fleet every second and reads the store on each scrape. */
import { startBinary, type RunningBinary } from "../helpers/cli.js";
import { startWorld, type MetricsFeed } from "./world.js";

export async function startServeFeed(): Promise<MetricsFeed> {
  const world = await startWorld();
  const server: RunningBinary = startBinary(["serve", "--listen", "127.0.0.1:0", "--refresh", "1s", "--config", world.configPath], {
    cwd: world.dir,
    env: world.env,
  });
  let out = "";
  const target = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const listening = /listening on http:\/\/([^\s/]+)/.exec(out);
      if (listening?.[1] !== undefined) {
        server.child.stdout.off("data", onData);
        resolve(listening[1]);
      }
    };
    server.child.stdout.on("data", onData);
    server.done.then((run) => reject(new Error(`runwarden serve exited ${run.code}: ${run.stdout}${run.stderr}`)), reject);
  }).catch(async (err: unknown) => {
    await world.close();
    throw err;
  });
  return {
    target,
    primaryGroup: "primary",
    productionDeploys: 12,
    recordDeploys: () => world.recordDeploys(),
    primaryOffline: () => world.primaryOffline(),
    async stopSource() {
      if (server.child.exitCode === null) server.child.kill("SIGTERM");
      const run = await server.done;
      if (run.code !== 0) throw new Error(`runwarden serve did not shut down cleanly on SIGTERM (${run.code}): ${run.stderr}`);
    },
    async close() {
      if (server.child.exitCode === null) server.child.kill("SIGTERM");
      await server.done.catch(() => undefined);
      await world.close();
    },
  };
}
