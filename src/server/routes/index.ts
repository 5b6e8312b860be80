/** Every route of `serve`, once: one file per route, registered here. */
import type { FastifyInstance } from "fastify";
import type { ServerState } from "../state.js";
import { healthzRoute } from "./healthz.js";
import { metricsRoute } from "./metrics.js";
import { readyzRoute } from "./readyz.js";

export const ROUTES: readonly ((app: FastifyInstance, state: ServerState) => void)[] = [metricsRoute, healthzRoute, readyzRoute];

export function registerRoutes(app: FastifyInstance, state: ServerState): void {
  for (const route of ROUTES) route(app, state);
}
