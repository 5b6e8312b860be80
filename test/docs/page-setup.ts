/** What each doc page's examples need beyond the common workspace (test/docs/workspace.ts). */
import type { PageSetup } from "./workspace.js";

export const PAGE_SETUP: Readonly<Record<string, PageSetup>> = {
  "README.md": {
    files: {
      "deploy.sh": "#!/bin/sh\necho \"connecting with key $DEPLOY_SSH_KEY\"\necho 'deployed'\n",
    },
    env: { DEPLOY_SSH_KEY: "ssh-key-material-0123456789", VAULT_PASSWORD: "vault-password-0123456789" },
  },
};
