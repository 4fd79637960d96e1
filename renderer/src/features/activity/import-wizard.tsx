/**
 * The activity import wizard: choose a file -> upload it (progress, cancel) -> preview and map its
 * columns -> check it (a dry run: progress, cancel) -> read the report, match actors -> import the
 * good rows (progress, cancel). Nothing is stored before "Import".
 */
import { Alert, Button, Group, Modal, Paper, Progress, Stack, Stepper, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUpload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { ActivityMapping, type ActivityReport } from '@core/contract/activity';
import type { WorkbenchEvents } from '@core/contract/index';
import type { ActivityFormat, ActivityKind } from '@core/activity/vocabulary';
import { WorkbenchError } from '@core/errors';
import { errorMessage } from '../../lib/errors';
import { onEvent } from '../../lib/rpc';
import { cancelJob } from '../jobs/calls';
import { operatorQueries } from '../operators/queries';
import { discardUpload, uploadFile } from '../uploads/upload';
import { dryRunActivity, previewActivity, useImportActivity } from './calls';
import { MappingStep, mappingErrorKey, type PreviewData } from './mapping-step';
import { ReportView } from './report-view';

type Step = 'file' | 'mapping' | 'report';
type Busy = { what: 'upload'; bytes: number; total: number } | { what: 'check' | 'import'; progress: WorkbenchEvents['import.progress'] | null } | null;

function newJobId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `job-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

const pct = (done: number, total: number) => (total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0);
const MB = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

export function ImportWizard({ siteId, siteName, onClose }: { siteId: string; siteName: string; onClose: () => void }) {
  const operators = useQuery(operatorQueries.list(siteId));
  const importActivity = useImportActivity();
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<File | null>(null);
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewData | null>(null);
  const [mapping, setMapping] = useState<ActivityMapping | null>(null);
  const [report, setReport] = useState<ActivityReport | null>(null);
  const [chosen, setChosen] = useState<Record<string, string | null>>({});
  const [eventTypes, setEventTypes] = useState<Record<string, ActivityKind>>({});
  const [saveAs, setSaveAs] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const jobId = useRef<string | null>(null);
  const cancelled = useRef(false);
  const imported = useRef(false);
  const uploadRef = useRef<string | null>(null);
  uploadRef.current = uploadId;

  // Progress of the running check or import, for the job this wizard started.
  useEffect(
    () =>
      onEvent('import.progress', (p) => {
        if (p.jobId === jobId.current) setBusy((b) => (b && b.what !== 'upload' ? { ...b, progress: p } : b));
      }),
    [],
  );
  // An upload left behind by closing the wizard is discarded.
  useEffect(
    () => () => {
      abort.current?.abort();
      if (uploadRef.current && !imported.current) void discardUpload(uploadRef.current);
    },
    [],
  );

  const fullMapping = (): ActivityMapping | null => {
    if (!mapping) return null;
    const types = new Map(mapping.eventTypes.map((t) => [t.raw, t.kind] as const));
    for (const [raw, kind] of Object.entries(eventTypes)) types.set(raw, kind);
    return { ...mapping, eventTypes: [...types].map(([raw, kind]) => ({ raw, kind })) };
  };
  const actors = () => Object.entries(chosen).map(([actor, operatorId]) => ({ actor, operatorId }));

  const showError = (e: unknown) => {
    if (e instanceof WorkbenchError && e.details?.issues?.length) {
      const byField: Record<string, string> = {};
      for (const i of e.details.issues) byField[mappingErrorKey(i.path)] = i.message;
      setErrors(byField);
      setError(e.message);
    } else setError(errorMessage(e));
  };

  const readPreview = async (id: string, format?: ActivityFormat, delimiter?: string | null) => {
    setError(null);
    try {
      const p = await previewActivity({ siteId, uploadId: id, ...(format ? { format } : {}), ...(delimiter ? { delimiter } : {}) });
      setPreview(p);
      setMapping(p.mapping);
      setErrors({});
      setStep('mapping');
    } catch (e) {
      showError(e);
    }
  };

  const pick = async (f: File | null) => {
    setFile(f);
    setError(null);
    if (!f) return;
    if (uploadId) void discardUpload(uploadId);
    setUploadId(null);
    setReport(null);
    const ctrl = new AbortController();
    abort.current = ctrl;
    setBusy({ what: 'upload', bytes: 0, total: f.size });
    try {
      const info = await uploadFile(f, { signal: ctrl.signal, onProgress: (p) => setBusy({ what: 'upload', bytes: p.bytes, total: p.total }) });
      setUploadId(info.uploadId);
      setBusy(null);
      await readPreview(info.uploadId);
    } catch (e) {
      setBusy(null);
      if (ctrl.signal.aborted) setError('Upload cancelled: nothing was kept. Choose the file again to start over.');
      else showError(e);
    } finally {
      abort.current = null;
    }
  };

  const validMapping = (): ActivityMapping | null => {
    const m = fullMapping();
    const parsed = ActivityMapping.safeParse(m);
    if (!parsed.success) {
      const byField: Record<string, string> = {};
      for (const i of parsed.error.issues) byField[mappingErrorKey(i.path.join('.'))] ??= i.message;
      setErrors(byField);
      setError('Some fields need a column: see the marked fields.');
      return null;
    }
    setErrors({});
    return parsed.data;
  };

  /** Runs a dry run or the import as a job with progress and cancel. */
  const runJob = async (what: 'check' | 'import') => {
    const m = validMapping();
    if (!m || !uploadId) return;
    setError(null);
    const id = newJobId();
    jobId.current = id;
    cancelled.current = false;
    setBusy({ what, progress: null });
    try {
      if (what === 'check') {
        const r = await dryRunActivity({ jobId: id, siteId, uploadId, mapping: m, actors: actors() });
        setReport(r);
        setStep('report');
      } else {
        const r = await importActivity({ jobId: id, siteId, uploadId, mapping: m, actors: actors(), saveSourceAs: saveAs.trim() || undefined });
        if (r.cancelled || r.importId === null) {
          setReport(r);
          setError(r.cancelled ? 'Import cancelled: nothing was imported.' : 'Nothing was imported: every good row was already imported before.');
        } else {
          imported.current = true;
          notifications.show({
            color: 'teal',
            title: 'Activity imported',
            message: `${r.imported.toLocaleString()} row${r.imported === 1 ? '' : 's'} imported into ${siteName}, ${r.findings.total} finding${r.findings.total === 1 ? '' : 's'}${r.duplicates ? `; ${r.duplicates} already imported were skipped` : ''}.`,
            autoClose: 6000,
            closeButtonProps: { 'aria-label': 'Dismiss' },
          });
          onClose();
        }
      }
    } catch (e) {
      if (cancelled.current) setError(what === 'check' ? 'Check cancelled.' : 'Import cancelled: nothing was imported.');
      else showError(e);
    } finally {
      jobId.current = null;
      setBusy(null);
    }
  };

  const cancel = () => {
    if (busy?.what === 'upload') abort.current?.abort();
    else if (jobId.current) {
      cancelled.current = true;
      void cancelJob(jobId.current).catch((e) => setError(`Cannot cancel: ${errorMessage(e)}`));
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) void pick(f);
  };

  const toImport = report ? Math.max(0, report.good - report.duplicates) : 0;
  const stepIndex = step === 'file' ? 0 : step === 'mapping' ? 1 : 2;
  const operatorOptions = (operators.data ?? []).map((o) => ({ id: o.id, name: o.personName, role: o.role }));

  return (
    <Modal
      opened
      onClose={busy ? () => undefined : onClose}
      title={`Import activity into ${siteName}`}
      size="90rem"
      closeButtonProps={{ 'aria-label': 'Close the import' }}
    >
      <Stack gap="md">
        <Stepper active={stepIndex} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label="File" description="Choose the export" />
          <Stepper.Step label="Columns" description="Map and check" />
          <Stepper.Step label="Report" description="Review and import" />
        </Stepper>
        {error ? (
          <Alert color="red" role="alert" data-testid="import-error">
            {error}
          </Alert>
        ) : null}
        {busy ? (
          <Paper withBorder p="sm" data-testid="import-progress">
            <Group justify="space-between" mb={6}>
              <Text size="sm">
                {busy.what === 'upload'
                  ? `Uploading ${file?.name ?? 'the file'}: ${MB(busy.bytes)} of ${MB(busy.total)}`
                  : `${busy.what === 'check' ? 'Checking' : 'Importing'}: ${busy.progress ? `${busy.progress.rows.toLocaleString()} rows read` : 'starting'}`}
              </Text>
              <Button size="xs" variant="default" onClick={cancel}>
                Cancel
              </Button>
            </Group>
            <Progress
              aria-label={busy.what === 'upload' ? 'Upload progress' : busy.what === 'check' ? 'Check progress' : 'Import progress'}
              value={busy.what === 'upload' ? pct(busy.bytes, busy.total) : busy.progress ? pct(busy.progress.bytes, busy.progress.totalBytes) : 0}
              animated
            />
          </Paper>
        ) : null}
        {step === 'file' ? (
          <Paper
            withBorder
            p="lg"
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            bg={dragging ? 'var(--mantine-color-blue-light)' : undefined}
            data-testid="import-drop"
          >
            <Stack align="center" gap="xs">
              <IconFileUpload size={32} aria-hidden />
              <Text size="sm">Drop a SophMate activity export here (CSV, JSON or JSON Lines), or choose it:</Text>
              <label htmlFor="activity-file">
                <Text size="sm" fw={600}>
                  Activity export file
                </Text>
              </label>
              <input
                id="activity-file"
                type="file"
                accept=".csv,.txt,.tsv,.json,.jsonl,.ndjson,text/csv,application/json"
                disabled={Boolean(busy)}
                onChange={(e) => void pick(e.currentTarget.files?.[0] ?? null)}
              />
              <Text size="xs" c="dimmed">
                The file is read in pieces, so large exports work; nothing is stored until you import.
              </Text>
            </Stack>
          </Paper>
        ) : null}
        {step === 'mapping' && preview && mapping ? (
          <MappingStep
            preview={preview}
            mapping={mapping}
            errors={errors}
            onMapping={setMapping}
            onReadAs={(format, delimiter) => uploadId && void readPreview(uploadId, format, delimiter)}
            reading={Boolean(busy)}
          />
        ) : null}
        {step === 'report' && report ? (
          <ReportView
            report={report}
            operators={operatorOptions}
            chosen={chosen}
            onChoose={(actor, id) => setChosen({ ...chosen, [actor]: id })}
            eventTypes={eventTypes}
            onEventType={(raw, kind) => setEventTypes({ ...eventTypes, [raw]: kind })}
          />
        ) : null}
        {step === 'report' && report ? (
          <TextInput
            label="Save mapping as"
            description="Optional: files with the same columns get this mapping next time."
            placeholder="e.g. SophMate audit export"
            value={saveAs}
            onChange={(e) => setSaveAs(e.currentTarget.value)}
            error={errors.saveSourceAs}
            maw={420}
          />
        ) : null}
        <Group justify="space-between">
          <Group>
            {step !== 'file' ? (
              <Button variant="default" onClick={() => setStep(step === 'report' ? 'mapping' : 'file')} disabled={Boolean(busy)}>
                Back
              </Button>
            ) : null}
          </Group>
          <Group>
            <Button variant="default" onClick={onClose} disabled={Boolean(busy)}>
              Close
            </Button>
            {step === 'mapping' ? (
              <Button onClick={() => void runJob('check')} loading={busy?.what === 'check'} disabled={Boolean(busy)}>
                Check file
              </Button>
            ) : null}
            {step === 'report' ? (
              <>
                <Button variant="default" onClick={() => void runJob('check')} disabled={Boolean(busy)}>
                  Check again
                </Button>
                <Button onClick={() => void runJob('import')} loading={busy?.what === 'import'} disabled={Boolean(busy) || toImport === 0}>
                  Import {toImport.toLocaleString()} row{toImport === 1 ? '' : 's'}
                </Button>
              </>
            ) : null}
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
