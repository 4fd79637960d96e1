import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { ImportReport, PortfolioMapping } from '@core/contract/portfolio';
import { RESPONSIBILITIES } from '@core/domain/responsibilities';
import { Providers } from '@renderer/app/providers';
import { setBridge } from '@renderer/lib/rpc';
import type { Inspected } from '@renderer/features/portfolio/calls';
import { ExportMenu } from '@renderer/features/portfolio/export-menu';
import { fieldOfIssue, MappingStep } from '@renderer/features/portfolio/mapping-step';
import { ReportView } from '@renderer/features/portfolio/report-view';

const columns = ['Website name', 'URL', 'Customer', 'Notes', 'Admin password', 'Owner gaps', 'Hosting'];
const mapping: PortfolioMapping = {
  kind: 'sites',
  sheet: null,
  headerRow: 2,
  delimiter: ';',
  columns: { name: 'Website name', productionUrl: 'URL', client: 'Customer', notes: 'Notes', 'owner.hosting': 'Hosting' },
  newPeople: 'agency',
};
const info: Inspected = {
  format: 'csv',
  sheets: [{ name: 'agency-sites.csv', rows: 3 }],
  sheet: null,
  delimiter: ';',
  headerRow: 2,
  columns,
  sample: [['Northwind Shop', 'https://northwind.test', 'Northwind', '', 'hunter2', '0', 'ops@agency.test']],
  kind: 'sites',
  preset: null,
  saved: null,
  mapping,
  ignoredColumns: [],
};

function Mapping({ onMapping, errors = {} }: { onMapping: (m: PortfolioMapping) => void; errors?: Record<string, string> }) {
  const [m, setM] = useState(mapping);
  return (
    <MappingStep
      info={info}
      mapping={m}
      errors={errors}
      reading={false}
      onMapping={(next) => {
        setM(next);
        onMapping(next);
      }}
    />
  );
}

