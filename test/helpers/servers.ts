/**
 * Real servers on loopback for probe tests: plain HTTP with a handler, a server that accepts and
 * never answers, HTTPS with certificates made by the openssl CLI (expired, or expiring soon), and
 * ports with nothing listening. Everything binds port 0 (or a free port) on 127.0.0.x.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { join } from "node:path";

export interface TestServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` (or https). */
  readonly url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function listen(server: Server | ReturnType<typeof createNetServer>, host: string, scheme: string, sockets: Set<Socket>): Promise<TestServer> {
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        host,
        port,
        url: `${scheme}://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** An HTTP server on `host` (default 127.0.0.1) answering with `handler`. */
export function startHttpServer(handler: Handler, host = "127.0.0.1"): Promise<TestServer> {
  return listen(createServer(handler), host, "http", new Set());
}

/** Answers `/version` with `{"sha": …}` (changeable) and `/health` with 200 "ok". */
export async function startVersionServer(sha: string, host = "127.0.0.1"): Promise<TestServer & { setSha(next: string): void }> {
  let current = sha;
  const server = await startHttpServer((req, res) => {
    if (req.url === "/version") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sha: current, build: { ok: true } }));
    } else if (req.url === "/health") res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    else res.writeHead(404).end("not found");
  }, host);
  return { ...server, setSha: (next) => (current = next) };
}

/** Accepts connections and requests and never answers. */
export function startHangingServer(host = "127.0.0.1"): Promise<TestServer> {
  return listen(
    createServer(() => {}),
    host,
    "http",
    new Set(),
  );
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A free TCP port on 127.0.0.1 for programs that need one on their command line. */
export const freePort = closedPort;

export interface Certificate {
  readonly key: string;
  readonly cert: string;
}

const CA_CONFIG = `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = .
database = ./index.txt
new_certs_dir = ./newcerts
serial = ./serial
default_md = sha256
policy = policy_any
copy_extensions = copy
unique_subject = no
[ policy_any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = localhost
[ ext ]
subjectAltName = DNS:localhost,IP:127.0.0.1
basicConstraints = CA:FALSE
`;

function opensslDate(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}

/**
 * A self-signed certificate for localhost/127.0.0.1 valid from `notBefore` to `notAfter`, made with
 * `openssl ca -selfsign -startdate -enddate` (openssl 3.0's `req -x509` cannot backdate).
 */
export function makeCertificate(dir: string, notBefore: Date, notAfter: Date): Certificate {
  mkdirSync(join(dir, "newcerts"), { recursive: true });
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(join(dir, "serial"), "01\n");
  writeFileSync(join(dir, "ca.cnf"), CA_CONFIG);
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  run(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem", "-out", "req.csr", "-config", "ca.cnf"]);
  run([
    "ca",
    "-batch",
    "-config",
    "ca.cnf",
    "-selfsign",
    "-keyfile",
    "key.pem",
    "-in",
    "req.csr",
    "-out",
    "cert.pem",
    "-notext",
    "-extensions",
    "ext",
    "-startdate",
    opensslDate(notBefore),
    "-enddate",
    opensslDate(notAfter),
  ]);
  return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
}

/** An HTTPS server with `certificate`, answering 200 "ok" to everything. */
export function startHttpsServer(certificate: Certificate, host = "127.0.0.1"): Promise<TestServer> {
  const server = createHttpsServer({ key: certificate.key, cert: certificate.cert }, (_req, res) => res.writeHead(200).end("ok"));
  return listen(server, host, "https", new Set());
}

/**
 * A DNS server over UDP on 127.0.0.1 answering TXT queries for `records` (name → text) and NXDOMAIN
 * for any other name: enough of RFC 1035 for the dns probe's `servers` setting.
 */
export async function startDnsServer(records: Readonly<Record<string, string>>): Promise<{ readonly address: string; close(): Promise<void> }> {
  const { createSocket } = await import("node:dgram");
  const socket = createSocket("udp4");
  socket.on("message", (query, peer) => {
    if (query.length < 12) return;
    const labels: string[] = [];
    let offset = 12;
    while (offset < query.length && query[offset] !== 0) {
      const length = query[offset] ?? 0;
      labels.push(query.subarray(offset + 1, offset + 1 + length).toString("ascii"));
      offset += length + 1;
    }
    const questionEnd = offset + 5; // zero byte, type, class
    const qtype = query.readUInt16BE(offset + 1);
    const text = records[labels.join(".").toLowerCase()];
    const found = text !== undefined && qtype === 16;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(text === undefined ? 0x8183 : 0x8180, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(found ? 1 : 0, 6);
    const question = query.subarray(12, questionEnd);
    const answer = found
      ? Buffer.concat([
          Buffer.from([0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c]),
          Buffer.from([0, text.length + 1, text.length]),
          Buffer.from(text, "ascii"),
        ])
      : Buffer.alloc(0);
    socket.send(Buffer.concat([header, question, answer]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  return { address: `127.0.0.1:${socket.address().port}`, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
