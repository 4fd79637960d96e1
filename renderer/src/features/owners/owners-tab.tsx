import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, Textarea, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconCircleCheck, IconUserExclamation, IconUserOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { OwnerAssignment } from '@core/contract/owners';
import type { Site } from '@core/contract/sites';
import { RESPONSIBILITY_INFO, type Responsibility } from '@core/domain/responsibilities';
import { responsibilityOwner } from '@core/domain/responsibility-owner';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { errorMessage, issuesByPath, notifyError, notifySaved } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { PersonSelect } from '../people/person-select';
import { useChangeOwner, useUnassignOwner, type OwnerChange } from './mutations';
import { ownerQueries } from './queries';
import { QueryError } from '../../lib/query-state';
import { ExportMenu } from '../portfolio/export-menu';

type Dialog = { kind: 'assign' | 'verify'; responsibility: Responsibility; current: OwnerAssignment | null } | null;

function AssignDialog({ site, dialog, onClose }: { site: Site; dialog: NonNullable<Dialog>; onClose: () => void }) {
  const cur = dialog.current;
  // In verify mode this holds the verifier, chosen explicitly (not pre-filled with the owner).
  const [ownerId, setOwnerId] = useState<string | null>(dialog.kind === 'assign' ? (cur?.ownerId ?? null) : null);
  const [backupId, setBackupId] = useState<string | null>(cur?.backupOwnerId ?? null);
  const [note, setNote] = useState(cur?.note ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const owner = responsibilityOwner(dialog.responsibility);
  const change = (): OwnerChange =>
    dialog.kind === 'assign'
      ? { kind: 'assign', input: { siteId: site.id, responsibility: dialog.responsibility, ownerId: ownerId ?? '', backupOwnerId: backupId ?? '', note } }
      : { kind: 'verify', input: { siteId: site.id, responsibility: dialog.responsibility, verifiedById: ownerId ?? '', note } };
  const save = useChangeOwner({
    onSuccess: () => {
      notifySaved(dialog.kind === 'assign' ? `${owner} saved.` : `${owner} verified.`);
      onClose();
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      const fields = ['ownerId', 'backupOwnerId', 'verifiedById', 'note'];
      setErrors(byPath);
      // A refusal on a field (the owner verifying themselves) says why in its message and the fix on the field.
      const placed = Object.keys(byPath).some((p) => fields.includes(p));
      setFormError(!placed ? errorMessage(e) : e instanceof WorkbenchError && e.code === ErrorCode.REFUSED ? e.message : null);
    },
  });
  const fieldError = (f: string) => errors[f];
  const isAssign = dialog.kind === 'assign';
  const initialOwner = isAssign ? (cur?.ownerId ?? null) : null;
  useUnsavedChanges({
    label: isAssign ? `the ${owner} being ${cur ? 'changed' : 'assigned'}` : `the verification of the ${owner}`,
    dirty: !save.isSuccess && (ownerId !== initialOwner || (isAssign && backupId !== (cur?.backupOwnerId ?? null)) || note !== (cur?.note ?? '')),
    save: () =>
      save.mutateAsync(change()).then(
        () => true,
        () => false,
      ),
    discard: onClose,
  });
  return (
    <Modal opened onClose={onClose} title={isAssign ? `${cur ? 'Change' : 'Assign'} ${owner}` : `Verify ${owner}`} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setErrors({});
          setFormError(null);
          save.mutate(change());
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {RESPONSIBILITY_INFO[dialog.responsibility].description}
          </Text>
          {formError ? (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          ) : null}
          {isAssign ? (
            <>
              <PersonSelect
                label="Owner"
                required
                value={ownerId}
                selectedName={cur?.ownerName}
                onChange={setOwnerId}
                error={fieldError('ownerId')}
                data-autofocus
                openOnFocus={false}
              />
              <PersonSelect
                label="Backup owner"
                clearable
                value={backupId}
                selectedName={cur?.backupOwnerName}
                excludeId={ownerId}
                onChange={setBackupId}
                error={fieldError('backupOwnerId')}
              />
              {cur && ownerId !== cur.ownerId ? <Alert color="yellow">A new owner must be verified again: verification starts over.</Alert> : null}
            </>
          ) : (
            <>
              <Text size="sm">
                Confirm that <b>{cur?.ownerName}</b> can really do this job (for example: restored a backup to staging, reached the host, ran Diagnostics), not
                only that they said yes.
              </Text>
              <PersonSelect
                label="Verified by"
                description={`Someone other than ${cur?.ownerName ?? 'the owner'}: owners do not verify themselves.`}
                required
                value={ownerId}
                excludeId={cur?.ownerId}
                onChange={setOwnerId}
                error={fieldError('verifiedById')}
                data-autofocus
                // Focused as the dialog opens: its list waits for typing, so Esc still closes the dialog.
                openOnFocus={false}
              />
            </>
          )}
          <Textarea
            label="Note"
            placeholder={isAssign ? 'Optional' : 'How it was verified'}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={fieldError('note')}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!ownerId}>
              {isAssign ? 'Save owner' : 'Mark verified'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function OwnersTab({ site }: { site: Site }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const matrix = useQuery(ownerQueries.matrix(site.id));
  const unassign = useUnassignOwner({
    onSuccess: () => {
      notifySaved('Owner removed.');
    },
    onError: (e) => notifyError(e),
  });
  const readOnly = Boolean(site.archivedAt);
  if (matrix.isError) return <QueryError error={matrix.error} />;
  const m = matrix.data;
  return (
    <Stack gap="sm">
      {m ? (
        <Group gap="xs">
          {m.gaps > 0 ? (
            <Badge color="red" variant="light" leftSection={<IconUserExclamation size={12} />}>
              {m.gaps} responsibilit{m.gaps === 1 ? 'y' : 'ies'} without an owner
            </Badge>
          ) : (
            <Badge color="teal" variant="light">
              Every responsibility has an owner
            </Badge>
          )}
          {m.unverified > 0 ? (
            <Badge color="yellow" variant="light">
              {m.unverified} not verified
            </Badge>
          ) : null}
          <Group ml="auto">
            <ExportMenu what="owners" siteId={site.id} label="Export owner matrix" size="xs" />
          </Group>
        </Group>
      ) : null}
      <Paper withBorder>
        <Table aria-label="Owner assignments" verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ width: '32%' }}>Responsibility</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Backup</Table.Th>
              <Table.Th style={{ minWidth: 110 }}>Verified</Table.Th>
              <Table.Th style={{ width: 260 }}>
                <span style={{ position: 'absolute', left: -9999 }}>Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(m?.rows ?? []).map(({ responsibility, assignment: a }) => {
              const info = RESPONSIBILITY_INFO[responsibility];
              const bg = !a ? 'var(--mantine-color-red-light)' : !a.verifiedAt ? 'var(--mantine-color-yellow-light)' : undefined;
              return (
                <Table.Tr key={responsibility} style={{ background: bg }} data-testid={`owner-row-${responsibility}`}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {info.label}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {info.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {a ? (
                      <Group gap={6} wrap="nowrap">
                        <div>
                          <Text size="sm">{a.ownerName}</Text>
                          <Text size="xs" c="dimmed">
                            {a.ownerEmail}
                          </Text>
                        </div>
                        {!a.ownerActive ? (
                          <Tooltip label="This person is inactive or archived: assign someone else">
                            <Badge color="red" size="xs" leftSection={<IconUserOff size={10} />}>
                              inactive
                            </Badge>
                          </Tooltip>
                        ) : null}
                      </Group>
                    ) : (
                      <Text size="sm" c="red.9" fw={700}>
                        No owner
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a?.backupOwnerName ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    {a?.verifiedAt ? (
                      <Tooltip label={a.note ?? 'Verified'} disabled={!a.note}>
                        <Group gap={4} wrap="nowrap">
                          <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />
                          <Text size="xs">
                            {formatDateTime(a.verifiedAt)}
                            <br />
                            by {a.verifiedByName}
                          </Text>
                        </Group>
                      </Tooltip>
                    ) : a ? (
                      <Tooltip label="Nobody else has confirmed this owner can do the job yet: Verify">
                        {/* Sized to its text: a squeezed column never cuts the word. */}
                        <Badge
                          color="yellow"
                          variant="light"
                          size="sm"
                          tt="none"
                          styles={{ root: { maxWidth: 'none', flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } }}
                        >
                          Unverified
                        </Badge>
                      </Tooltip>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    {readOnly ? null : (
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant={a ? 'default' : 'filled'}
                          onClick={() => setDialog({ kind: 'assign', responsibility, current: a })}
                          aria-label={`${a ? 'Change' : 'Assign'} ${responsibilityOwner(responsibility)}`}
                        >
                          {a ? 'Change' : 'Assign'}
                        </Button>
                        {a ? (
                          <Button
                            size="xs"
                            variant={a.verifiedAt ? 'subtle' : 'light'}
                            color="teal"
                            onClick={() => setDialog({ kind: 'verify', responsibility, current: a })}
                            aria-label={`Verify ${responsibilityOwner(responsibility)}`}
                          >
                            {a.verifiedAt ? 'Re-verify' : 'Verify'}
                          </Button>
                        ) : null}
                        {a ? (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${responsibilityOwner(responsibility)}`}
                            onClick={() =>
                              modals.openConfirmModal({
                                title: `Remove ${a.ownerName} as ${responsibilityOwner(responsibility)}?`,
                                children: (
                                  <Text size="sm">The responsibility will have no owner until you assign someone. History keeps the old assignment.</Text>
                                ),
                                labels: { confirm: 'Remove', cancel: 'Cancel' },
                                confirmProps: { color: 'red' },
                                onConfirm: () => unassign.mutate({ siteId: site.id, responsibility }),
                              })
                            }
                          >
                            Remove
                          </Button>
                        ) : null}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
      {dialog ? <AssignDialog site={site} dialog={dialog} onClose={() => setDialog(null)} /> : null}
    </Stack>
  );
}
