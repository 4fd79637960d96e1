import { Blob as NodeBlob } from 'node:buffer';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityMapping, ActivityReport } from '@core/contract/activity';
import { Providers } from '@renderer/app/providers';
import { setBridge } from '@renderer/lib/rpc';
import { MappingStep, type PreviewData } from '@renderer/features/activity/mapping-step';
import { ReportView } from '@renderer/features/activity/report-view';
import { splitText, uploadFile } from '@renderer/features/uploads/upload';

const preview: PreviewData = {
  format: 'csv',
  delimiter: ';',
  columns: ['Timestamp', 'Login', 'Action', 'Prompt'],
  sample: [['2026-03-02T09:00:00Z', 'sam@juniper.test', 'copilot_question', 'Where is order #12?']],
  source: null,
};
const suggested = {
  format: 'csv',
  delimiter: ';',
  columns: {
    time: 'Timestamp',
    actor: '',
    eventType: 'Action',
    actorName: null,
    role: null,
    planId: null,
    risk: null,
    status: null,
    text: 'Prompt',
    affectedRecords: null,
    reviewerNote: null,
    escalatedTo: null,
    site: null,
  },
  timeZone: 'UTC',
  dateOrder: 'ymd',
  eventTypes: [],
} as ActivityMapping;

function Mapping({ onMapping, errors = {} }: { onMapping: (m: ActivityMapping) => void; errors?: Record<string, string> }) {
  const [m, setM] = useState(suggested);
  return (
    <MappingStep
      preview={preview}
      mapping={m}
      errors={errors}
      onMapping={(next) => {
        setM(next);
        onMapping(next);
      }}
      onReadAs={() => undefined}
    />
  );
}

describe('the mapping step', () => {
  it('shows the first rows, the detected delimiter and a refusal beside the field, and maps a column when chosen', async () => {
    const onMapping = vi.fn();
    render(
      <Providers router={false}>
        <Mapping onMapping={onMapping} errors={{ actor: 'Choose a column.' }} />
      </Providers>,
    );
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    expect(within(screen.getByRole('table', { name: 'First rows of the file' })).getByText('sam@juniper.test')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Delimiter' })).toHaveValue('Semicolon (;)');
    const actor = screen.getByRole('textbox', { name: /^Actor \(email or name\)/ });
    expect(actor).toHaveAttribute('aria-invalid', 'true');
    expect(actor).toBeRequired();
    expect(screen.getByText('Choose a column.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Role' })).not.toBeRequired();

    await user.click(actor);
    const list = await screen.findByRole('listbox', { hidden: true, name: (_, el) => el.id === actor.getAttribute('aria-controls') });
    await user.click(within(list).getByRole('option', { name: 'Login', hidden: true }));
    expect(onMapping).toHaveBeenLastCalledWith(expect.objectContaining({ columns: expect.objectContaining({ actor: 'Login', time: 'Timestamp' }) }));
  });
});

const report: ActivityReport = {
  rows: 10,
  good: 9,
  bad: 1,
  duplicates: 0,
  otherSite: 0,
  problems: [{ line: 4, reason: 'Time "next tuesday" is not a date and time: write it as 2026-03-02 09:00.' }],
  actors: [
    { actor: 'sam@juniper.test', name: 'Sam Support', rows: 3, match: { operatorId: 'o1', name: 'Sam Support', role: 'support_agent', by: 'email' } },
    { actor: 'temp-helper', name: null, rows: 2, match: null },
  ],
  eventTypes: [{ raw: 'canned_reply_sent', kind: 'other', recognised: false, rows: 1 }],
  masked: { email: 1, phone: 0, card: 0, secret: 1 },
  firstRows: [],
  findings: { total: 4, byCategory: { unsafe_prompt: 3, skipped_context: 0, approval_misunderstanding: 1, late_escalation: 0, support_path_confusion: 0 } },
  cancelled: false,
};

