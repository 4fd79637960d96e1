import { Affix, Alert, Button, Code, Group, List, Modal, Paper, Progress, Stack, Text } from '@mantine/core';
import { exportJobs, useExportJobs, type ExportJob } from './export-jobs';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** Where the job stands, in one sentence: the same words in the dialog and in the corner panel. */
export function exportStatus(job: ExportJob): string {
  const d = job.done;
  if (d) {
    if (d.error)
      return `The export stopped: ${d.error} ${plural(d.files, 'file')} for ${plural(d.sites, 'site')} ${d.files === 1 ? 'was' : 'were'} written before it stopped, each one complete.`;
    const drafts = d.drafts ? ` (${plural(d.drafts, 'draft')} with missing parts)` : '';
    if (d.cancelled)
      return `Cancelled: ${d.sites.toLocaleString()} of ${plural(job.total, 'site')} complete, ${plural(d.files, 'file')} written${drafts}. Each file written is whole and listed in its site’s document history.`;
    return `Done: ${d.sites.toLocaleString()} of ${plural(job.total, 'site')}, ${plural(d.files, 'file')}${drafts}.`;
  }
  const p = job.progress;
  const counts = `${(p?.done ?? 0).toLocaleString()} of ${plural(job.total, 'site')}, ${plural(p?.files ?? 0, 'file')} written`;
  if (job.cancelling) return `Cancelling… ${counts}; the document being written is finished first.`;
  return p ? `${counts}. Now: ${p.current}` : `${counts}.`;
}

function percent(job: ExportJob): number {
  if (!job.total) return 0;
  const done = job.done ? (job.done.cancelled || job.done.error ? job.done.sites : job.total) : (job.progress?.done ?? 0);
  return (done / job.total) * 100;
}

function ProgressDialog({ job }: { job: ExportJob }) {
  const running = job.done === null;
  return (
    <Modal opened onClose={() => exportJobs.hide(job.id)} title={`Export documents of ${job.label}`} size="lg">
      <Stack>
        <Text size="sm">
          Into <Code>{job.folder}</Code>, a folder per site.
        </Text>
        <Progress value={percent(job)} aria-label="Export progress" animated={running && !job.cancelling} />
        <Text size="sm" data-testid="export-progress" aria-live="polite">
          {exportStatus(job)}
        </Text>
        {job.cancelError ? (
          <Alert color="red" role="alert">
            {job.cancelError}
          </Alert>
        ) : null}
        {job.done?.refused.length ? (
          <Alert color="orange" title={`${plural(job.done.refused.length, 'final document')} refused: parts are missing`}>
            <List size="sm">
              {job.done.refused.slice(0, 20).map((r) => (
                <List.Item key={`${r.site}-${r.document}`}>
                  {r.document} of “{r.site}”: {r.missing.join('; ')}
                </List.Item>
              ))}
              {job.done.refused.length > 20 ? <List.Item>and {job.done.refused.length - 20} more</List.Item> : null}
            </List>
          </Alert>
        ) : null}
        {running ? (
          <Text size="xs" c="dimmed">
            You can keep working while it runs: the export carries on in the background and shows in the corner of the window. Closing or reloading this page
            cancels it.
          </Text>
        ) : null}
        <Group justify="flex-end">
          {running ? (
            <>
              <Button variant="default" onClick={() => exportJobs.hide(job.id)}>
                Run in background
              </Button>
              <Button color="red" variant="light" loading={job.cancelling} loaderProps={{ type: 'dots' }} onClick={() => void exportJobs.cancel(job.id)}>
                {job.cancelling ? 'Cancelling…' : 'Cancel export'}
              </Button>
            </>
          ) : (
            <Button onClick={() => exportJobs.dismiss(job.id)}>Close</Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

/** A job running (or just ended) while its dialog is closed: the way back to it. */
function CornerPanel({ job }: { job: ExportJob }) {
  return (
    <Paper withBorder shadow="md" p="sm" w={340} role="region" aria-label="Document export">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {job.done ? 'Document export ended' : `Exporting documents of ${job.label}`}
        </Text>
        <Progress value={percent(job)} size="sm" aria-label="Export progress" />
        <Text size="xs" data-testid="export-progress-corner">
          {exportStatus(job)}
        </Text>
        <Group gap="xs" justify="flex-end">
          <Button size="xs" variant="default" onClick={() => exportJobs.show(job.id)}>
            Show
          </Button>
          {job.done ? (
            <Button size="xs" variant="subtle" onClick={() => exportJobs.dismiss(job.id)}>
              Dismiss
            </Button>
          ) : (
            <Button size="xs" color="red" variant="light" disabled={job.cancelling} onClick={() => void exportJobs.cancel(job.id)}>
              {job.cancelling ? 'Cancelling…' : 'Cancel export'}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** The page's exports, wherever the user is: the open progress dialog, or a panel per export in the corner. */
export function ExportJobsHost() {
  const jobs = useExportJobs();
  const shown = jobs.find((j) => j.shown);
  const hidden = jobs.filter((j) => !j.shown);
  return (
    <>
      {shown ? <ProgressDialog job={shown} /> : null}
      {hidden.length ? (
        <Affix position={{ bottom: 16, left: 226 }} zIndex={150}>
          <Stack gap="xs">
            {hidden.map((j) => (
              <CornerPanel key={j.id} job={j} />
            ))}
          </Stack>
        </Affix>
      ) : null}
    </>
  );
}
