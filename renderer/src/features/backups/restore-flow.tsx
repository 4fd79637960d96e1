/**
 * Restoring a backup: the list of backups with "Restore…" on each row and "Restore from a file…",
 * then, in a dialog, the check (and the passphrase of an encrypted backup), the preview of what the
 * backup holds, and a confirmation that says the current workspace is backed up first. The Backups
 * page and the recovery screen of a workspace that cannot be opened both show it.
 */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  Modal,
  PasswordInput,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { BackupInfo, BackupPreview } from '@core/contract/backups';
import { errorMessage, issuesByPath } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { discardUpload, uploadBinaryFile } from '../uploads/upload';
import { formatBytes, REASON_LABEL, versionsOf } from './format';
import { discardRestore, useInspectBackup, useRestoreBackup } from './mutations';

export interface RestoreResult {
  restoredFrom: string;
  safetyCopy: string | null;
}

export interface RestoreFlowProps {
  backups: readonly BackupInfo[];
  /** After the workspace was replaced (the host also tells every window to start afresh). */
  onRestored?: (r: RestoreResult) => void;
}

type Target = { kind: 'backup'; backup: BackupInfo } | { kind: 'file'; file: File };

export function RestoreFlow({ backups, onRestored }: RestoreFlowProps) {
  const [target, setTarget] = useState<{ id: number; target: Target } | null>(null);
  const next = useRef(0);
  const open = (t: Target) => setTarget({ id: ++next.current, target: t });
  return (
    <Stack gap="sm">
      {backups.length === 0 ? (
        <Text size="sm" c="dimmed">
          No backups yet. Use “Back up now”, or restore from a backup file you keep elsewhere.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-label="Backups">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Taken</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Versions</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {backups.map((b) => (
                <Table.Tr key={b.file}>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(b.createdAt)}</Text>
                    <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                      {b.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm">{REASON_LABEL[b.reason]}</Text>
                      {b.encrypted ? (
                        <Badge size="sm" variant="light" color="grape">
                          Encrypted
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatBytes(b.bytes)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{versionsOf(b)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => open({ kind: 'backup', backup: b })} aria-label={`Restore the backup ${b.name}`}>
                      Restore…
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group>
        <FileButton onChange={(file) => file && open({ kind: 'file', file })}>
          {(props) => (
            <Button variant="default" {...props}>
              Restore from a file…
            </Button>
          )}
        </FileButton>
      </Group>
      {target ? <RestoreDialog key={target.id} target={target.target} onClose={() => setTarget(null)} onRestored={onRestored} /> : null}
    </Stack>
  );
}

function RestoreDialog({ target, onClose, onRestored }: { target: Target; onClose: () => void; onRestored?: RestoreFlowProps['onRestored'] }) {
  const inspect = useInspectBackup();
  const restore = useRestoreBackup();
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [preview, setPreview] = useState<BackupPreview | null>(null);
  const [askPassphrase, setAskPassphrase] = useState(target.kind === 'backup' && target.backup.encrypted);
  const [passphrase, setPassphrase] = useState('');
  const [passphraseError, setPassphraseError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [acceptOther, setAcceptOther] = useState(false);
  const [done, setDone] = useState<RestoreResult | null>(null);
  const started = useRef(false);
  const left = useRef({ token: null as string | null, uploadId: null as string | null });
  const title = target.kind === 'backup' ? `the backup of ${formatDateTime(target.backup.createdAt)}` : `“${target.file.name}”`;

  const check = async (source: { backup: string } | { uploadId: string }, pass?: string) => {
    setProblem(null);
    setPassphraseError(null);
    try {
      const p = await inspect.mutateAsync({ source, ...(pass ? { passphrase: pass } : {}) });
      left.current = { token: p.token, uploadId: null };
      setPreview(p);
      setAskPassphrase(false);
    } catch (e) {
      const onField = issuesByPath(e).passphrase;
      if (onField) {
        setAskPassphrase(true);
        if (pass) setPassphraseError(onField);
      } else setProblem(errorMessage(e));
    }
  };
  const sourceOf = (id = uploadId) => (target.kind === 'backup' ? { backup: target.backup.name } : id ? { uploadId: id } : null);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (target.kind === 'backup') {
      if (!target.backup.encrypted) void check({ backup: target.backup.name });
      return;
    }
    setSent(0);
    uploadBinaryFile(target.file, { onProgress: (p) => setSent(p.total ? p.bytes / p.total : 1) }).then(
      (u) => {
        setUploadId(u.uploadId);
        left.current.uploadId = u.uploadId;
        setSent(null);
        void check({ uploadId: u.uploadId });
      },
      (e: unknown) => {
        setSent(null);
        setProblem(errorMessage(e));
      },
    );
    // Runs once per dialog: a new target opens a new dialog (its key).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const close = () => {
    if (!done) {
      if (left.current.token) void discardRestore(left.current.token);
      else if (left.current.uploadId) void discardUpload(left.current.uploadId);
    }
    onClose();
  };

  const runRestore = () => {
    if (!preview) return;
    restore.mutate(
      { token: preview.token, confirm: true, ...(preview.otherWorkspace ? { otherWorkspace: true as const } : {}) },
      {
        onSuccess: (r) => {
          setDone(r);
          onRestored?.(r);
        },
        onError: (e) => setProblem(errorMessage(e)),
      },
    );
  };

  const source = sourceOf();
  return (
    <Modal opened onClose={close} title={`Restore ${title}`} size="lg" closeOnClickOutside={!restore.isPending} withCloseButton={!restore.isPending}>
      <Stack>
        {sent !== null ? (
          <div>
            <Text size="sm" mb={4}>
              Sending the file…
            </Text>
            <Progress value={sent * 100} aria-label="Sending the backup file" />
          </div>
        ) : null}
        {inspect.isPending ? (
          <Text size="sm" role="status">
            Checking the backup (its checksum and the workspace inside it)…
          </Text>
        ) : null}
        {problem ? (
          <Alert color="red" role="alert" title="This backup cannot be restored">
            {problem}
          </Alert>
        ) : null}
        {askPassphrase && !preview && source ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void check(source, passphrase);
            }}
          >
            <Stack gap="xs">
              <Text size="sm">This backup is encrypted. Enter the passphrase it was made with.</Text>
              <PasswordInput
                label="Passphrase"
                value={passphrase}
                onChange={(e) => setPassphrase(e.currentTarget.value)}
                error={passphraseError}
                autoComplete="off"
                data-autofocus
              />
              <Group>
                <Button type="submit" loading={inspect.isPending} disabled={passphrase.length === 0}>
                  Open the backup
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
        {preview && !done ? <PreviewCard preview={preview} /> : null}
        {preview && !done && !confirming ? (
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button onClick={() => setConfirming(true)}>Restore this backup…</Button>
          </Group>
        ) : null}
        {preview && !done && confirming ? (
          <Alert color="orange" title="Replace the open workspace?">
            <Stack gap="xs">
              <Text size="sm">
                The workspace will hold exactly what this backup holds; changes made since {formatDateTime(preview.createdAt)} will no longer be in it. A backup
                of the current workspace is kept first, so you can go back to it.
              </Text>
              {preview.otherWorkspace ? (
                <Checkbox
                  label={`This backup is of another workspace (“${preview.workspaceName}”): replace this workspace with it`}
                  checked={acceptOther}
                  onChange={(e) => setAcceptOther(e.currentTarget.checked)}
                />
              ) : null}
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setConfirming(false)} disabled={restore.isPending}>
                  Back
                </Button>
                <Button color="orange" onClick={runRestore} loading={restore.isPending} disabled={preview.otherWorkspace && !acceptOther}>
                  Replace the workspace
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        {done ? (
          <Alert color="teal" title="Restored" role="status">
            <Text size="sm">The workspace now holds {done.restoredFrom}.</Text>
            {done.safetyCopy ? (
              <Text size="sm" style={{ wordBreak: 'break-all' }}>
                The workspace as it was is kept as {done.safetyCopy}.
              </Text>
            ) : null}
          </Alert>
        ) : null}
        {problem || done ? (
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Close
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Modal>
  );
}

function PreviewCard({ preview }: { preview: BackupPreview }) {
  const fact = (label: string, value: string | number) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </div>
  );
  return (
    <Stack gap="sm" aria-label="What the backup holds" role="group">
      <Title order={4} size="h6">
        The backup checked out: it holds
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {fact('Clients', preview.counts.clients)}
        {fact('Sites', preview.counts.sites)}
        {fact('People', preview.counts.people)}
        {fact('Changes in history', preview.counts.changes)}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {fact('Taken', `${formatDateTime(preview.createdAt)} (${REASON_LABEL[preview.reason].toLowerCase()})`)}
        {fact('Made by', `${preview.appVersion ? `app ${preview.appVersion}` : 'an app version not recorded'}, schema ${preview.schemaVersion}`)}
      </SimpleGrid>
      {preview.lastChange ? (
        <Text size="sm">
          Last change: {preview.lastChange.summary} ({preview.lastChange.actor}, {formatDateTime(preview.lastChange.at)})
        </Text>
      ) : (
        <Text size="sm">No changes recorded in it yet.</Text>
      )}
      {preview.otherWorkspace ? (
        <Alert color="orange" title="A backup of another workspace">
          It was taken from “{preview.workspaceName}”, a different workspace from the one open: restoring it replaces this workspace&apos;s records with that
          workspace&apos;s.
        </Alert>
      ) : null}
      {preview.willMigrate ? (
        <Text size="sm" c="dimmed">
          It was made by an older app version (schema {preview.schemaVersion}); it will be updated to this app version (schema {preview.appSchemaVersion}) when
          it opens, after a backup of its own.
        </Text>
      ) : null}
      {preview.encrypted ? (
        <Text size="sm" c="dimmed">
          It was encrypted; the restored workspace is an ordinary workspace file, like the one open now.
        </Text>
      ) : null}
    </Stack>
  );
}
