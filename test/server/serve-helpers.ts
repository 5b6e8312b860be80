/** Starting `runwarden serve` from dist and talking to it over HTTP. */
import { connect } from "node:net";
import { startBinary, type RunningBinary } from "../helpers/cli.js";

export interface Served {
  readonly binary: RunningBinary;
  readonly url: string;
  readonly port: number;
}

/** Starts serve on a free loopback port and resolves once it printed its `listening on` line. */
export function startServe(args: readonly string[], env: Record<string, string>, cwd: string): Promise<Served> {
  const binary = startBinary(["serve", "--listen", "127.0.0.1:0", ...args], { env, cwd });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(out);
      if (match === null) return;
      binary.child.stdout.off("data", onData);
      resolve({ binary, url: match[1] ?? "", port: Number(match[2]) });
    };
    binary.child.stdout.on("data", onData);
    void binary.done.then((run) => reject(new Error(`serve exited ${run.code} before listening: ${run.stderr}`)));
  });
}

export async function get(url: string): Promise<{ status: number; text: string; contentType: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text(), contentType: response.headers.get("content-type") ?? "" };
}

/** Asks again after each answer (no fixed sleep) until `done` holds; gives up after `tries`. */
export async function until<T>(ask: () => Promise<T>, done: (value: T) => boolean, tries = 400): Promise<T> {
  let last = await ask();
  for (let i = 0; i < tries && !done(last); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await ask();
  }
  return last;
}

/** True when nothing accepts connections on the port any more. */
export function portClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}
