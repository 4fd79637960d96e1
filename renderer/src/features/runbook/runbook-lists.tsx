/**
 * The runbook's lists at one scope (rollback steps, severities, triage, escalations, vendors). A
 * list is inherited whole: "Customise" copies the inherited rows into an editable list, which is
 * saved with the revision read; "Reset to inherited" saves an empty list so the next level's rows
 * show again.
 */
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { InputOf } from '@core/contract/index';
import type { RunbookView } from '@core/contract/runbook';
import { RESPONSIBILITIES, RESPONSIBILITY_INFO, type Responsibility } from '@core/domain/responsibilities';
import {
  RUNBOOK_LIST_LABEL,
  RUNBOOK_LIST_MAX,
  scopeKind,
  STEP_APPLIES,
  STEP_APPLIES_LABEL,
  STEP_LISTS,
  VENDOR_KIND_LABEL,
  VENDOR_KINDS,
  type RunbookList,
  type RunbookScope,
  type StepApplies,
} from '@core/runbook/registry';
import { DateField } from '../../lib/date-field';
import { notifySaved } from '../../lib/errors';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { FormProblem, forScope, INHERITED_FROM, issuesUnder, SourceBadge } from './common';
import { useSetRunbookList } from './mutations';

type Item = Record<string, unknown>;
type ColKind = 'text' | 'note' | 'minutes' | 'applies' | 'responsibility' | 'responsibilityOrNone';
interface Col {
  key: string;
  label: string;
  kind: ColKind;
  width?: number;
}

const STEP_COLS: Col[] = [
  { key: 'text', label: 'Step', kind: 'note' },
  { key: 'applies', label: 'Applies to', kind: 'applies', width: 265 },
];
/** The columns each list shows and edits inline (vendors are edited in a dialog). */
const COLUMNS: Record<Exclude<RunbookList, 'vendors'>, Col[]> = {
  severities: [
    { key: 'name', label: 'Name', kind: 'text', width: 140 },
    { key: 'meaning', label: 'What it means', kind: 'note' },
    { key: 'responseMinutes', label: 'Response (minutes)', kind: 'minutes', width: 120 },
    { key: 'updateMinutes', label: 'Updates every (minutes)', kind: 'minutes', width: 120 },
  ],
  triage: [
    { key: 'symptom', label: 'Symptom', kind: 'note' },
    { key: 'firstCheck', label: 'First check', kind: 'note' },
    { key: 'responsibility', label: 'Owner', kind: 'responsibility', width: 200 },
  ],
  escalations: [
    { key: 'afterMinutes', label: 'After (minutes)', kind: 'minutes', width: 120 },
    { key: 'action', label: 'What to do', kind: 'note' },
    { key: 'responsibility', label: 'Owner', kind: 'responsibilityOrNone', width: 200 },
  ],
  ...(Object.fromEntries(STEP_LISTS.map((l) => [l, STEP_COLS])) as Record<(typeof STEP_LISTS)[number], Col[]>),
};
const VENDOR_COLS: Col[] = [
  { key: 'kind', label: 'Kind', kind: 'text', width: 150 },
  { key: 'name', label: 'Name', kind: 'text' },
  { key: 'contact', label: 'Contact', kind: 'text' },
  { key: 'hours', label: 'Hours', kind: 'text', width: 150 },
];

/** How one row is called in the labels of its inputs and buttons: "Step 2", "Severity 1". */
const ROW_NOUN: Record<RunbookList, string> = {
  severities: 'Severity',
  triage: 'Triage row',
  escalations: 'Escalation',
  vendors: 'Vendor',
  triggers: 'Step',
  reversals: 'Step',
  restore: 'Step',
  checks: 'Step',
  afterwards: 'Step',
};

const EMPTY_VENDOR: Item = {
  kind: 'other',
  name: '',
  email: null,
  phone: null,
  url: null,
  statusUrl: null,
  hours: null,
  licenceLocation: null,
  supportExpiresOn: null,
  accountRef: null,
  notes: null,
};
function emptyRow(list: RunbookList): Item {
  switch (list) {
    case 'severities':
      return { name: '', meaning: '', responseMinutes: '', updateMinutes: '' };
    case 'triage':
      return { symptom: '', firstCheck: '', responsibility: 'support_routing' };
    case 'escalations':
      return { afterMinutes: '', action: '', responsibility: null };
    case 'vendors':
      return { ...EMPTY_VENDOR };
    default:
      return { text: '', applies: 'always' };
  }
}