describe('the portfolio mapping step', () => {
  it('fills in the suggestion, names the columns never read and why, and shows a problem beside the field as soon as the mapping has one', async () => {
    const onMapping = vi.fn();
    render(
      <Providers router={false}>
        <Mapping onMapping={onMapping} />
      </Providers>,
    );
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    expect(within(screen.getByRole('table', { name: 'First rows of the file' })).getByText('Northwind Shop')).toBeInTheDocument();
    const url = screen.getByRole('textbox', { name: /^Production URL/ });
    expect(url).toHaveValue('URL');
    expect(url).toBeRequired();
    expect(screen.getByRole('textbox', { name: /^Staging URL/ })).toHaveValue('Not imported');
    expect(screen.getByRole('button', { name: new RegExp(`^Owners \\(${RESPONSIBILITIES.length} responsibilities\\): 1 column mapped`) })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    const ignored = screen.getByTestId('ignored-columns');
    expect(ignored).toHaveTextContent('“Admin password”: holds credentials: never imported');
    expect(ignored).toHaveTextContent('“Owner gaps”: worked out by the workbench');
    expect(screen.getByTestId('mapping-problems')).toHaveTextContent('Ready for a dry run');

    await user.click(url);
    const list = await screen.findByRole('listbox', { hidden: true, name: (_, el) => el.id === url.getAttribute('aria-controls') });
    await user.click(within(list).getByRole('option', { name: 'Not imported', hidden: true }));
    expect(onMapping).toHaveBeenLastCalledWith(expect.objectContaining({ columns: expect.objectContaining({ productionUrl: null, name: 'Website name' }) }));
    expect(screen.getByRole('textbox', { name: /^Production URL/ })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('mapping-problems')).toHaveTextContent('1 problem to fix');
    expect(screen.getByTestId('mapping-problem-list')).toHaveTextContent('Production URL is required: choose the column that holds it.');
    expect(screen.getByTestId('ignored-columns')).toHaveTextContent('“URL”: not mapped to a field');
  });

  it('puts a refusal from main on the field it names', () => {
    expect(fieldOfIssue('mapping.columns.productionUrl')).toBe('productionUrl');
    expect(fieldOfIssue('mapping.headerRow')).toBe('headerRow');
    expect(fieldOfIssue('saveMappingAs')).toBe('saveMappingAs');
    render(
      <Providers router={false}>
        <Mapping onMapping={() => undefined} errors={{ client: 'Client: the file has no column “Customer”.' }} />
      </Providers>,
    );
    expect(screen.getByRole('textbox', { name: /^Client/ })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByText('Client: the file has no column “Customer”.').length).toBeGreaterThan(0);
  });
});

const counts = { add: 0, update: 0, unchanged: 0 };
const report: ImportReport = {
  rows: 5,
  good: 3,
  bad: 2,
  unchanged: 1,
  notes: [{ line: 5, field: 'Stage', reason: 'Imported in Planning, not Pilot: move it on with Change stage.' }],
  noted: 1,
  duplicates: 0,
  problems: [
    { line: 4, field: 'Production URL', reason: 'Production URL “not a url” is not a web address: write it as https://example.com.' },
    { line: 6, field: 'Notes', reason: 'Notes hold what looks like an API key: remove it from the file.' },
  ],
  counts: { clients: { ...counts, add: 1 }, sites: { add: 1, update: 1, unchanged: 1 }, people: counts, owners: counts },
  changes: [
    {
      line: 3,
      entity: 'site',
      label: 'Site “Northwind Shop”',
      action: 'update',
      fields: [{ field: 'host', label: 'Host', before: 'Kinsta', after: 'WP Engine' }],
    },
  ],
  firstRows: [{ line: 3, values: { Site: 'Northwind Shop', 'Production URL': 'https://northwind.test', Host: 'WP Engine' } }],
  ignoredColumns: [{ column: 'Admin password', why: 'credentials' }],
  cancelled: false,
};

describe('the portfolio dry-run report', () => {
  it('lists each bad row by line, field and reason, the counts per record, and each change before and after', () => {
    render(
      <Providers router={false}>
        <ReportView report={report} kind="sites" />
      </Providers>,
    );
    const bad = screen.getByRole('table', { name: 'Bad rows' });
    const rows = within(bad).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(
      within(rows[1]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['4', 'Production URL', 'Production URL “not a url” is not a web address: write it as https://example.com.']);
    expect(within(rows[2]!).getAllByRole('cell')[0]).toHaveTextContent('6');
    expect(screen.getByTestId('count-bad')).toHaveTextContent('2');
    expect(
      within(screen.getByTestId('counts-sites'))
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1', '1', '1']);
    expect(screen.getByTestId('report-changes')).toHaveTextContent('Host: Kinsta → WP Engine');
    expect(within(screen.getByRole('table', { name: 'First rows as they will be stored' })).getByText('WP Engine')).toBeInTheDocument();
    expect(screen.getByTestId('report-ignored')).toHaveTextContent('“Admin password” (holds credentials: never imported)');
    expect(screen.queryByTestId('report-unchanged')).toBeNull();
    const noted = within(screen.getByRole('table', { name: 'Rows imported with a note' })).getAllByRole('row');
    expect(
      within(noted[1]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['5', 'Stage', 'Imported in Planning, not Pilot: move it on with Change stage.']);
  });

  it('says everything is unchanged when every good row already is as the file says', () => {
    render(
      <Providers router={false}>
        <ReportView kind="sites" report={{ ...report, bad: 0, problems: [], good: 3, unchanged: 3, changes: [] }} />
      </Providers>,
    );
    expect(screen.getByTestId('report-unchanged')).toHaveTextContent('Everything is unchanged');
    expect(screen.queryByRole('table', { name: 'Bad rows' })).toBeNull();
  });
});

describe('the Export menu', () => {
  it('exports the list it is given and names the file it saved; a cancelled folder dialog says nothing', async () => {
    const calls: { channel: string; input: unknown }[] = [];
    let answer: { file: string | null; rows: number } = { file: '/exports/sites.csv', rows: 42 };
    setBridge({
      invoke: async (channel, input) => {
        calls.push({ channel, input });
        return { ok: true, value: answer };
      },
      on: () => () => {},
    });
    const filter = { search: 'shop', sort: 'name', direction: 'desc', offset: 0, limit: 100 } as const;
    render(
      <Providers router={false}>
        <ExportMenu what="sites" filter={filter as never} />
      </Providers>,
    );
    const user = userEvent.setup({ pointerEventsCheck: 0 });
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: 'JSON', hidden: true })).toBeInTheDocument();
    await user.click(await screen.findByRole('menuitem', { name: 'CSV', hidden: true }));
    expect(await screen.findByText('Saved 42 sites to /exports/sites.csv')).toBeInTheDocument();
    expect(calls).toEqual([{ channel: 'portfolio.export', input: { what: 'sites', format: 'csv', filter } }]);

    answer = { file: null, rows: 0 };
    await user.click(screen.getByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Excel (XLSX)', hidden: true }));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    // The call answered and the menu is idle again: any notification of it would be shown by now.
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Export' })).not.toHaveAttribute('data-loading'));
    expect(calls[1]!.input).toEqual({ what: 'sites', format: 'xlsx', filter });
    expect(screen.getAllByText(/^Saved /)).toHaveLength(1);
  });

  it('offers no JSON for people', async () => {
    render(
      <Providers router={false}>
        <ExportMenu what="people" />
      </Providers>,
    );
    await userEvent.setup({ pointerEventsCheck: 0 }).click(screen.getByRole('button', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: 'CSV', hidden: true })).toBeInTheDocument();
    expect(screen.queryByRole('menuitem', { name: 'JSON', hidden: true })).toBeNull();
  });
});
