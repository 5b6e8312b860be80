/** `Store.fences`: the lease rows seen from a lock that lives elsewhere (GitHub). */
import type { Connection } from "./connection.js";
import { checkFence, end, grant, serializeEnvironment } from "./leases.js";
import type { FenceRegistry } from "./types.js";

export function fenceRegistry(connection: Connection): FenceRegistry {
  return {
    record: (environment, holder) =>
      connection.transaction(async (sql) => {
        await serializeEnvironment(connection, sql, environment);
        const now = await connection.now(sql);
        const granted = await grant(sql, environment, holder, now);
        if (!granted.granted) {
          // The same token again: a heartbeat, which moves the expiry forward only.
          await sql.run("UPDATE rw_locks SET expires_at = ? WHERE environment = ? AND token = ? AND held = 1 AND expires_at < ?", [
            holder.expiresAt,
            environment,
            holder.token,
            holder.expiresAt,
          ]);
        }
      }),
    end: (fence) =>
      connection.transaction(async (sql) => {
        await serializeEnvironment(connection, sql, fence.environment);
        await end(sql, fence, await connection.now(sql));
      }),
    check: (fence) =>
      connection.transaction(async (sql) => {
        await serializeEnvironment(connection, sql, fence.environment);
        return checkFence(sql, fence, await connection.now(sql));
      }),
  };
}
