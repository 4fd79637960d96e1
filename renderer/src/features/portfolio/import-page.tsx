/**
 * The portfolio import (route /import): choose a CSV or XLSX file -> upload it -> how it is read and
 * which column is which field -> a dry run (progress, cancel) and its report -> import of the good
 * rows once confirmed (progress, cancel). Nothing is stored before "Import"; an upload left behind by
 * leaving the page is discarded.
 */
import { Alert, Button, Checkbox, Group, Paper, Progress, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { WorkbenchEvents } from '@core/contract/index';
import { PortfolioMapping, type ImportReport } from '@core/contract/portfolio';
import { WorkbenchError } from '@core/errors';
import { IMPORT_KINDS, type ImportKind } from '@core/portfolio/fields';
import { mappingProblems } from '@core/portfolio/mapping';
import { errorMessage } from '../../lib/errors';
import { onEvent } from '../../lib/rpc';
import { cancelJob } from '../jobs/calls';
import { discardUpload, uploadBinaryFile, uploadFile } from '../uploads/upload';
import { dryRunPortfolio, inspectPortfolio, useImportPortfolio, type ImportResult, type Inspected } from './calls';
import { fieldOfIssue, MappingStep } from './mapping-step';
import { ReadOptions, type ReadChoice } from './read-options';
import { ImportDone } from './import-done';
import { ReportView } from './report-view';
import { SavedMappings } from './saved-mappings';

type Step = 'file' | 'mapping' | 'report' | 'done';
type Busy =
  | { what: 'upload'; bytes: number; total: number }
  | { what: 'read' }
  | { what: 'check' | 'import'; progress: WorkbenchEvents['import.progress'] | null }
  | null;

const READ_FIELDS = new Set(['sheet', 'headerRow', 'delimiter']);
const STEP_INDEX: Record<Step, number> = { file: 0, mapping: 1, report: 2, done: 4 };

function newJobId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `job-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
const pct = (done: number, total: number) => (total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0);
const rowsText = (n: number) => `${n.toLocaleString()} row${n === 1 ? '' : 's'}`;
/** CSV and other text travels as text; a workbook (or anything else, which main then names) as base64. */
const isText = (name: string) => /\.(csv|tsv|txt)$/i.test(name);

/** The mapping as inspect answered it, with the way the file was read. */
const mappingOf = (info: Inspected): PortfolioMapping => ({
  ...info.mapping,
  kind: info.kind,
  sheet: info.sheet,
  headerRow: info.headerRow,
  delimiter: info.format === 'csv' ? (info.delimiter as PortfolioMapping['delimiter']) : null,
});

export function ImportPage() {
  const [params] = useSearchParams();
  const asked = params.get('kind');
  const initialKind = (IMPORT_KINDS as readonly string[]).includes(asked ?? '') ? (asked as ImportKind) : undefined;
  const importPortfolio = useImportPortfolio();
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<File | null>(null);
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [info, setInfo] = useState<Inspected | null>(null);
  const [mapping, setMapping] = useState<PortfolioMapping | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [saveAs, setSaveAs] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const jobId = useRef<string | null>(null);
  const cancelled = useRef(false);
  const imported = useRef(false);
  const readSeq = useRef(0);
  const uploadRef = useRef<string | null>(null);
  uploadRef.current = uploadId;

  useEffect(
    () =>
      onEvent('import.progress', (p) => {
        if (p.jobId === jobId.current) setBusy((b) => (b && (b.what === 'check' || b.what === 'import') ? { ...b, progress: p } : b));
      }),
    [],
  );
  // Leaving the page before importing: the staged file is dropped.
  useEffect(
    () => () => {
      abort.current?.abort();
      if (uploadRef.current && !imported.current) void discardUpload(uploadRef.current);
    },
    [],
  );

  const showError = (e: unknown) => {
    if (e instanceof WorkbenchError && e.details?.issues?.length) {
      const byField: Record<string, string> = {};
      for (const i of e.details.issues) byField[fieldOfIssue(i.path)] ??= i.message;
      setErrors(byField);
    } else setErrors({});
    setError(errorMessage(e));
  };

  const read = async (id: string, choice: Partial<ReadChoice>, first: boolean) => {
    const seq = ++readSeq.current;
    setBusy({ what: 'read' });
    setError(null);
    try {
      const out = await inspectPortfolio({
        uploadId: id,
        sheet: choice.sheet ?? null,
        headerRow: choice.headerRow ?? null,
        delimiter: choice.delimiter ?? null,
        ...(choice.kind ? { kind: choice.kind } : {}),
      });
      if (seq !== readSeq.current) return;
      setInfo(out);
      setMapping(mappingOf(out));
      setErrors({});
      setStep('mapping');
    } catch (e) {
      if (seq !== readSeq.current) return;
      showError(e);
      if (first) {
        // A file that cannot be read as a spreadsheet is not kept: choose another.
        void discardUpload(id);
        setUploadId(null);
      }
    } finally {
      if (seq === readSeq.current) setBusy(null);
    }
  };

  const pick = async (f: File | null) => {
    setFile(f);
    setError(null);
    setErrors({});
    if (!f) return;
    if (uploadId) void discardUpload(uploadId);
    setUploadId(null);
    setInfo(null);
    setReport(null);
    const ctrl = new AbortController();
    abort.current = ctrl;
    setBusy({ what: 'upload', bytes: 0, total: f.size });
    try {
      const send = isText(f.name) ? uploadFile : uploadBinaryFile;
      const up = await send(f, { signal: ctrl.signal, onProgress: (p) => setBusy({ what: 'upload', bytes: p.bytes, total: p.total }) });
      setUploadId(up.uploadId);
      await read(up.uploadId, { kind: initialKind }, true);
    } catch (e) {
      setBusy(null);
      if (ctrl.signal.aborted) setError('Upload cancelled: nothing was kept. Choose the file again to start over.');
      else showError(e);
    } finally {
      abort.current = null;
    }
  };

  const runJob = async (what: 'check' | 'import') => {
    if (!mapping || !uploadId || !info) return;
    const problems = mappingProblems(mapping.kind, mapping.columns, info.columns);
    const parsed = PortfolioMapping.safeParse(mapping);
    if (problems.length || !parsed.success) {
      setError('The mapping is not ready: see the marked fields.');
      return;
    }
    setError(null);
    setErrors({});
    const id = newJobId();
    jobId.current = id;
    cancelled.current = false;
    setBusy({ what, progress: null });
    try {
      if (what === 'check') {
        const r = await dryRunPortfolio({ jobId: id, uploadId, mapping: parsed.data });
        setReport(r);
        setConfirmed(false);
        setStep('report');
      } else {
        const r = await importPortfolio({ jobId: id, uploadId, mapping: parsed.data, confirm: true, saveMappingAs: saveAs.trim() || undefined });
        // Main removes the upload of an import that ran to its end; a cancelled one's is still ours to drop.
        if (!r.cancelled) imported.current = true;
        setResult(r);
        setStep('done');
      }
    } catch (e) {
      if (cancelled.current) setError(what === 'check' ? 'Dry run cancelled: nothing was written.' : 'Import cancelled.');
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

  const startOver = () => {
    if (uploadId && !imported.current) void discardUpload(uploadId);
    imported.current = false;
    setUploadId(null);
    setFile(null);
    setInfo(null);
    setMapping(null);
    setReport(null);
    setResult(null);
    setSaveAs('');
    setError(null);
    setErrors({});
    setStep('file');
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f) void pick(f);
  };

  const good = report?.good ?? 0;
  const working = Boolean(busy);
  const readErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => READ_FIELDS.has(k)));

  return (
    <Stack gap="md" maw={1280}>
      <Title order={2}>Import sites, clients or people</Title>
      <Stepper active={STEP_INDEX[step]} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="File" description="CSV or Excel" />
        <Stepper.Step label="Columns" description="Map and check" />
        <Stepper.Step label="Dry run" description="Review the report" />
        <Stepper.Step label="Import" description="Good rows only" />
      </Stepper>
      {error ? (
        <Alert color="red" role="alert" data-testid="import-error">
          {error}
        </Alert>
      ) : null}
      {busy && busy.what !== 'read' ? (
        <Paper withBorder p="sm" data-testid="import-progress">
          <Group justify="space-between" mb={6}>
            <Text size="sm">
              {busy.what === 'upload'
                ? `Uploading ${file?.name ?? 'the file'}`
                : `${busy.what === 'check' ? 'Dry run' : 'Importing'}: ${busy.progress ? `${rowsText(busy.progress.rows)} ${busy.progress.phase === 'writing' ? 'written' : 'read'}` : 'starting'}`}
            </Text>
            <Button size="xs" variant="default" onClick={cancel}>
              Cancel
            </Button>
          </Group>
          <Progress
            aria-label={busy.what === 'upload' ? 'Upload progress' : busy.what === 'check' ? 'Dry run progress' : 'Import progress'}
            value={busy.what === 'upload' ? pct(busy.bytes, busy.total) : busy.progress ? pct(busy.progress.bytes, busy.progress.totalBytes) : 0}
            animated
          />
        </Paper>
      ) : null}
      {step === 'file' ? (
        <>
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
              <IconFileSpreadsheet size={32} aria-hidden />
              <Text size="sm">Drop a spreadsheet here (CSV or Excel .xlsx: your own list, or a MainWP or ManageWP export), or choose it:</Text>
              <label htmlFor="portfolio-file">
                <Text size="sm" fw={600}>
                  Spreadsheet file
                </Text>
              </label>
              <input
                id="portfolio-file"
                type="file"
                accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                disabled={working}
                onChange={(e) => void pick(e.currentTarget.files?.[0] ?? null)}
              />
              <Text size="xs" c="dimmed">
                Nothing is stored until you import; you see every change first.
              </Text>
            </Stack>
          </Paper>
          <SavedMappings />
        </>
      ) : null}
      {step === 'mapping' && info && mapping ? (
        <>
          <ReadOptions info={info} errors={readErrors} reading={working} onReadAs={(c) => uploadId && void read(uploadId, c, false)} />
          <MappingStep
            key={`${info.kind}:${info.sheet}:${info.headerRow}`}
            info={info}
            mapping={mapping}
            errors={errors}
            onMapping={setMapping}
            reading={working}
          />
        </>
      ) : null}
      {step === 'report' && report ? (
        <>
          <ReportView report={report} kind={mapping?.kind ?? 'sites'} />
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Checkbox
                label={
                  report.bad + report.duplicates
                    ? `Bad rows are left out: import the ${rowsText(good)} that ${good === 1 ? 'is' : 'are'} good, not the ${rowsText(report.bad + report.duplicates)} listed above.`
                    : 'Bad rows are left out: import the rows of this dry run.'
                }
                checked={confirmed}
                onChange={(e) => setConfirmed(e.currentTarget.checked)}
                disabled={working || good === 0}
              />
              <TextInput
                label="Save this mapping as"
                description="Optional: files with the same columns get this mapping next time."
                placeholder="e.g. Agency site list"
                value={saveAs}
                onChange={(e) => setSaveAs(e.currentTarget.value)}
                error={errors.saveMappingAs}
                maw={420}
              />
            </Stack>
          </Paper>
        </>
      ) : null}
      {step === 'done' && result ? <ImportDone result={result} kind={mapping?.kind ?? 'sites'} onAgain={startOver} /> : null}
      {step === 'mapping' || step === 'report' ? (
        <Group justify="space-between">
          <Button variant="default" onClick={step === 'report' ? () => setStep('mapping') : startOver} disabled={working}>
            {step === 'report' ? 'Back to the columns' : 'Choose another file'}
          </Button>
          <Group>
            {step === 'mapping' ? (
              <Button onClick={() => void runJob('check')} loading={busy?.what === 'check'} disabled={working}>
                Dry run
              </Button>
            ) : (
              <>
                <Button variant="default" onClick={() => void runJob('check')} disabled={working}>
                  Dry run again
                </Button>
                <Button onClick={() => void runJob('import')} loading={busy?.what === 'import'} disabled={working || good === 0 || !confirmed}>
                  Import {rowsText(good)}
                </Button>
              </>
            )}
          </Group>
        </Group>
      ) : null}
    </Stack>
  );
}