describe('the dry-run report', () => {
  it('lists the bad rows by line, the masking, the findings, and lets an unmatched actor be matched', async () => {
    const onChoose = vi.fn();
    const onEventType = vi.fn();
    render(
      <Providers router={false}>
        <ReportView
          report={report}
          operators={[
            { id: 'o1', name: 'Sam Support', role: 'support_agent' },
            { id: 'o2', name: 'Mia Manager', role: 'store_manager' },
          ]}
          chosen={{}}
          onChoose={onChoose}
          eventTypes={{}}
          onEventType={onEventType}
        />
      </Providers>,
    );
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    expect(screen.getByTestId('count-bad')).toHaveTextContent('1');
    const bad = within(screen.getByRole('table', { name: 'Bad rows' })).getAllByRole('row')[1]!;
    expect(within(bad).getAllByRole('cell')[0]).toHaveTextContent('4');
    expect(bad).toHaveTextContent('next tuesday');
    expect(screen.getByTestId('masked-counts')).toHaveTextContent('1 email address, 0 phone numbers, 0 card numbers, 1 secret');
    expect(screen.getByTestId('report-findings')).toHaveTextContent('Unsafe prompt: 3');
    expect(screen.getByText('by email')).toBeInTheDocument();

    await user.click(screen.getByRole('textbox', { name: 'Operator for temp-helper' }));
    await user.click(await screen.findByRole('option', { name: 'Mia Manager (Store manager)', hidden: true }));
    expect(onChoose).toHaveBeenCalledWith('temp-helper', 'o2');

    await user.click(screen.getByRole('textbox', { name: /canned_reply_sent/ }));
    await user.click(await screen.findByRole('option', { name: 'Support draft', hidden: true }));
    expect(onEventType).toHaveBeenCalledWith('canned_reply_sent', 'draft');
  });
});

describe('uploading a file', () => {
  it('splits text into chunks of the limit without cutting a character in two', () => {
    expect(splitText('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(splitText('ab😀cd', 3)).toEqual(['ab', '😀c', 'd']);
    expect(splitText('', 3)).toEqual([]);
  });

  it('sends the file in order, in chunks, and finishes; an aborted upload is discarded', async () => {
    const calls: { channel: string; input: Record<string, unknown> }[] = [];
    setBridge({
      invoke: async (channel, input) => {
        calls.push({ channel, input: input as Record<string, unknown> });
        if (channel === 'uploads.begin') return { ok: true, value: { uploadId: 'u1' } };
        if (channel === 'uploads.append') return { ok: true, value: { bytes: 0 } };
        if (channel === 'uploads.finish') return { ok: true, value: { uploadId: 'u1', fileName: 'a.csv', bytes: 11, sha256: 'x' } };
        return { ok: true, value: { discarded: true } };
      },
      on: () => () => {},
    });
    const text = 'time;actor\n2026;é\n';
    const file = Object.assign(new NodeBlob([text]), { name: 'a.csv' }) as unknown as Blob & { name: string };
    const progress = vi.fn();
    const info = await uploadFile(file, { chunkChars: 4, onProgress: progress });
    expect(info.uploadId).toBe('u1');
    const appends = calls.filter((c) => c.channel === 'uploads.append');
    expect(appends.map((c) => c.input.seq)).toEqual(appends.map((_, i) => i));
    expect(appends.map((c) => c.input.text).join('')).toBe(text);
    expect(appends.every((c) => (c.input.text as string).length <= 4)).toBe(true);
    expect(calls.at(-1)!.channel).toBe('uploads.finish');
    expect(progress).toHaveBeenLastCalledWith({ bytes: file.size, total: file.size });

    calls.length = 0;
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(uploadFile(file, { signal: ctrl.signal })).rejects.toThrow('cancelled');
    expect(calls.filter((c) => c.channel === 'uploads.append')).toEqual([]);

    calls.length = 0;
    const late = new AbortController();
    await expect(uploadFile(file, { signal: late.signal, chunkChars: 2, onProgress: (p) => p.bytes === 0 && late.abort() })).rejects.toThrow('cancelled');
    expect(calls.map((c) => c.channel)).toEqual(['uploads.begin', 'uploads.discard']);
  });
});
