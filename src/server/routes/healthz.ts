/** `GET /healthz`: the process is up and answering (liveness). */
import type { FastifyInstance } from "fastify";

export function healthzRoute(app: FastifyInstance): void {
  app.get("/healthz", async (_request, reply) => reply.header("content-type", "text/plain; charset=utf-8").send("ok\n"));
}
