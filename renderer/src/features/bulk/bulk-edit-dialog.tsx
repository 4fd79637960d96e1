import { Alert, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { InputOf, OutputOf } from '@core/contract/index';
import { WorkbenchError } from '@core/errors';
import { errorMessage, issuesByPath } from '../../lib/errors';
import { onEvent } from '../../lib/rpc';
import { cancelJob } from '../jobs/calls';
import { actionOf, BulkActionForm, EMPTY_DRAFT, type BulkDraft } from './bulk-action-form';
import { BulkResults } from './bulk-results';
import { previewBulk } from './calls';
import { useApplyBulk } from './mutations';

type Preview = OutputOf<'bulk.preview'>;
type Report = OutputOf<'bulk.apply'>;
type Step = 'choose' | 'previewing' | 'preview' | 'applying' | 'done';

const newJobId = () => `bulk-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const sites = (n: number) => `${n.toLocaleString()} site${n === 1 ? '' : 's'}`;

/**
 * One change made to every site of the filtered Sites list: choose the change, preview what it does
 * to each site (tried through the same rules as a single edit, then rolled back), apply it to the
 * sites that would change, with progress and cancel, and read what happened to each.
 */
export function BulkEditDialog({ filter, label, onClose }: { filter: InputOf<'bulk.preview'>['filter']; label: string; onClose: () => void }) {
  const [draft, setDraft] = useState<BulkDraft>(EMPTY_DRAFT);
  const [step, setStep] = useState<Step>('choose');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [hadBlocked, setHadBlocked] = useState(false);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const jobId = useRef<string | null>(null);
  const apply = useApplyBulk();

  // Listen before the call starts: the first progress can arrive before the answer.
  useEffect(
    () =>
      onEvent('bulk.progress', (p) => {
        if (p.jobId === jobId.current) setProgress({ done: p.done, total: p.total });
      }),
    [],
  );

  const running = step === 'previewing' || step === 'applying';
  const set = (patch: Partial<BulkDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // A preview answers for the change it was made for: any edit asks for a new one.
    setPreview(null);
    setIssues({});
    if (step === 'preview') setStep('choose');
  };

  const fail = (e: unknown) => {
    const byPath = issuesByPath(e);
    const placed = Object.keys(byPath).some((p) => p.startsWith('action.'));
    setIssues(byPath);
    setProblem(placed && e instanceof WorkbenchError && e.code === 'INVALID_INPUT' ? null : errorMessage(e));
  };

  const runPreview = async () => {
    setProblem(null);
    setIssues({});
    setStep('previewing');
    setProgress(null);
    jobId.current = newJobId();
    try {
      const p = await previewBulk({ filter, action: actionOf(draft), jobId: jobId.current });
      setPreview(p);
      if (draft.kind === 'changeStage' && p.counts.blocked > 0) setHadBlocked(true);
      setStep('preview');
    } catch (e) {
      fail(e);
      setStep('choose');
    } finally {
      jobId.current = null;
    }
  };

  const runApply = async () => {
    if (!preview) return;
    setProblem(null);
    setStep('applying');
    const changing = new Set(preview.results.filter((r) => r.outcome === 'changed').map((r) => r.siteId));
    const sites = preview.sites.filter((s) => changing.has(s.id));
    setProgress({ done: 0, total: sites.length });
    jobId.current = newJobId();
    try {
      setReport(await apply.mutateAsync({ sites, action: actionOf(draft), jobId: jobId.current, confirm: true }));
      setStep('done');
    } catch (e) {
      fail(e);
      setStep('preview');
    } finally {
      jobId.current = null;
    }
  };

  const cancel = () => {
    const id = jobId.current;
    if (id) void cancelJob(id).catch((e: unknown) => setProblem(`Cannot cancel: ${errorMessage(e)}`));
  };

  const willChange = preview?.counts.changed ?? 0;
  return (
    <Modal
      opened
      onClose={() => (running ? undefined : onClose())}
      closeOnEscape={!running}
      closeOnClickOutside={!running}
      withCloseButton={!running}
      title={`Bulk edit ${label}`}
      size="xl"
    >
      <Stack>
        {step === 'done' && report ? (
          <>
            <Text>
              {report.cancelled
                ? `Cancelled after ${sites(report.results.length)}: the sites listed below were done, the others were not changed.`
                : `Done: ${sites(report.counts.changed)} changed.`}
            </Text>
            <BulkResults report={report} preview={false} />
            <Group justify="flex-end">
              <Button onClick={onClose}>Close</Button>
            </Group>
          </>
        ) : (
          <>
            <BulkActionForm draft={draft} set={set} issues={issues} showOverride={hadBlocked} disabled={running} />
            {problem ? (
              <Alert color="red" role="alert">
                {problem}
              </Alert>
            ) : null}
            {running ? (
              <Stack gap={4}>
                <Text size="sm" id="bulk-progress-label">
                  {step === 'previewing' ? 'Trying the change on each site…' : 'Changing the sites…'}
                  {progress ? ` ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}` : ''}
                </Text>
                <Progress
                  value={progress && progress.total ? (100 * progress.done) / progress.total : 0}
                  aria-labelledby="bulk-progress-label"
                  animated={!progress}
                />
              </Stack>
            ) : null}
            {preview && step !== 'previewing' ? (
              <>
                {preview.cancelled ? <Text c="dimmed">The preview was cancelled: preview again to apply the change.</Text> : null}
                <BulkResults report={preview} preview />
              </>
            ) : null}
            <Group justify="flex-end">
              {running ? (
                <Button variant="default" color="red" onClick={cancel}>
                  Cancel
                </Button>
              ) : (
                <>
                  <Button variant="default" onClick={onClose}>
                    Close
                  </Button>
                  <Button variant={preview ? 'default' : 'filled'} onClick={() => void runPreview()}>
                    {preview ? 'Preview again' : 'Preview'}
                  </Button>
                  {preview ? (
                    <Button onClick={() => void runApply()} disabled={willChange === 0 || preview.cancelled}>
                      Apply to {sites(willChange)}
                    </Button>
                  ) : null}
                </>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
