import { Alert, Badge, Button, Code, Group, List, Paper, SegmentedControl, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconDownload, IconFolderShare, IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { RunbookFacts } from '@core/contract/documents';
import type { Site } from '@core/contract/sites';
import { DOCUMENT_KINDS, DOCUMENT_LABEL, type DocumentKind } from '@core/documents/model';
import { RUNBOOK_WHERE } from '@core/runbook/where';
import { notifyError, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { base64Bytes, downloadFile } from '../../lib/download';
import { BulkExportDialog } from './bulk-export';
import { useGenerateDocument, useMarkKnownGood } from './mutations';
import { documentQueries } from './queries';
import { QueryError } from '../../lib/query-state';
import { BackupsCard } from '../runbook/backups-card';
import { RunbookEditor } from '../runbook/runbook-editor';

/** The versions the site last worked with, copied from the setup record when someone confirms it works. */
function KnownGood({ site, facts }: { site: Site; facts: RunbookFacts }) {
  const knownGood = useMarkKnownGood({
    onSuccess: () => {
      notifySaved('The current versions are recorded as known good.');
    },
    onError: (e) => notifyError(e, 'Not recorded'),
  });
  const kg = facts.knownGood;
  return (
    <Stack gap={4} mb="md">
      <Title order={4} size="h6">
        Known-good state
      </Title>
      <Text size="sm" c="dimmed">
        The versions the rollback plan restores to: copied from the setup record when the site is confirmed to work.
      </Text>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" data-testid="known-good" style={{ flex: 1, minWidth: 240 }}>
          {kg
            ? `Known good since ${kg.recordedOn}: SophMate ${kg.sophmateVersion ?? '—'}, WordPress ${kg.wordpressVersion ?? '—'}, PHP ${kg.phpVersion ?? '—'}, WooCommerce ${kg.woocommerceVersion ?? 'not used'}, theme ${kg.activeTheme ?? '—'}, host ${kg.host ?? '—'}.`
            : 'No known-good versions recorded yet.'}
        </Text>
        <Tooltip label="Copy the SophMate, WordPress, PHP, WooCommerce, theme and host of the setup record as the state that works">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconShieldCheck size={14} />}
            onClick={() => knownGood.mutate({ siteId: site.id })}
            loading={knownGood.isPending}
            disabled={Boolean(site.archivedAt)}
          >
            {RUNBOOK_WHERE.recordKnownGood}
          </Button>
        </Tooltip>
      </Group>
    </Stack>
  );
}

export function DocumentsTab({ site }: { site: Site }) {
  const [kind, setKind] = useState<DocumentKind>('handover_runbook');
  const [bulk, setBulk] = useState(false);
  const facts = useQuery(documentQueries.facts(site.id));
  const preview = useQuery(documentQueries.preview(site.id, kind));
  const history = useQuery(documentQueries.history(site.id));
  const generate = useGenerateDocument(site.id, {
    onSuccess: (r) => downloadFile(r.fileName, r.mime, r.encoding === 'base64' ? base64Bytes(r.content) : r.content),
    onError: (e) => notifyError(e, 'Not exported'),
  });
  const p = preview.data;
  const complete = p ? p.missing.length === 0 : false;
  return (
    <Stack>
      <Group justify="space-between">
        <SegmentedControl
          aria-label="Document"
          data={DOCUMENT_KINDS.map((k) => ({ value: k, label: DOCUMENT_LABEL[k] }))}
          value={kind}
          onChange={(k) => setKind(k as DocumentKind)}
        />
        <Button variant="default" leftSection={<IconFolderShare size={16} />} onClick={() => setBulk(true)}>
          Export to a folder…
        </Button>
      </Group>
      {preview.isError ? <QueryError error={preview.error} /> : null}
      {p ? (
        <Paper withBorder p="md">
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={3} size="h5">
                {DOCUMENT_LABEL[kind]}{' '}
                {complete ? (
                  <Badge color="teal" variant="light" tt="none">
                    complete
                  </Badge>
                ) : (
                  <Badge color="red" variant="light" tt="none">
                    {p.missing.length} part{p.missing.length === 1 ? '' : 's'} missing
                  </Badge>
                )}
              </Title>
              <Text size="xs" c="dimmed">
                Content hash <Code>{p.contentHash.slice(0, 16)}</Code>
              </Text>
            </div>
            <Group gap="xs">
              {(['pdf', 'html', 'md'] as const).map((format) => (
                <Tooltip key={format} label={complete ? 'Final: the version you give the client' : 'Parts are missing: a final version is refused'}>
                  <Button
                    size="sm"
                    leftSection={<IconDownload size={14} />}
                    onClick={() => generate.mutate({ siteId: site.id, kind, format, final: true })}
                    disabled={!complete}
                    loading={generate.isPending && generate.variables?.format === format && generate.variables.final}
                  >
                    Final {format.toUpperCase()}
                  </Button>
                </Tooltip>
              ))}
              {(['pdf', 'html', 'md'] as const).map((format) => (
                <Button
                  key={`d-${format}`}
                  size="sm"
                  variant="default"
                  onClick={() => generate.mutate({ siteId: site.id, kind, format, final: false })}
                  loading={generate.isPending && generate.variables?.format === format && !generate.variables.final}
                >
                  Draft {format.toUpperCase()}
                </Button>
              ))}
            </Group>
          </Group>
          {p.missing.length ? (
            <Alert color="orange" mt="sm" title="Missing from this document" data-testid="document-missing">
              <List size="sm">
                {p.missing.map((m) => (
                  <List.Item key={m.part}>
                    <strong>{m.part}</strong> — {m.fix}
                  </List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          <Alert color={p.changes.unchanged ? 'teal' : 'blue'} mt="sm" title="Since the last version given to the client" data-testid="document-changes">
            {!p.changes.since ? (
              <Text size="sm">No final version has been exported yet.</Text>
            ) : p.changes.unchanged ? (
              <Text size="sm">
                Nothing changed since the final {p.changes.since.format.toUpperCase()} of {formatDateTime(p.changes.since.generatedAt)}.
              </Text>
            ) : (
              <Stack gap={4}>
                <Text size="sm">
                  Changed since the final {p.changes.since.format.toUpperCase()} of {formatDateTime(p.changes.since.generatedAt)}:
                </Text>
                {p.changes.sections.map((s) => (
                  <div key={s.title}>
                    <Text size="sm" fw={600}>
                      {s.title} ({s.change})
                    </Text>
                    {s.removed.map((l) => (
                      <Text key={`-${l}`} size="xs" c="red.9" style={{ textDecoration: 'line-through' }}>
                        {l}
                      </Text>
                    ))}
                    {s.added.map((l) => (
                      <Text key={`+${l}`} size="xs" c="teal.9">
                        {l}
                      </Text>
                    ))}
                  </div>
                ))}
              </Stack>
            )}
          </Alert>
          <iframe
            title={`${DOCUMENT_LABEL[kind]} preview`}
            srcDoc={p.html}
            sandbox=""
            style={{ width: '100%', height: 640, border: '1px solid var(--mantine-color-default-border)', marginTop: 12, background: '#fff' }}
          />
        </Paper>
      ) : null}
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">
          Generated documents
        </Title>
        {history.data?.length ? (
          <Table data-testid="document-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Document</Table.Th>
                <Table.Th>Format</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>Content hash</Table.Th>
                <Table.Th>By</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td>{formatDateTime(h.generatedAt)}</Table.Td>
                  <Table.Td>{DOCUMENT_LABEL[h.kind]}</Table.Td>
                  <Table.Td>{h.format.toUpperCase()}</Table.Td>
                  <Table.Td>
                    {h.final ? (
                      <Badge color="teal" variant="light" tt="none">
                        final (given to client)
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light" tt="none">
                        draft
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Code>{h.contentHash.slice(0, 12)}</Code>
                  </Table.Td>
                  <Table.Td>{h.generatedBy}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            No document has been generated for this site yet.
          </Text>
        )}
      </Paper>
      <BackupsCard siteId={site.id} disabled={Boolean(site.archivedAt)} knownGood={facts.data ? <KnownGood site={site} facts={facts.data} /> : null} />
      <RunbookEditor scope={{ siteId: site.id }} disabled={Boolean(site.archivedAt)} />
      {bulk ? <BulkExportDialog siteIds={[site.id]} label={`“${site.name}”`} onClose={() => setBulk(false)} /> : null}
    </Stack>
  );
}