const RESPONSIBILITY_OPTIONS = RESPONSIBILITIES.map((r) => ({ value: r, label: RESPONSIBILITY_INFO[r].label }));
const APPLIES_OPTIONS = STEP_APPLIES.map((a) => ({ value: a, label: STEP_APPLIES_LABEL[a] }));

function readCell(col: Col, item: Item): string {
  const v = item[col.key];
  switch (col.kind) {
    case 'applies':
      return STEP_APPLIES_LABEL[(v as StepApplies) ?? 'always'];
    case 'responsibility':
    case 'responsibilityOrNone':
      return v ? RESPONSIBILITY_INFO[v as Responsibility].label : 'Named in the action';
    default:
      return v === null || v === undefined ? '—' : String(v);
  }
}

function vendorCell(key: string, v: Item): string {
  if (key === 'kind') return VENDOR_KIND_LABEL[v.kind as keyof typeof VENDOR_KIND_LABEL] ?? String(v.kind);
  if (key === 'contact') return [v.email, v.phone, v.url].filter(Boolean).join(' · ') || '—';
  const x = v[key];
  return x === null || x === undefined || x === '' ? '—' : String(x);
}

function CellInput({
  col,
  label,
  value,
  error,
  disabled,
  onChange,
}: {
  col: Col;
  label: string;
  value: unknown;
  error?: string;
  disabled?: boolean;
  onChange: (v: unknown) => void;
}) {
  switch (col.kind) {
    case 'minutes':
      return (
        <NumberInput
          aria-label={label}
          value={value as number | string}
          onChange={onChange}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          error={error}
          disabled={disabled}
        />
      );
    case 'applies':
      return (
        <Select
          aria-label={label}
          data={APPLIES_OPTIONS}
          value={(value as string) ?? 'always'}
          onChange={(v) => onChange(v ?? 'always')}
          allowDeselect={false}
          error={error}
          disabled={disabled}
        />
      );
    case 'responsibility':
      return (
        <Select
          aria-label={label}
          data={RESPONSIBILITY_OPTIONS}
          value={(value as string) ?? null}
          onChange={onChange}
          allowDeselect={false}
          error={error}
          disabled={disabled}
        />
      );
    case 'responsibilityOrNone':
      return (
        <Select
          aria-label={label}
          data={RESPONSIBILITY_OPTIONS}
          value={(value as string) ?? null}
          onChange={onChange}
          clearable
          placeholder="Named in the action"
          error={error}
          disabled={disabled}
        />
      );
    case 'note':
      return (
        <Textarea
          aria-label={label}
          value={(value as string) ?? ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={1}
          maxRows={6}
          error={error}
          disabled={disabled}
        />
      );
    default:
      return (
        <TextInput aria-label={label} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} error={error} disabled={disabled} />
      );
  }
}

/** A vendor's many fields, edited in a dialog; "Done" puts them back in the list (saved with the list). */
function VendorDialog({
  title,
  value,
  errors,
  onDone,
  onClose,
}: {
  title: string;
  value: Item;
  errors: Record<string, string>;
  onDone: (v: Item) => void;
  onClose: () => void;
}) {
  const [v, setV] = useState<Item>(value);
  const [nameError, setNameError] = useState<string | null>(null);
  const text = (key: string, label: string, description?: string) => (
    <TextInput
      label={label}
      description={description}
      value={(v[key] as string | null) ?? ''}
      onChange={(e) => setV({ ...v, [key]: e.currentTarget.value || null })}
      error={errors[key]}
    />
  );
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Kind"
            data={VENDOR_KINDS.map((k) => ({ value: k, label: VENDOR_KIND_LABEL[k] }))}
            value={v.kind as string}
            onChange={(k) => setV({ ...v, kind: k ?? 'other' })}
            allowDeselect={false}
            error={errors.kind}
            data-autofocus
          />
          <TextInput
            label="Vendor name"
            required
            value={(v.name as string) ?? ''}
            onChange={(e) => (setV({ ...v, name: e.currentTarget.value }), setNameError(null))}
            error={nameError ?? errors.name}
          />
          {text('email', 'Support e-mail')}
          {text('phone', 'Support phone')}
          {text('url', 'Support portal', 'The page where a ticket is opened.')}
          {text('statusUrl', 'Status page')}
          {text('hours', 'Support hours', 'With the time zone, e.g. Mon–Fri 08:00–18:00 UTC.')}
          {text('accountRef', 'Account or contract number')}
          {text('licenceLocation', 'Where the licence or account is kept', 'A password manager entry by name. Never the key.')}
          <DateField
            label="Support contract ends"
            value={(v.supportExpiresOn as string | null) ?? ''}
            onChange={(day) => setV({ ...v, supportExpiresOn: day || null })}
            error={errors.supportExpiresOn}
          />
        </SimpleGrid>
        <Textarea
          label="Vendor notes"
          description="What the vendor asks for, what they cover, anything a caller should know."
          autosize
          minRows={2}
          value={(v.notes as string | null) ?? ''}
          onChange={(e) => setV({ ...v, notes: e.currentTarget.value || null })}
          error={errors.notes}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => {
              if (!String(v.name ?? '').trim()) return setNameError('Vendor name: write the vendor’s name, e.g. “Kinsta support”.');
              onDone(v);
            }}
          >
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface Row {
  key: number;
  item: Item;
}
let nextKey = 1;
const rowsOf = (items: Item[]): Row[] => items.map((item) => ({ key: nextKey++, item: { ...item } }));

