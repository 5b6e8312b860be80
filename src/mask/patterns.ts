/**
 * Built-in secret patterns: values masked even when nobody registered them (after gitleaks' rules).
 *
 * Every pattern starts with one of a few literal `triggers`. The masker looks for the triggers in
 * its single Aho–Corasick pass and only then runs the pattern's own matcher at the trigger's start,
 * so a pattern costs nothing on text that does not contain its trigger.
 *
 * Two kinds:
 * - `token`: a single-line value of bounded length (`maxLength`), matched by a sticky regex.
 * - `block`: a header line, then a body that may span many lines (a PEM private key up to its END
 *   line; an Ansible Vault payload's hex lines). Streams mask a block's lines as they arrive.
 *
 * `regex` is the whole-text form of each pattern (what `text.replace(regex, "***")` masks). The
 * masker does not use it; docs, tests and the naive benchmark baseline do, and a test checks that
 * the masker masks each example exactly as `regex` does.
 *
 * Adding a pattern: add an entry to `BUILTIN_PATTERNS`, with examples, and a row in
 * docs/masking.md (a test checks both).
 */

export interface PatternExamples {
  /** Texts containing the secret, with what the masker must turn them into. */
  readonly positive: readonly { readonly text: string; readonly masked: string }[];
  /** Look-alikes that must come out unchanged. */
  readonly negative: readonly string[];
}

interface PatternCommon {
  /** Stable id, as in gitleaks where one exists. */
  readonly id: string;
  readonly description: string;
  /** Literal prefixes: every match starts with one of these. */
  readonly triggers: readonly string[];
  /** Whole-text form (global flag), for docs, tests and the naive baseline. */
  readonly regex: RegExp;
  readonly examples: PatternExamples;
}

export interface TokenPattern extends PatternCommon {
  readonly kind: "token";
  /** Sticky regex run at a trigger's start. Never matches a line break. */
  readonly match: RegExp;
  /** Longest possible match: with this many characters (or a line break) seen, the result is final. */
  readonly maxLength: number;
}

/** What follows a block's header. */
export type BlockBody =
  | {
      /** Everything up to and including the first end marker line (PEM). */
      readonly kind: "until-end";
      /** Literal that starts every end line. */
      readonly marker: string;
      /** Sticky regex run where `marker` occurs. Never matches a line break. */
      readonly end: RegExp;
      readonly endMaxLength: number;
    }
  | {
      /**
       * The lines after the header line that are hex payload (Ansible Vault): blanks, hex digits,
       * blanks (`[ \t]*[0-9a-fA-F]+[ \t]*`), provided nothing but blanks follows the header on its
       * own line. blocks.ts reads them byte by byte with that grammar (each byte once, whatever the
       * chunking); `regex` states the same rule for the whole-text form.
       */
      readonly kind: "payload-lines";
    };

export interface BlockPattern extends PatternCommon {
  readonly kind: "block";
  /** Sticky regex for the header, run at a trigger's start. Never matches a line break. */
  readonly header: RegExp;
  readonly headerMaxLength: number;
  readonly body: BlockBody;
}

export type SecretPattern = TokenPattern | BlockPattern;

/** A deterministic, token-shaped fake (never a real credential; built at run time so that no
 * secret scanner flags this file). */
function fake(prefix: string, length: number, alphabet: string): string {
  let out = prefix;
  let x = 0x2545f491 ^ length;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}

const ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const AWS_TAIL = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function githubToken(id: string, prefixes: readonly string[], description: string): TokenPattern {
  const source = `(?:${prefixes.join("|")})[0-9a-zA-Z]{36}`;
  const first = prefixes[0] ?? "";
  const token = fake(first, 36, ALNUM);
  return {
    kind: "token",
    id,
    description,
    triggers: prefixes,
    regex: new RegExp(source, "g"),
    match: new RegExp(source, "y"),
    maxLength: first.length + 36,
    examples: {
      positive: [
        { text: `token=${token}`, masked: "token=***" },
        { text: `Authorization: token ${token}x\n`, masked: "Authorization: token ***x\n" },
      ],
      negative: [`${first}tooshort`, `${fake(first, 35, ALNUM)}-rest`],
    },
  };
}

const PEM_LABEL = "[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----";
const PEM_HEADER = `-----BEGIN${PEM_LABEL}`;
const PEM_END = `-----END${PEM_LABEL}`;
const PEM_BODY = `MIIEowIBAAKCAQEA${fake("", 48, ALNUM)}`;
const pemKey = (label: string): string => `-----BEGIN ${label}-----\n${PEM_BODY}\n${PEM_BODY.slice(8)}==\n-----END ${label}-----`;

