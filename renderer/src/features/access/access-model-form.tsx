import { Alert, Button, Checkbox, Group, NativeSelect, Radio, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { type AccessModel, APPROVAL_LIMITS } from '@core/contract/access';
import type { Site } from '@core/contract/sites';
import { RESPONSIBILITY_INFO } from '@core/domain/responsibilities';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { OPERATOR_ROLES, ROLE_LABEL, WORKFLOW_LABEL, WORKFLOWS, type OperatorRole, type Workflow } from '@core/playbook/schema';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { DateField } from '../../lib/date-field';
import { LIMIT_LABEL, isWrite, placeIssues, toDraft, toInput, usesApprovals, type Draft, type Limit, type RoleRow } from './access-draft';
import { useUpdateAccess } from './mutations';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { PersonSelect } from '../people/person-select';

/**
 * The form edits the model as it was when opened (`base`); a change saved elsewhere meanwhile does
 * not wipe the edits, it is reported, and saving then answers with the stale-version error.
 */
export function AccessModelForm({ site, latest, onReload }: { site: Site; latest: AccessModel; onReload: () => void }) {
  const [model] = useState(latest);
  const [draft, setDraft] = useState<Draft>(() => toDraft(latest));
  const [issues, setIssues] = useState<ReturnType<typeof placeIssues>>({ byRole: {}, other: {} });
  const [formError, setFormError] = useState<{ message: string; stale: boolean } | null>(null);
  const readOnly = Boolean(site.archivedAt);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setRole = (role: OperatorRole, patch: Partial<RoleRow>) => setDraft((d) => ({ ...d, roles: { ...d.roles, [role]: { ...d.roles[role], ...patch } } }));

  const save = useUpdateAccess({
    onSuccess: () => {
      setIssues({ byRole: {}, other: {} });
      setFormError(null);
      notifySaved(`Access model of “${site.name}” saved.`);
      onReload();
    },
    onError: (e) => {
      const usedRoles = OPERATOR_ROLES.filter((role) => draft.roles[role].used);
      const placed = placeIssues(issuesByPath(e), usedRoles);
      setIssues(placed);
      const known = new Set(['enabledWorkflows', 'providerTier', 'bulkApprovalRisk', 'firstRunCompletedOn', 'firstRunCompletedById']);
      const unplaced = Object.keys(placed.other).some((p) => !known.has(p));
      const anyPlaced = Object.keys(placed.byRole).length > 0 || Object.keys(placed.other).some((p) => known.has(p));
      if (e instanceof WorkbenchError && e.code === ErrorCode.STALE_VERSION) setFormError({ message: e.message, stale: true });
      else if (!anyPlaced || unplaced) setFormError({ message: errorMessage(e), stale: false });
      else setFormError(null);
    },
  });

  useUnsavedChanges({
    label: 'the access model',
    dirty: !readOnly && JSON.stringify(draft) !== JSON.stringify(toDraft(model)),
    save: () =>
      save.mutateAsync(toInput(site.id, model.version, draft).input).then(
        () => true,
        () => false,
      ),
    discard: () => setDraft(toDraft(model)),
  });

  const newlyWrite = draft.enabledWorkflows.filter((w) => isWrite(w) && !model.enabledWorkflows.includes(w));
  const keyOwnerLabel = RESPONSIBILITY_INFO.provider_key_billing.label;

  return (
    <form
      aria-label="Access model"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(toInput(site.id, model.version, draft).input);
      }}
    >
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="md">
          {!formError && !save.isPending && !save.isSuccess && latest.version !== model.version ? (
            <Alert color="yellow" title="Changed elsewhere" data-testid="access-model-changed">
              <Text size="sm">Someone saved this access model after you opened it. Reload it to see their changes (your edits here are discarded).</Text>
              <Button mt="xs" size="xs" variant="default" onClick={onReload}>
                Reload the access model
              </Button>
            </Alert>
          ) : null}
          {formError ? (
            <Alert color="red" title={formError.stale ? 'Changed elsewhere' : 'Not saved'} role="alert" data-testid="access-model-error">
              <Text size="sm">{formError.message}</Text>
              {formError.stale ? (
                <Button mt="xs" size="xs" variant="default" onClick={onReload}>
                  Reload the access model
                </Button>
              ) : null}
            </Alert>
          ) : null}

          <Checkbox.Group
            label="Enabled workflows"
            description="The SophMate workflows switched on at this site. Operators are only given access to enabled workflows."
            value={draft.enabledWorkflows}
            onChange={(v) => set('enabledWorkflows', v as Workflow[])}
            error={issues.other.enabledWorkflows}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
              {WORKFLOWS.map((w) => (
                <Checkbox key={w} value={w} label={WORKFLOW_LABEL[w]} description={isWrite(w) ? 'Write-capable: changes the site' : 'Read-only'} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          <Text size="xs" c="dimmed">
            Enabling a write-capable workflow outdates the site’s rollback plan: generate a new final rollback plan after saving.
          </Text>
          {newlyWrite.length ? (
            <Alert color="yellow" icon={<IconAlertTriangle size={16} />} data-testid="write-enable-warning">
              Saving enables {newlyWrite.map((w) => WORKFLOW_LABEL[w]).join(', ')}: the current rollback plan will be out of date until a new final one is
              generated (Documents tab).
            </Alert>
          ) : null}

          <div>
            <Title order={4} size="h6">
              Roles and Permissions
            </Title>
            <Text size="xs" c="dimmed" mb={6}>
              Map each operator role used here to its WordPress/SophMate role, and set the highest risk it may approve.
            </Text>
            <Table aria-label="Roles and Permissions" verticalSpacing={6} withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Operator role</Table.Th>
                  <Table.Th>Used at this site</Table.Th>
                  <Table.Th>WordPress/SophMate role</Table.Th>
                  <Table.Th>Approval limit</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {OPERATOR_ROLES.map((role) => {
                  const row = draft.roles[role];
                  const err = issues.byRole[role] ?? {};
                  const label = ROLE_LABEL[role];
                  const approves = usesApprovals(role);
                  return (
                    <Table.Tr key={role} data-testid={`role-row-${role}`}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {label}
                        </Text>
                        {err.role ? (
                          <Text size="xs" c="red.9">
                            {err.role}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        <Checkbox
                          aria-label={`${label} used at this site`}
                          checked={row.used}
                          onChange={(e) => {
                            const used = e.currentTarget.checked;
                            setRole(role, used ? { used } : { used, maxApproveRisk: 'none' });
                          }}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`WordPress/SophMate role for ${label}`}
                          placeholder={row.used ? 'e.g. Shop manager + SophMate Drafter' : 'Not used'}
                          disabled={!row.used}
                          value={row.wordpressRole}
                          onChange={(e) => setRole(role, { wordpressRole: e.currentTarget.value })}
                          error={err.wordpressRole}
                          size="xs"
                        />
                      </Table.Td>
                      <Table.Td>
                        <NativeSelect
                          aria-label={`Approval limit for ${label}`}
                          data={APPROVAL_LIMITS.map((l) => ({ value: l, label: LIMIT_LABEL[l] }))}
                          value={row.maxApproveRisk}
                          disabled={!row.used || !approves}
                          onChange={(e) => setRole(role, { maxApproveRisk: e.currentTarget.value as Limit })}
                          error={err.maxApproveRisk}
                          description={approves ? undefined : `${label}s do not use Workflow approvals.`}
                          size="xs"
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </div>

          <Radio.Group
            label="Bulk approval"
            description="SophMate allows bulk approval for low-risk plans only; it needs Workflow approvals enabled."
            value={draft.bulkApprovalRisk ?? 'off'}
            onChange={(v) => set('bulkApprovalRisk', v === 'low' ? 'low' : null)}
            error={issues.other.bulkApprovalRisk}
          >
            <Group mt={6}>
              <Radio value="off" label="Off" />
              <Radio value="low" label="Low-risk plans only" />
            </Group>
          </Radio.Group>

          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="AI provider"
              value={latest.provider ?? 'Not recorded'}
              readOnly
              variant="filled"
              description="From the setup record above: change it there."
            />
            <TextInput
              label="Plan or model tier"
              placeholder="e.g. Team plan, GPT-4o mini"
              value={draft.providerTier}
              onChange={(e) => set('providerTier', e.currentTarget.value)}
              error={issues.other.providerTier}
            />
            <TextInput
              label="Key & billing owner"
              value={latest.keyOwnerName ?? 'Nobody assigned'}
              readOnly
              variant="filled"
              description={`Assigned on the Owners tab (${keyOwnerLabel}). The key itself is never recorded.`}
            />
          </SimpleGrid>

          <div>
            <Title order={4} size="h6">
              First-Run Checklist
            </Title>
            <Text size="xs" c="dimmed" mb={6}>
              SophMate’s own first-run steps. Nobody is given access before it is recorded as completed.
            </Text>
            <Group align="flex-start" grow>
              <DateField
                label="First-Run Checklist completed on"
                value={draft.firstRunCompletedOn}
                onChange={(day) => set('firstRunCompletedOn', day)}
                error={issues.other.firstRunCompletedOn}
                disabled={readOnly}
                emptyText="Not recorded"
              />
              <PersonSelect
                label="First-Run Checklist completed by"
                clearable
                value={draft.firstRunCompletedById}
                selectedName={draft.firstRunCompletedById === model.firstRunCompletedById ? model.firstRunCompletedByName : null}
                onChange={(id) => set('firstRunCompletedById', id)}
                error={issues.other.firstRunCompletedById}
                disabled={readOnly}
              />
            </Group>
          </div>

          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {model.recorded ? `Last saved ${formatDateTime(model.updatedAt)}.` : 'Not recorded yet.'}
            </Text>
            {readOnly ? null : (
              <Button type="submit" loading={save.isPending}>
                Save access model
              </Button>
            )}
          </Group>
        </Stack>
      </fieldset>
    </form>
  );
}
