/** Network probe specs shared by preflight checks and health gates: http, tcp, dns. */
import { z } from "zod";
import { duration } from "./duration.js";
import { fieldMeta, report, type IssueSink } from "./meta.js";
import { addressTemplate, regexSource, template, text } from "./strings.js";

const EACH_HOST =
  "Probe every host the environment's `hosts` pattern selects in the inventory; templates in this check are rendered once per host with that host's variables (`ansible_host`, `inventory_hostname`, …).";

export const eachHost = () => z.boolean().default(false).describe(EACH_HOST);

const PORT_EXPECTED = "a port number (1–65535) or a template such as {{ ansible_port | default(22) }}";

/** A port: a number, or a template that renders to one (`{{ ansible_port | default(22) }}`). */
export const port = () =>
  z
    .union([
      z.int().min(1).max(65535),
      template().superRefine((text, ctx) => {
        if (!text.includes("{{")) report(ctx, "a port written as text must be a template", { hint: `write the number without quotes: ${text}` });
      }),
    ])
    .register(fieldMeta, { type: "port", expected: PORT_EXPECTED });

/** Fields of an http probe. */
export const httpFields = {
  url: addressTemplate({ url: true, variable: "ansible_host" }).describe(
    "URL to request (a template), e.g. `http://{{ ansible_host }}:8080/health`. A literal IP address is an error: addresses come from the inventory.",
  ),
  method: z.enum(["GET", "HEAD"]).default("GET").describe("HTTP method."),
  status: z.array(z.int().min(100).max(599).describe("An HTTP status code.")).min(1).default([200]).describe("Status codes that count as healthy."),
  body_contains: template().optional().describe("Text the response body must contain (a template, e.g. `{{ sha }}` to prove the new version is live)."),
  body_regex: regexSource().optional().describe('Regular expression (JavaScript, `u` flag) the response body must match, e.g. `"status":\\s*"ok"`.'),
  json: z
    .strictObject({
      path: text("a JSON path, e.g. $.build.sha").describe('Path into the JSON body: `$.status`, `$.build.sha`, `$.checks[0].ok`, `$["key with space"]`.'),
      equals: z
        .union([template(), z.number(), z.boolean(), z.null()])
        .register(fieldMeta, { type: "JSON scalar", expected: "a string (a template), a number, true/false or null" })
        .describe("The value expected at `path` (compared exactly; a string is a template, e.g. `{{ sha }}`)."),
    })
    .optional()
    .describe("The body must be JSON with this value at `path`."),
  max_latency: duration().optional().describe("Slowest acceptable time to the response headers, e.g. `500ms`; slower is a failure."),
  min_cert_days: z
    .int()
    .min(0)
    .optional()
    .describe("https: the server's certificate must stay valid at least this many more days (an expired certificate always fails)."),
  tls_verify: z.boolean().default(true).describe("Verify the server's TLS certificate (https only)."),
  timeout: duration().prefault("10s").describe("Timeout of one request."),
  each_host: eachHost(),
};

/** Fields of a tcp probe (with `requireTarget("tcp", "host")`). */
export const tcpFields = {
  host: addressTemplate({ variable: "ansible_host" })
    .optional()
    .describe("Host to connect to (a template). Optional with `each_host: true`, where it defaults to the host's `ansible_host` (else its inventory name)."),
  port: port().describe("TCP port: a number or a template such as `{{ ansible_port | default(22) }}`."),
  timeout: duration().prefault("5s").describe("Connect timeout."),
  each_host: eachHost(),
};

/** Fields of a dns probe (with `requireTarget("dns", "host")`). */
export const dnsFields = {
  host: addressTemplate({ variable: "inventory_hostname" })
    .optional()
    .describe("Name to resolve (a template). Optional with `each_host: true`, where it defaults to the host's `ansible_host` (else its inventory name)."),
  record: z.enum(["A", "AAAA", "CNAME", "SRV", "TXT"]).default("A").describe("DNS record type that must exist."),
  servers: z
    .array(addressTemplate({ variable: "dns_server" }).describe("A DNS server (a template rendering to an IP address, optionally with :port)."))
    .min(1)
    .optional()
    .describe(
      'DNS servers to ask for CNAME, SRV and TXT records, e.g. `["{{ dns_server }}"]`. Default: the system\'s. (A and AAAA go through the system resolver.)',
    ),
  timeout: duration().prefault("5s").describe("Resolution timeout."),
  each_host: eachHost(),
};

/** A refinement: a probe without `each_host` needs an explicit target field. */
export function requireTarget(kind: string, field: "host") {
  return (spec: { readonly each_host: boolean } & Partial<Record<typeof field, unknown>>, ctx: IssueSink): void => {
    if (spec[field] === undefined && !spec.each_host) {
      report(ctx, `a ${kind} check needs \`${field}\`, or \`each_host: true\``, {
        expected: `${field}: "{{ some_inventory_var }}"  or  each_host: true`,
        ...("name" in spec && spec.name !== undefined
          ? { hint: `\`name\` is the check's label; the ${kind === "dns" ? "name to resolve" : "address"} goes in \`${field}\`` }
          : {}),
      });
    }
  };
}

export const noDataPolicy = () =>
  z
    .enum(["fail", "pass", "inconclusive"])
    .describe("What an empty query result means: `fail` (default, fail closed), `pass`, or `inconclusive` (neither: the gate cannot pass).");

export const prometheusUrl = () =>
  addressTemplate({ url: true, variable: "prometheus_url" }).optional().describe("Prometheus base URL (a template). Default: `monitoring.prometheus_url`.");
