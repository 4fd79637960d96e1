/** The ten owner responsibilities every site needs covered (docs/ARCHITECTURE.md, "The domain the code relies on"). */
export const RESPONSIBILITIES = [
  'setup',
  'primary',
  'provider_key_billing',
  'diagnostics',
  'permissions',
  'rollback_restore',
  'backups',
  'hosting',
  'support_routing',
  'incident_escalation',
] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

export const RESPONSIBILITY_INFO: Record<Responsibility, { label: string; description: string }> = {
  setup: { label: 'Setup', description: 'Installs and configures SophMate and keeps the setup record true.' },
  primary: {
    label: 'Primary owner',
    description: 'The site administrator or agency implementation lead accountable for the rollout.',
  },
  provider_key_billing: {
    label: 'Provider key & billing',
    description: 'Owns the AI provider key and its bill, its rotation date and next review.',
  },
  diagnostics: {
    label: 'Diagnostics',
    description: 'Runs SophMate Diagnostics and produces support bundles when something breaks.',
  },
  permissions: {
    label: 'Permissions',
    description: 'Grants and revokes SophMate roles and high-risk permissions.',
  },
  rollback_restore: {
    label: 'Rollback & restore',
    description: 'Can restore the site and revert the plugin version from a known-good state.',
  },
  backups: { label: 'Backups', description: 'Makes sure backups run, are kept, and can be restored.' },
  hosting: { label: 'Hosting', description: 'Contact for the host: PHP, outbound HTTPS, DNS, SSL, firewall, cron.' },
  support_routing: {
    label: 'Support routing',
    description: 'Decides whether a problem goes to the host, the provider, the plugin vendor or the team.',
  },
  incident_escalation: {
    label: 'Incident escalation',
    description: 'Is called when AI-assisted work goes wrong; pauses workflows and leads the incident.',
  },
};

export function responsibilityLabel(r: Responsibility): string {
  return RESPONSIBILITY_INFO[r].label;
}
