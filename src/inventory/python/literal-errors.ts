/** A Python literal that Ansible accepts but cannot use (it fails later), or rejects outright. */
export class LiteralError extends Error {}