const VAULT_HEADER = "\\$ANSIBLE_VAULT;[0-9.]{1,8};AES256(?:;[^\\s;]{1,100})?";
const VAULT_LINE = "[ \\t]*[0-9a-fA-F]+[ \\t]*";
const VAULT_PAYLOAD = [fake("", 80, "0123456789abcdef"), fake("", 80, "abcdef0123456789"), "6137"];

export const BUILTIN_PATTERNS: readonly SecretPattern[] = [
  githubToken("github-pat", ["ghp_"], "GitHub personal access token (classic)."),
  githubToken("github-app-token", ["ghu_", "ghs_"], "GitHub App user-to-server and installation tokens."),
  githubToken("github-oauth", ["gho_"], "GitHub OAuth access token."),
  githubToken("github-refresh", ["ghr_"], "GitHub App refresh token."),
  {
    kind: "token",
    id: "github-fine-grained-pat",
    description: "GitHub fine-grained personal access token.",
    triggers: ["github_pat_"],
    regex: /github_pat_\w{82}/g,
    match: /github_pat_\w{82}/y,
    maxLength: 11 + 82,
    examples: {
      positive: [{ text: `GH_TOKEN=${fake("github_pat_", 82, `${ALNUM}_`)}\n`, masked: "GH_TOKEN=***\n" }],
      negative: ["see https://github.com/settings/tokens for github_pat_ tokens", fake("github_pat_", 40, ALNUM)],
    },
  },
  {
    kind: "token",
    id: "aws-access-key-id",
    description: "AWS access key id (long-term AKIA…, temporary ASIA…, and the other documented prefixes).",
    triggers: ["A3T", "AKIA", "ASIA", "ABIA", "ACCA"],
    regex: /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/g,
    match: /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/y,
    maxLength: 20,
    examples: {
      positive: [
        { text: `aws_access_key_id = ${fake("AKIA", 16, AWS_TAIL)}`, masked: "aws_access_key_id = ***" },
        { text: `"AccessKeyId": "${fake("ASIA", 16, AWS_TAIL)}",`, masked: '"AccessKeyId": "***",' },
      ],
      negative: ["ASIA/Tokyo", `AKIA${fake("", 16, "abcdefghijklmnop")}`, "AKIA1234567890123456"],
    },
  },
  {
    kind: "block",
    id: "private-key",
    description: "PEM private key (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP): BEGIN line through END line.",
    triggers: ["-----BEGIN"],
    regex: new RegExp(`${PEM_HEADER}(?:[\\s\\S]*?${PEM_END}|[\\s\\S]*)`, "g"),
    header: new RegExp(PEM_HEADER, "y"),
    headerMaxLength: 10 + 100 + 11 + 6 + 5,
    body: { kind: "until-end", marker: "-----END", end: new RegExp(PEM_END, "y"), endMaxLength: 8 + 100 + 11 + 6 + 5 },
    examples: {
      positive: [
        { text: `key:\n${pemKey("RSA PRIVATE KEY")}\ndone\n`, masked: "key:\n***\ndone\n" },
        { text: `${pemKey("OPENSSH PRIVATE KEY")}`, masked: "***" },
        { text: `x -----BEGIN ${"EC PRIVATE KEY"}-----\n${PEM_BODY}\n(truncated)`, masked: "x ***" },
      ],
      negative: [
        `-----BEGIN PUBLIC KEY-----\n${PEM_BODY}\n-----END PUBLIC KEY-----\n`,
        `-----BEGIN CERTIFICATE-----\n${PEM_BODY}\n-----END CERTIFICATE-----\n`,
      ],
    },
  },
  {
    kind: "block",
    id: "ansible-vault",
    description: "Ansible Vault ciphertext: the $ANSIBLE_VAULT header (1.1, or 1.2 with a vault id) and the hex payload lines under it.",
    triggers: ["$ANSIBLE_VAULT;"],
    regex: new RegExp(`${VAULT_HEADER}(?:[ \\t]*(?:\\r\\n|\\r|\\n)${VAULT_LINE}(?=[\\r\\n]|$))*`, "g"),
    header: new RegExp(VAULT_HEADER, "y"),
    headerMaxLength: 15 + 8 + 7 + 101,
    body: { kind: "payload-lines" },
    examples: {
      positive: [
        {
          text: `db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  ${VAULT_PAYLOAD.join("\n  ")}\nnext: 1\n`,
          masked: "db_password: !vault |\n  ***\nnext: 1\n",
        },
        {
          text: `$ANSIBLE_VAULT;1.2;AES256;prod\r\n${VAULT_PAYLOAD.join("\r\n")}`,
          masked: "***",
        },
      ],
      negative: ["ANSIBLE_VAULT_PASSWORD_FILE=/etc/vault-pass\n", "$ANSIBLE_VAULT;1.1;AES128\n616263\n"],
    },
  },
];
