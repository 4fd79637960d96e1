import { Alert, Button, Checkbox, Code, Group, List, Modal, Progress, Stack, Switch, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { WorkbenchEvents } from '../../../../core/contract/index';
import { DOCUMENT_KINDS, DOCUMENT_LABEL, type DocumentFormat, type DocumentKind } from '../../../../core/documents/model';
import { errorMessage } from '../../lib/errors';
import { onEvent, rpc } from '../../lib/rpc';

type Done = WorkbenchEvents['job.done'];

/**
 * Documents of one or many sites into a folder per site. The folder is chosen by main (a native
 * dialog); progress arrives as events after each site, and Cancel stops between sites.
 */
export function BulkExportDialog({ siteIds, loadIds, label, onClose }: { siteIds?: string[]; loadIds?: () => Promise<string[]>; label: string; onClose: () => void }) {
  const [kinds, setKinds] = useState<DocumentKind[]>([...DOCUMENT_KINDS]);
  const [formats, setFormats] = useState<DocumentFormat[]>(['pdf']);
  const [final, setFinal] = useState(false);
  const [job, setJob] = useState<{ id: string; folder: string; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  // Listen from the start: a short job can report before the call that started it has returned.
  const [events, setEvents] = useState<{ progress: Record<string, { done: number; current: string }>; done: Record<string, Done> }>({ progress: {}, done: {} });
  useEffect(() => {
    const offProgress = onEvent('job.progress', (p) => setEvents((e) => ({ ...e, progress: { ...e.progress, [p.jobId]: { done: p.done, current: p.current } } })));
    const offDone = onEvent('job.done', (d) => setEvents((e) => ({ ...e, done: { ...e.done, [d.jobId]: d } })));
    return () => {
      offProgress();
      offDone();
    };
  }, []);
  const progress = job ? (events.progress[job.id] ?? null) : null;
  const done = job ? (events.done[job.id] ?? null) : null;

  const start = async () => {
    setError(null);
    setStarting(true);
    try {
      const ids = siteIds ?? (await loadIds!());
      const r = await rpc('documents.exportBulk', { siteIds: ids, kinds, formats, final });
      if (r.jobId && r.folder) setJob({ id: r.jobId, folder: r.folder, total: r.total });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };
  const running = job !== null && done === null;

  return (
    <Modal opened onClose={running ? () => {} : onClose} withCloseButton={!running} title={`Export documents of ${label}`} size="lg">
      <Stack>
        {!job ? (
          <>
            <Checkbox.Group label="Documents" value={kinds} onChange={(v) => setKinds(v as DocumentKind[])}>
              <Group mt={4}>
                {DOCUMENT_KINDS.map((k) => (
                  <Checkbox key={k} value={k} label={DOCUMENT_LABEL[k]} />
                ))}
              </Group>
            </Checkbox.Group>
            <Checkbox.Group label="Formats" value={formats} onChange={(v) => setFormats(v as DocumentFormat[])}>
              <Group mt={4}>
                {(['pdf', 'html', 'md'] as const).map((f) => (
                  <Checkbox key={f} value={f} label={f === 'md' ? 'Markdown' : f.toUpperCase()} />
                ))}
              </Group>
            </Checkbox.Group>
            <Switch
              label="Final versions (for the client)"
              description="A site whose document misses parts gets no final version; it is listed instead. Off: drafts, marked DRAFT on every page."
              checked={final}
              onChange={(e) => setFinal(e.currentTarget.checked)}
            />
            {error ? (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button onClick={() => void start()} loading={starting} disabled={kinds.length === 0 || formats.length === 0}>
                Choose folder and export
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm">
              Into <Code>{job.folder}</Code>, a folder per site.
            </Text>
            <Progress value={job.total ? ((done ? (done.cancelled ? done.sites : job.total) : (progress?.done ?? 0)) / job.total) * 100 : 0} aria-label="Export progress" animated={running} />
            <Text size="sm" data-testid="export-progress">
              {done
                ? done.error
                  ? `The export stopped: ${done.error} ${done.files} file${done.files === 1 ? '' : 's'} for ${done.sites} site${done.sites === 1 ? '' : 's'} ${done.files === 1 ? 'was' : 'were'} written before it stopped, each one complete.`
                  : `${done.cancelled ? 'Cancelled after' : 'Done:'} ${done.sites} of ${job.total} site${job.total === 1 ? '' : 's'}, ${done.files} file${done.files === 1 ? '' : 's'}${done.drafts ? ` (${done.drafts} draft${done.drafts === 1 ? '' : 's'} with missing parts)` : ''}.`
                : `${progress?.done ?? 0} of ${job.total} sites${progress ? ` — ${progress.current}` : ''}`}
            </Text>
            {done?.refused.length ? (
              <Alert color="orange" title={`${done.refused.length} final document${done.refused.length === 1 ? '' : 's'} refused: parts are missing`}>
                <List size="sm">
                  {done.refused.slice(0, 20).map((r) => (
                    <List.Item key={`${r.site}-${r.document}`}>
                      {r.document} of “{r.site}”: {r.missing.join('; ')}
                    </List.Item>
                  ))}
                  {done.refused.length > 20 ? <List.Item>and {done.refused.length - 20} more</List.Item> : null}
                </List>
              </Alert>
            ) : null}
            <Group justify="flex-end">
              {running ? (
                <Button color="red" variant="light" onClick={() => void rpc('jobs.cancel', { jobId: job.id })}>
                  Cancel export
                </Button>
              ) : (
                <Button onClick={onClose}>Close</Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
