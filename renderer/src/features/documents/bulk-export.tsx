import { Alert, Button, Checkbox, Group, Modal, Stack, Switch } from '@mantine/core';
import { useEffect, useState } from 'react';
import { DOCUMENT_KINDS, DOCUMENT_LABEL, type DocumentFormat, type DocumentKind } from '@core/documents/model';
import { errorMessage } from '../../lib/errors';
import { rpc } from '../../lib/rpc';
import { exportJobs, listenForJobs, stopWhenIdle } from './export-jobs';

/**
 * Documents of one or many sites into a folder per site: what to export. The folder is chosen by
 * main (a native dialog); once the export starts, its progress dialog takes over (ExportJobsHost),
 * so the export runs on when that dialog is closed.
 */
export function BulkExportDialog({
  siteIds,
  loadIds,
  label,
  onClose,
}: {
  siteIds?: string[];
  loadIds?: () => Promise<string[]>;
  label: string;
  onClose: () => void;
}) {
  const [kinds, setKinds] = useState<DocumentKind[]>([...DOCUMENT_KINDS]);
  const [formats, setFormats] = useState<DocumentFormat[]>(['pdf']);
  const [final, setFinal] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  // Listen from the start: a short job can report before the call that started it has returned.
  useEffect(() => {
    listenForJobs();
    return () => stopWhenIdle();
  }, []);

  const start = async () => {
    setError(null);
    setStarting(true);
    try {
      const ids = siteIds ?? (await loadIds!());
      const r = await rpc('documents.exportBulk', { siteIds: ids, kinds, formats, final });
      if (r.jobId && r.folder) {
        exportJobs.add({ id: r.jobId, label, folder: r.folder, total: r.total });
        onClose();
        return;
      }
    } catch (e) {
      setError(errorMessage(e));
    }
    setStarting(false);
  };

  return (
    <Modal opened onClose={onClose} title={`Export documents of ${label}`} size="lg">
      <Stack>
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
      </Stack>
    </Modal>
  );
}
