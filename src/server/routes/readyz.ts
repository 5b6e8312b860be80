/** `GET /readyz`: ready once the fleet was read from GitHub at least once and the store answers; 503 otherwise. */
import type { FastifyInstance } from "fastify";
import type { ServerState } from "../state.js";

export function readyzRoute(app: FastifyInstance, state: ServerState): void {
  app.get("/readyz", async (_request, reply) => {
    const problems: string[] = [];
    if (state.collector.fleetRefreshedAt === undefined) problems.push("the runner fleet has not been read from GitHub yet");
    if (!(await state.storeReachable())) problems.push("the store does not answer");
    reply.header("content-type", "text/plain; charset=utf-8");
    if (problems.length > 0) return reply.code(503).send(`not ready: ${problems.join("; ")}\n`);
    return reply.send("ready\n");
  });
}
