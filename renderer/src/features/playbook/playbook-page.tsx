import { Alert, Anchor, Badge, Button, Code, FileButton, Group, List, Paper, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { OPERATOR_ROLES, ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS } from '@core/playbook/schema';
import { WorkbenchError } from '@core/errors';
import { notifySaved } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { downloadFile } from '../../lib/download';
import { rpc } from '../../lib/rpc';
import { PlaybookItemsSection } from './playbook-items';
import { FindingRuleSettingsSection } from '../findings/finding-rule-settings';
import { operatorQueries } from '../operators/queries';
import { useImportPlaybook } from './mutations';
import { playbookQueries } from './queries';

export function PlaybookPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'items' ? 'items' : 'sops';
  const matrix = useQuery(playbookQueries.matrix());
  // The same count as the Dashboard's, from the same channel.
  const retraining = useQuery(operatorQueries.needingRetraining(1));
  const [importError, setImportError] = useState<WorkbenchError | Error | null>(null);
  const doImport = useImportPlaybook({
    onSuccess: (r) => {
      setImportError(null);
      notifySaved(`Playbook imported: ${r.published} SOP${r.published === 1 ? '' : 's'} changed, ${r.unchanged} unchanged, ${r.scenarios} scenario checks.`);
    },
    onError: (e) => setImportError(e as Error),
  });
  const doExport = async () => {
    const pb = await rpc('playbook.export', {});
    downloadFile(`sophmate-playbook-v${pb.version}.json`, 'application/json', JSON.stringify(pb, null, 2));
  };
  const cell = (workflow: string, role: string) => matrix.data?.cells.find((c) => c.workflow === workflow && c.role === role);

  return (
    <Stack maw={1300}>
      <Group justify="space-between">
        <div>
          <Title order={2}>Playbook</Title>
          <Text c="dimmed" size="sm">
            Role-specific SOPs for the six SophMate workflows, the production checklist, acceptance checks and review cadences. Operators sign the current SOP
            versions and pass their role’s scenario check before they get access.
          </Text>
        </div>
        <Group>
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void doExport()}>
            Export playbook
          </Button>
          <FileButton onChange={(f) => f && doImport.mutate(f)} accept="application/json,.json">
            {(props) => (
              <Button variant="default" leftSection={<IconUpload size={16} />} loading={doImport.isPending} {...props}>
                Import playbook…
              </Button>
            )}
          </FileButton>
        </Group>
      </Group>
      {importError ? (
        <Alert
          color="red"
          title={importError.message}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setImportError(null)}
          data-testid="import-problems"
        >
          {importError instanceof WorkbenchError && importError.details?.issues?.length ? (
            <List size="sm" spacing={2}>
              {importError.details.issues.slice(0, 50).map((i, n) => (
                <List.Item key={n}>
                  <Code>{i.path}</Code> {i.message}
                </List.Item>
              ))}
            </List>
          ) : null}
        </Alert>
      ) : null}
      <Tabs value={tab} onChange={(t) => setParams(t === 'items' ? { tab: 'items' } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="sops">SOPs</Tabs.Tab>
          <Tabs.Tab value="items">Checklist, acceptance and cadences</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sops" pt="md">
          {retraining.data ? (
            <Text size="sm" mb="sm" data-testid="retraining-total">
              {retraining.data.total === 0
                ? 'No operator needs retraining: everyone signed the current SOPs of their role.'
                : `${retraining.data.total.toLocaleString()} operator${retraining.data.total === 1 ? ' needs' : 's need'} retraining: they signed an earlier version of an SOP of their role, not the current one. The badges count them per SOP.`}
            </Text>
          ) : null}
          <Paper withBorder style={{ overflowX: 'auto' }}>
            <Table aria-label="SOP matrix: workflows by role" withColumnBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Workflow</Table.Th>
                  {OPERATOR_ROLES.map((r) => (
                    <Table.Th key={r} style={{ textAlign: 'center' }}>
                      {ROLE_LABEL[r]}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {WORKFLOWS.map((wf) => (
                  <Table.Tr key={wf}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {WORKFLOW_LABEL[wf]}
                      </Text>
                    </Table.Td>
                    {OPERATOR_ROLES.map((role) => {
                      const c = cell(wf, role);
                      if (!c) {
                        return (
                          <Table.Td key={role} style={{ textAlign: 'center' }}>
                            <Text size="xs" c="dimmed">
                              not used
                            </Text>
                          </Table.Td>
                        );
                      }
                      return (
                        <Table.Td key={role} style={{ textAlign: 'center' }}>
                          <Stack gap={2} align="center">
                            <Anchor
                              href={`#/playbook/${wf}/${role}`}
                              size="sm"
                              aria-label={`${WORKFLOW_LABEL[wf]} SOP for ${ROLE_LABEL[role]}, version ${c.version}`}
                            >
                              v{c.version}
                            </Anchor>
                            <Text size="xs" c="dimmed">
                              {formatDate(c.publishedAt)}
                            </Text>
                            {c.operatorsNeedingRetraining > 0 ? (
                              <Tooltip label="Operators who signed an older version">
                                <Badge color="orange" variant="light" size="xs" tt="none">
                                  {c.operatorsNeedingRetraining} to retrain
                                </Badge>
                              </Tooltip>
                            ) : null}
                          </Stack>
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <Stack mt="md">
            <FindingRuleSettingsSection />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="items" pt="md">
          <PlaybookItemsSection />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
