/**
 * `runwarden metrics --textfile DIR` as the metrics source, as node_exporter's textfile collector
 * would read it: the bundled executable writes DIR/runwarden.prom after each step of the story, and
 * a loopback HTTP server serves that file to Prometheus.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runBinary } from "../helpers/cli.js";
import { startHttpServer } from "../helpers/servers.js";
import { startWorld, type MetricsFeed } from "./world.js";

export async function startTextfileFeed(): Promise<MetricsFeed> {
  const world = await startWorld();
  const textfiles = join(world.dir, "textfile");
  mkdirSync(textfiles);
  const write = async () => {
    const run = await runBinary(["metrics", "--textfile", textfiles, "--config", world.configPath], { cwd: world.dir, env: world.env });
    if (run.code !== 0) throw new Error(`runwarden metrics exited ${run.code}: ${run.stdout}${run.stderr}`);
  };
  await write();
  const server = await startHttpServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(readFileSync(join(textfiles, "runwarden.prom")));
  });
  return {
    target: `${server.host}:${server.port}`,
    primaryGroup: "primary",
    productionDeploys: 12,
    async recordDeploys() {
      await world.recordDeploys();
      await write();
    },
    async primaryOffline() {
      await world.primaryOffline();
      await write();
    },
    async stopSource() {
      await server.close();
    },
    async close() {
      await server.close();
      await world.close();
    },
  };
}