function ListEditor({
  view,
  list,
  scope,
  disabled,
  onReload,
}: {
  view: RunbookView;
  list: RunbookList;
  scope: RunbookScope;
  disabled?: boolean;
  onReload: () => void;
}) {
  const lv = view.lists.find((l) => l.list === list)!;
  const isOwn = lv.own.length > 0;
  const label = RUNBOOK_LIST_LABEL[list];
  const noun = ROW_NOUN[list];
  // null: not being edited. An own list is editable in place; an inherited one after "Customise".
  const [draft, setDraft] = useState<Row[] | null>(null);
  const [ownRows, setOwnRows] = useState<Row[]>(() => rowsOf(lv.own));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [vendorAt, setVendorAt] = useState<number | 'new' | null>(null);
  const focusAfter = useRef<string | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);

  // The saved list changed (this save, or another window's): start again from it.
  const ownSig = JSON.stringify(lv.own);
  useEffect(() => {
    setOwnRows(rowsOf(JSON.parse(ownSig) as Item[]));
  }, [ownSig]);
  useEffect(() => {
    if (!focusAfter.current) return;
    const el = tableRef.current?.querySelector<HTMLButtonElement>(`[data-focus="${focusAfter.current}"]`);
    focusAfter.current = null;
    el?.focus();
  });

  const save = useSetRunbookList({
    onSuccess: (_, input) => {
      setDraft(null);
      setErrors({});
      setProblem(null);
      setConfirmReset(false);
      notifySaved((input.items as unknown[]).length ? `${label} saved for ${view.scopeName}.` : `${label}: ${view.scopeName} uses the inherited list again.`);
    },
    onError: (e) => {
      const byPath = issuesUnder(e, 'items.');
      setErrors(byPath);
      setProblem(Object.keys(byPath).length ? null : e);
      setConfirmReset(false);
    },
  });
  const rows = draft ?? (isOwn ? ownRows : null);
  const send = (items: Item[]) =>
    save.mutateAsync({ scope, list, items, revision: lv.revision } as InputOf<'runbook.setList'>).then(
      () => true,
      () => false,
    );
  useUnsavedChanges({
    label: `the list “${label}” of ${view.scopeName}`,
    dirty: draft !== null,
    save: () => send((draft ?? []).map((r) => r.item)),
    discard: () => setDraft(null),
  });

  const edit = (next: Row[]) => setDraft(next);
  const setCell = (i: number, key: string, value: unknown) => {
    const next = rows!.map((r, j) => (j === i ? { ...r, item: { ...r.item, [key]: value } } : r));
    setErrors(({ [`${i}.${key}`]: _, ...rest }) => rest);
    edit(next);
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...rows!];
    const [r] = next.splice(i, 1);
    next.splice(i + by, 0, r!);
    const at = i + by;
    focusAfter.current = `${r!.key}:${at === 0 ? 'down' : at === next.length - 1 ? 'up' : by < 0 ? 'up' : 'down'}`;
    setErrors({});
    edit(next);
  };
  const remove = (i: number) => {
    const next = rows!.filter((_, j) => j !== i);
    setErrors({});
    edit(next);
  };
  const add = (item: Item = emptyRow(list)) => edit([...(rows ?? []), { key: nextKey++, item }]);

  const cols = list === 'vendors' ? VENDOR_COLS : COLUMNS[list];
  const rowErrors = (i: number) =>
    Object.fromEntries(
      Object.entries(errors)
        .filter(([k]) => k.startsWith(`${i}.`))
        .map(([k, m]) => [k.slice(`${i}.`.length), m]),
    );
  const inheritedLabel = lv.inheritedSource ? INHERITED_FROM[lv.inheritedSource].toLowerCase() : 'nothing: the list is empty';

  return (
    <Paper withBorder p="md" data-testid={`runbook-list-${list}`}>
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Title order={5} size="h6">
            {label}
          </Title>
          <Group gap="xs" mt={4}>
            <SourceBadge source={lv.source} scope={scope} />
            {isOwn ? (
              <Text size="xs" c="dimmed">
                Without it: {inheritedLabel}.
              </Text>
            ) : draft ? (
              <Text size="xs" c="orange.9">
                Copied to edit {forScope(scope)}: not saved yet.
              </Text>
            ) : null}
          </Group>
        </div>
        <Group gap="xs" wrap="nowrap">
          {rows === null ? (
            <Button size="xs" variant="default" onClick={() => edit(rowsOf(lv.items))} disabled={disabled}>
              Customise {forScope(scope)}
            </Button>
          ) : null}
          {isOwn ? (
            <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmReset(true)} disabled={disabled}>
              Reset to inherited
            </Button>
          ) : null}
        </Group>
      </Group>
      <FormProblem
        error={problem}
        onReload={() => {
          setDraft(null);
          setProblem(null);
          onReload();
        }}
      />
      {Object.keys(errors).length ? (
        <Alert color="red" role="alert" mb="sm">
          Not saved: fix the rows marked below.
        </Alert>
      ) : null}
      {(rows ?? lv.items).length === 0 ? (
        <Text size="sm" c="dimmed">
          {rows ? 'No rows yet: add the first one.' : 'No rows at any level.'}
        </Text>
      ) : (
        <Table ref={tableRef} layout="fixed" verticalSpacing={rows ? 4 : 'xs'} aria-label={`${label} of ${view.scopeName}`}>
          <colgroup>
            <col style={{ width: 36 }} />
            {cols.map((c) => (
              <col key={c.key} style={c.width ? { width: c.width } : undefined} />
            ))}
            {rows ? <col style={{ width: list === 'vendors' ? 140 : 104 }} /> : null}
          </colgroup>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              {cols.map((c) => (
                <Table.Th key={c.key}>{c.label}</Table.Th>
              ))}
              {rows ? (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              ) : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows
              ? rows.map((r, i) => {
                  const n = i + 1;
                  const errs = rowErrors(i);
                  return (
                    <Table.Tr key={r.key} data-testid={`${list}-row`}>
                      <Table.Td>{n}</Table.Td>
                      {list === 'vendors'
                        ? VENDOR_COLS.map((c) => (
                            <Table.Td key={c.key} style={{ overflowWrap: 'anywhere' }}>
                              {vendorCell(c.key, r.item)}
                              {c.key === 'name' && Object.keys(errs).length ? (
                                <Text size="xs" c="red" role="alert">
                                  {Object.values(errs).join(' ')}
                                </Text>
                              ) : null}
                            </Table.Td>
                          ))
                        : COLUMNS[list].map((c) => (
                            <Table.Td key={c.key}>
                              <CellInput
                                col={c}
                                label={c.kind === 'note' && c.label === 'Step' ? `${noun} ${n}` : `${noun} ${n}: ${c.label}`}
                                value={r.item[c.key]}
                                error={errs[c.key]}
                                disabled={disabled}
                                onChange={(v) => setCell(i, c.key, v)}
                              />
                            </Table.Td>
                          ))}
                      <Table.Td>
                        <Group gap={2} wrap="nowrap">
                          {list === 'vendors' ? (
                            <ActionIcon variant="subtle" aria-label={`Edit ${noun.toLowerCase()} ${n}`} onClick={() => setVendorAt(i)} disabled={disabled}>
                              <IconPencil size={16} />
                            </ActionIcon>
                          ) : null}
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Move ${noun.toLowerCase()} ${n} up`}
                            data-focus={`${r.key}:up`}
                            onClick={() => move(i, -1)}
                            disabled={disabled || i === 0}
                          >
                            <IconArrowUp size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Move ${noun.toLowerCase()} ${n} down`}
                            data-focus={`${r.key}:down`}
                            onClick={() => move(i, 1)}
                            disabled={disabled || i === rows.length - 1}
                          >
                            <IconArrowDown size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${noun.toLowerCase()} ${n}`}
                            onClick={() => remove(i)}
                            disabled={disabled}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })
              : lv.items.map((item, i) => (
                  <Table.Tr key={i} data-testid={`${list}-row`}>
                    <Table.Td>{i + 1}</Table.Td>
                    {cols.map((c) => (
                      <Table.Td key={c.key} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                        {list === 'vendors' ? vendorCell(c.key, item) : readCell(c, item)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
          </Table.Tbody>
        </Table>
      )}
      {rows ? (
        <Group justify="space-between" mt="sm">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} />}
            onClick={() => (list === 'vendors' ? setVendorAt('new') : add())}
            disabled={disabled || rows.length >= RUNBOOK_LIST_MAX}
          >
            Add {noun.toLowerCase()}
          </Button>
          <Group gap="xs">
            {draft ? (
              <Button size="xs" variant="default" onClick={() => (setDraft(null), setErrors({}), setProblem(null))}>
                {isOwn ? 'Discard changes' : 'Cancel'}
              </Button>
            ) : null}
            <Button
              size="xs"
              onClick={() => {
                setProblem(null);
                void send(rows.map((r) => r.item));
              }}
              loading={save.isPending}
              disabled={disabled || draft === null || rows.length === 0}
              aria-label={`Save list: ${label}`}
            >
              Save list
            </Button>
          </Group>
        </Group>
      ) : null}
      {vendorAt !== null ? (
        <VendorDialog
          title={vendorAt === 'new' ? 'Add a vendor' : `Vendor ${vendorAt + 1}`}
          value={vendorAt === 'new' ? { ...EMPTY_VENDOR } : rows![vendorAt]!.item}
          errors={vendorAt === 'new' ? {} : rowErrors(vendorAt)}
          onClose={() => setVendorAt(null)}
          onDone={(v) => {
            if (vendorAt === 'new') add(v);
            else edit(rows!.map((r, j) => (j === vendorAt ? { ...r, item: v } : r)));
            setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => vendorAt === 'new' || !k.startsWith(`${vendorAt}.`))));
            setVendorAt(null);
          }}
        />
      ) : null}
      <Modal opened={confirmReset} onClose={() => setConfirmReset(false)} title={`Reset “${label}” to inherited?`}>
        <Stack>
          <Text size="sm">
            The {lv.own.length} row{lv.own.length === 1 ? '' : 's'} set {forScope(scope)} are replaced by the list inherited ({inheritedLabel}). The change is
            recorded in the history.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmReset(false)} data-autofocus>
              Keep this list
            </Button>
            <Button color="red" loading={save.isPending} onClick={() => void send([])}>
              Reset to inherited
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

/** Every list at one scope: the rollback steps first, then the support path's tables. */
export function RunbookLists({ view, scope, disabled, onReload }: { view: RunbookView; scope: RunbookScope; disabled?: boolean; onReload: () => void }) {
  const kind = scopeKind(scope);
  return (
    <Stack>
      <div>
        <Title order={4} size="h5">
          Rollback steps
        </Title>
        <Text size="sm" c="dimmed">
          The ordered steps the rollback plan prints, phase by phase. A step for sites with (or without) WooCommerce is printed only where it applies.
          {kind !== 'workspace' ? ' A list not customised here is inherited whole.' : ''}
        </Text>
      </div>
      {STEP_LISTS.map((l) => (
        <ListEditor key={l} view={view} list={l} scope={scope} disabled={disabled} onReload={onReload} />
      ))}
      <div>
        <Title order={4} size="h5">
          Support path
        </Title>
        <Text size="sm" c="dimmed">
          Severity levels, triage, escalation by elapsed time and vendor contacts, as the support path prints them.
        </Text>
      </div>
      {(['severities', 'triage', 'escalations', 'vendors'] as const).map((l) => (
        <ListEditor key={l} view={view} list={l} scope={scope} disabled={disabled} onReload={onReload} />
      ))}
    </Stack>
  );
}
