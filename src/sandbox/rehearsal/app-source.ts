/**
 * The sandbox's application: a tiny Node HTTP server each target host runs. `/version` answers the
 * version the deploy playbook wrote (`{"sha": …}`), `/health` `{"status":"ok"}`, `/metrics` the
 * requests it served in Prometheus' text format. Written into the sandbox folder as `app/app.mjs`
 * and started as `node app.mjs ADDRESS PORT APP_DIR`; prints `listening` once it accepts.
 */
export const APP_SOURCE = `// runwarden sandbox application: /version, /health, /metrics.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [address, port, appDir] = process.argv.slice(2);
const served = new Map();
const count = (path, code) => {
  const key = \`path="\${path}",code="\${code}"\`;
  served.set(key, (served.get(key) ?? 0) + 1);
};
const version = () => {
  try {
    return readFileSync(join(appDir, "version"), "utf8").trim() || "none";
  } catch {
    return "none";
  }
};
const server = createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0];
  const reply = (code, type, body) => {
    if (path !== "/metrics") count(path, code);
    res.writeHead(code, { "content-type": type }).end(body);
  };
  if (path === "/version") return reply(200, "application/json", JSON.stringify({ sha: version() }));
  if (path === "/health") return reply(200, "application/json", JSON.stringify({ status: "ok" }));
  if (path === "/metrics") {
    let text = "# HELP http_requests_total Requests served.\\n# TYPE http_requests_total counter\\n";
    for (const [labels, value] of served) text += \`http_requests_total{\${labels}} \${value}\\n\`;
    text += "# HELP app_version_info The version this host serves.\\n# TYPE app_version_info gauge\\n";
    text += \`app_version_info{version="\${version().slice(0, 12)}"} 1\\n\`;
    return reply(200, "text/plain; version=0.0.4", text);
  }
  return reply(404, "text/plain", "not found\\n");
});
server.listen(Number(port), address, () => console.log(\`listening on http://\${address}:\${port}\`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
`;
