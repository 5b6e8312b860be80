#!/usr/bin/env node
// A stand-in for a careless deploy script: prints an Ansible-style deploy log that leaks secrets in
// the ways real logs do (plain, base64, URL-encoded, JSON, a debug dump of a key file, tokens).
// Usage: VAULT_PASSWORD=… node fake-deploy.mjs DIR   (writes DIR/deploy_key, a fresh throwaway key)
// Every secret here is generated on the spot; none is real.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const vault = process.env.VAULT_PASSWORD;
if (!dir || !vault) {
  console.error("usage: VAULT_PASSWORD=… node fake-deploy.mjs DIR");
  process.exit(2);
}
const key = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
writeFileSync(join(dir, "deploy_key"), key, { mode: 0o600 });
const alnum = (n) => [...randomBytes(n)].map((b) => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[b % 62]).join("");
const token = `ghp_${alnum(36)}`;
const b64 = (text) => Buffer.from(text).toString("base64");

const lines = [
  "PLAY [Deploy app to production] ************************************************",
  "",
  "TASK [Gathering Facts] *********************************************************",
  "ok: [app1.prod.example.internal]",
  "ok: [app2.prod.example.internal]",
  "",
  "TASK [debug: vault settings] ***************************************************",
  `ok: [app1.prod.example.internal] => {"msg": "vault_password=${vault}"}`,
  `ok: [app1.prod.example.internal] => {"env": {"VAULT_PASSWORD_B64": "${b64(vault)}"}}`,
  `ok: [app1.prod.example.internal] => {"url": "https://vault.example.internal/login?pw=${encodeURIComponent(vault)}"}`,
  `ok: [app1.prod.example.internal] => {"json": ${JSON.stringify({ password: vault })}}`,
  "",
  "TASK [copy deploy key] *********************************************************",
  `changed: [app1.prod.example.internal] => {"content": "${key.split("\n")[0]}"}`,
  ...key.trimEnd().split("\n"),
  "",
  "TASK [fetch release] ***********************************************************",
  `fatal: [app2.prod.example.internal]: FAILED! => {"msg": "curl -H 'Authorization: token ${token}' … returned 401"}`,
  `fatal: [app2.prod.example.internal]: FAILED! => {"msg": "aws s3 cp failed for key id AKIAIOSFODNN7EXAMPLE"}`,
  "",
  "PLAY RECAP *********************************************************************",
  "app1.prod.example.internal : ok=5    changed=1    unreachable=0    failed=0",
  "app2.prod.example.internal : ok=1    changed=0    unreachable=0    failed=1",
];
process.stdout.write(`${lines.join("\n")}\n`);
