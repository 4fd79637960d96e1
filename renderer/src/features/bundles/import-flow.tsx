/**
 * Importing a handover bundle, in a dialog: the file is sent (with progress), main checks it and
 * answers a preview (problems; per table new, unchanged and conflicting rows; each conflict side by
 * side with "Keep mine" / "Take bundle's"), and "Import" (enabled once every conflict has a choice)
 * writes it after a backup, with progress and cancel. Nothing is written before "Import".
 */
import { Alert, Button, Group, Modal, Paper, Progress, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { OutputOf } from '@core/contract/index';
import type { BundleConflict, BundlePreview } from '@core/contract/bundles';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { onEvent } from '../../lib/rpc';
import { discardUpload, uploadBinaryFile } from '../uploads/upload';
import { cancelJob } from '../jobs/calls';
import { discardBundle, useImportBundle, usePreviewBundle } from './mutations';

type Choice = 'keep' | 'take';
const SCOPE_LABEL = { site: 'one site', client: 'one client', all: 'a whole workspace' } as const;

const show = (v: string | number | null) => (v === null || v === '' ? '—' : String(v));

export function ImportBundleDialog({ file, onClose }: { file: File; onClose: () => void }) {
  const previewing = usePreviewBundle();
  const importing = useImportBundle();
  const [sent, setSent] = useState<number | null>(0);
  const [preview, setPreview] = useState<BundlePreview | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ phase: 'backup' | 'writing' | 'documents'; done: number; total: number } | null>(null);
  const [result, setResult] = useState<OutputOf<'bundles.import'> | null>(null);
  const started = useRef(false);
  const left = useRef({ token: null as string | null, uploadId: null as string | null });
  const jobId = useRef(`bundle-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    uploadBinaryFile(file, { onProgress: (p) => setSent(p.total ? p.bytes / p.total : 1) }).then(
      (u) => {
        left.current.uploadId = u.uploadId;
        setSent(null);
        previewing.mutate(
          { uploadId: u.uploadId },
          {
            onSuccess: (p) => {
              left.current.token = p.token;
              setPreview(p);
            },
            onError: (e) => setProblem(errorMessage(e)),
          },
        );
      },
      (e: unknown) => {
        setSent(null);
        setProblem(errorMessage(e));
      },
    );
    // Runs once per dialog: another file opens another dialog (its key).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(
    () =>
      onEvent('bundle.progress', (p) => {
        if (p.jobId === jobId.current) setProgress({ phase: p.phase, done: p.done, total: p.total });
      }),
    [],
  );

  const close = () => {
    if (importing.isPending) return;
    if (!result) {
      if (left.current.token) void discardBundle(left.current.token);
      else if (left.current.uploadId) void discardUpload(left.current.uploadId);
    }
    onClose();
  };

  const conflicts = preview?.conflicts ?? [];
  const chosen = conflicts.filter((c) => choices[c.id]).length;
  const ready = !!preview?.token && chosen === conflicts.length;
  const chooseAll = (c: Choice) => setChoices(Object.fromEntries(conflicts.map((x) => [x.id, c])));

  const run = () => {
    if (!preview?.token) return;
    setProblem(null);
    // Each choice carries the fingerprint of the conflict as shown: main refuses it if the record changed since.
    const sent = Object.fromEntries(conflicts.filter((c) => choices[c.id]).map((c) => [c.id, { choice: choices[c.id]!, fingerprint: c.fingerprint }]));
    importing.mutate(
      { token: preview.token, choices: sent, confirm: true, jobId: jobId.current },
      {
        onSuccess: (r) => {
          setProgress(null);
          if (r.cancelled) setProblem('Import cancelled: nothing was imported.');
          else {
            left.current.token = null;
            setResult(r);
          }
        },
        onError: (e) => {
          setProgress(null);
          setProblem(errorMessage(e));
        },
      },
    );
  };

  return (
    <Modal opened onClose={close} title={`Import “${file.name}”`} size="xl" closeOnClickOutside={false} withCloseButton={!importing.isPending}>
      <Stack>
        {sent !== null ? (
          <div>
            <Text size="sm" mb={4}>
              Sending the file…
            </Text>
            <Progress value={sent * 100} aria-label="Sending the bundle" />
          </div>
        ) : null}
        {previewing.isPending ? (
          <Text size="sm" role="status">
            Checking the bundle (every file against its checksum, every record against this workspace)…
          </Text>
        ) : null}
        {problem ? (
          <Alert color="red" role="alert" title="Not imported">
            {problem}
          </Alert>
        ) : null}
        {preview && !result ? <PreviewSummary preview={preview} /> : null}
        {preview && !result && conflicts.length ? (
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={3} size="h5">
                {conflicts.length} conflict{conflicts.length === 1 ? '' : 's'}: edited differently here and in the bundle
              </Title>
              <Group gap="xs">
                <Button size="xs" variant="default" onClick={() => chooseAll('keep')}>
                  Keep all mine
                </Button>
                <Button size="xs" variant="default" onClick={() => chooseAll('take')}>
                  Take all the bundle’s
                </Button>
              </Group>
            </Group>
            {conflicts.map((c) => (
              <ConflictCard key={c.id} conflict={c} choice={choices[c.id]} onChoose={(v) => setChoices((old) => ({ ...old, [c.id]: v }))} />
            ))}
          </Stack>
        ) : null}
        {progress ? (
          <div>
            <Text size="sm" mb={4} role="status">
              {progress.phase === 'backup' ? 'Backing up this workspace first…' : 'Importing…'}
            </Text>
            <Progress value={progress.total ? (progress.done / progress.total) * 100 : 0} aria-label="Import progress" />
          </div>
        ) : null}
        {result ? (
          <Alert color="teal" title="Bundle imported" role="status">
            {result.added} record{result.added === 1 ? '' : 's'} added, {result.updated} updated, {result.skipped} left as they were; {result.history} history
            row{result.history === 1 ? '' : 's'} added.{result.backup ? ` This workspace was backed up first: ${result.backup}.` : ''}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          {result ? (
            <Button onClick={onClose}>Done</Button>
          ) : (
            <>
              {importing.isPending ? (
                <Button
                  variant="default"
                  color="red"
                  onClick={() => void cancelJob(jobId.current).catch((e: unknown) => setProblem(`Cannot cancel: ${errorMessage(e)}`))}
                >
                  Cancel import
                </Button>
              ) : (
                <Button variant="default" onClick={close}>
                  {preview?.token ? 'Cancel' : 'Close'}
                </Button>
              )}
              {preview?.token ? (
                <Button onClick={run} disabled={!ready} loading={importing.isPending}>
                  Import
                </Button>
              ) : null}
            </>
          )}
        </Group>
        {preview?.token && !ready && !result ? (
          <Text size="xs" c="dimmed" ta="right">
            Choose for every conflict to import ({chosen} of {conflicts.length} chosen).
          </Text>
        ) : null}
      </Stack>
    </Modal>
  );
}

function PreviewSummary({ preview }: { preview: BundlePreview }) {
  const m = preview.manifest;
  return (
    <Stack gap="sm">
      {m ? (
        <Text size="sm">
          {m.scope.name ? `“${m.scope.name}”, ` : ''}
          {SCOPE_LABEL[m.scope.kind]}, exported {formatDateTime(m.createdAt)} by Rollout Workbench {m.appVersion} (schema {m.schemaVersion}), with {m.documents}{' '}
          document file{m.documents === 1 ? '' : 's'}.
        </Text>
      ) : null}
      {preview.problems.length ? (
        <Alert color="red" title={`This bundle cannot be imported: ${preview.problems.length} problem${preview.problems.length === 1 ? '' : 's'}`}>
          <Stack gap={4} component="ul" style={{ margin: 0, paddingLeft: 18 }} aria-label="Problems">
            {preview.problems.map((p, i) => (
              <li key={i}>
                <Text size="sm">
                  <Text span ff="monospace" size="sm">
                    {p.path}
                  </Text>
                  : {p.message}
                </Text>
              </li>
            ))}
          </Stack>
        </Alert>
      ) : null}
      {preview.tables.length ? (
        <Table.ScrollContainer minWidth={480}>
          <Table striped aria-label="What the bundle holds">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Records</Table.Th>
                <Table.Th ta="right">New</Table.Th>
                <Table.Th ta="right">Unchanged</Table.Th>
                <Table.Th ta="right">Conflicts</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.tables.map((t) => (
                <Table.Tr key={t.table}>
                  <Table.Td>{t.label}</Table.Td>
                  <Table.Td ta="right">{t.new}</Table.Td>
                  <Table.Td ta="right">{t.identical}</Table.Td>
                  <Table.Td ta="right" c={t.conflicts ? 'orange' : undefined} fw={t.conflicts ? 600 : undefined}>
                    {t.conflicts}
                  </Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td>History entries</Table.Td>
                <Table.Td ta="right">{preview.history.new}</Table.Td>
                <Table.Td ta="right">{preview.history.identical}</Table.Td>
                <Table.Td ta="right">—</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}

function ConflictCard({ conflict, choice, onChoose }: { conflict: BundleConflict; choice: Choice | undefined; onChoose: (c: Choice) => void }) {
  return (
    <Paper withBorder p="sm" aria-label={`Conflict: ${conflict.label}`} role="group">
      <Group justify="space-between" align="flex-start" mb="xs">
        <Text fw={600}>{conflict.label}</Text>
        <Radio.Group value={choice ?? null} onChange={(v) => onChoose(v as Choice)} aria-label={`Choice for ${conflict.label}`}>
          <Group gap="md">
            <Radio value="keep" label="Keep mine" />
            <Radio value="take" label="Take bundle’s" />
          </Group>
        </Radio.Group>
      </Group>
      <Table withTableBorder aria-label={`Differences of ${conflict.label}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            <Table.Th>This workspace</Table.Th>
            <Table.Th>The bundle</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {conflict.fields.map((f) => (
            <Table.Tr key={f.field}>
              <Table.Td>{f.label}</Table.Td>
              <Table.Td bg={choice === 'keep' ? 'var(--mantine-color-teal-light)' : undefined} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {show(f.here)}
              </Table.Td>
              <Table.Td bg={choice === 'take' ? 'var(--mantine-color-teal-light)' : undefined} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {show(f.bundle)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
