/** `GET /metrics`: the Prometheus text exposition of every metric of the catalogue. */
import type { FastifyInstance } from "fastify";
import type { ServerState } from "../state.js";

export function metricsRoute(app: FastifyInstance, state: ServerState): void {
  app.get("/metrics", async (_request, reply) => {
    // A store that cannot be read leaves the deploy figures as they were; the fleet still shows.
    await state.refreshStore().catch(() => undefined);
    const text = await state.collector.exposition();
    return reply.header("content-type", state.collector.metrics.contentType).send(text);
  });
}
