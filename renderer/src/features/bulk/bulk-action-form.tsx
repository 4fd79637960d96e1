import { MultiSelect, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { BULK_FIELD_LABEL, BULK_FIELDS, type BulkActionInput, type BulkField } from '@core/contract/bulk';
import { OVERRIDE_REASON_MIN_LENGTH } from '@core/contract/fields';
import { RESPONSIBILITIES, RESPONSIBILITY_INFO, type Responsibility } from '@core/domain/responsibilities';
import { ROLLOUT_STAGES, STAGE_LABEL, type RolloutStage } from '@core/domain/stages';
import { OPERATOR_ROLES, ROLE_LABEL, type OperatorRole } from '@core/playbook/schema';
import { ServerSearchSelect, type SearchOption } from '../../lib/server-search-select';
import { useDebounced } from '../../lib/use-debounced';
import { peopleQueries } from '../people/queries';

export type BulkKind = BulkActionInput['kind'];

/** What the form holds for every kind of change; `actionOf` keeps the fields of the chosen one. */
export interface BulkDraft {
  kind: BulkKind;
  responsibility: Responsibility | null;
  ownerId: string | null;
  ownerName: string | null;
  backupOwnerId: string | null;
  backupName: string | null;
  field: BulkField;
  value: string;
  people: SearchOption[];
  role: OperatorRole | null;
  to: RolloutStage | null;
  overrideReason: string;
}

export const EMPTY_DRAFT: BulkDraft = {
  kind: 'assignOwner',
  responsibility: 'hosting',
  ownerId: null,
  ownerName: null,
  backupOwnerId: null,
  backupName: null,
  field: 'host',
  value: '',
  people: [],
  role: null,
  to: null,
  overrideReason: '',
};

const KINDS: { value: BulkKind; label: string }[] = [
  { value: 'assignOwner', label: 'Assign an owner' },
  { value: 'setField', label: 'Set a field' },
  { value: 'addOperators', label: 'Add operators' },
  { value: 'changeStage', label: 'Change stage' },
];

/**
 * The action as the contract takes it. Nothing is checked here: what is missing or wrong comes back
 * from the preview as field issues and is shown beside its field.
 */
export function actionOf(d: BulkDraft): BulkActionInput {
  switch (d.kind) {
    case 'assignOwner':
      return { kind: 'assignOwner', responsibility: d.responsibility as Responsibility, ownerId: d.ownerId ?? '', backupOwnerId: d.backupOwnerId };
    case 'setField':
      return { kind: 'setField', field: d.field, value: d.value };
    case 'addOperators':
      return { kind: 'addOperators', personIds: d.people.map((p) => p.value), role: d.role as OperatorRole };
    case 'changeStage':
      return { kind: 'changeStage', to: d.to as RolloutStage, overrideReason: d.overrideReason.trim() === '' ? undefined : d.overrideReason };
  }
}

/** People to choose several of, searched on the server; the chosen ones stay listed while another search runs. */
function PeoplePicker({
  value,
  onChange,
  error,
  disabled,
}: {
  value: SearchOption[];
  onChange: (v: SearchOption[]) => void;
  error?: string;
  disabled: boolean;
}) {
  const [text, setText] = useState('');
  const debounced = useDebounced(text, 200);
  const found = useQuery(peopleQueries.picker(debounced, null));
  const options = [...value, ...(found.data ?? []).filter((o) => !value.some((v) => v.value === o.value))];
  return (
    <MultiSelect
      label="People"
      placeholder={value.length ? undefined : 'Type a name'}
      searchable
      data={options}
      value={value.map((v) => v.value)}
      onChange={(ids) => onChange(ids.map((id) => options.find((o) => o.value === id)!).filter(Boolean))}
      searchValue={text}
      onSearchChange={setText}
      filter={({ options: o }) => o}
      nothingFoundMessage={found.isPending ? 'Searching…' : 'No active person by that name: add them on the People page.'}
      error={error}
      disabled={disabled}
    />
  );
}

export function BulkActionForm({
  draft,
  set,
  issues,
  showOverride,
  disabled,
}: {
  draft: BulkDraft;
  set: (patch: Partial<BulkDraft>) => void;
  /** Field issues of the last preview, by path (`action.ownerId`). */
  issues: Record<string, string>;
  /** The stage move was blocked on some sites: offer the override reason. */
  showOverride: boolean;
  disabled: boolean;
}) {
  const err = (name: string) => issues[`action.${name}`];
  return (
    <Stack gap="sm">
      <Select
        label="Change"
        data={KINDS}
        value={draft.kind}
        onChange={(v) => v && set({ kind: v as BulkKind })}
        allowDeselect={false}
        error={err('kind')}
        disabled={disabled}
      />
      {draft.kind === 'assignOwner' ? (
        <>
          <Select
            label="Responsibility"
            data={RESPONSIBILITIES.map((r) => ({ value: r, label: RESPONSIBILITY_INFO[r].label }))}
            value={draft.responsibility}
            onChange={(v) => set({ responsibility: v as Responsibility | null })}
            error={err('responsibility')}
            disabled={disabled}
          />
          <ServerSearchSelect
            label="Owner"
            placeholder="Type a name"
            value={draft.ownerId}
            selectedName={draft.ownerName}
            onChange={(id) => set({ ownerId: id })}
            query={(t) => peopleQueries.picker(t, draft.backupOwnerId)}
            nothingFound="No active person by that name: add them on the People page."
            error={err('ownerId')}
            disabled={disabled}
          />
          <ServerSearchSelect
            label="Backup owner (optional)"
            description="Left empty, each site keeps the backup it has."
            placeholder="Type a name"
            clearable
            value={draft.backupOwnerId}
            selectedName={draft.backupName}
            onChange={(id) => set({ backupOwnerId: id })}
            query={(t) => peopleQueries.picker(t, draft.ownerId)}
            nothingFound="No active person by that name: add them on the People page."
            error={err('backupOwnerId')}
            disabled={disabled}
          />
        </>
      ) : null}
      {draft.kind === 'setField' ? (
        <>
          <Select
            label="Field"
            data={BULK_FIELDS.map((f) => ({ value: f, label: BULK_FIELD_LABEL[f] }))}
            value={draft.field}
            onChange={(v) => v && set({ field: v as BulkField })}
            allowDeselect={false}
            error={err('field')}
            disabled={disabled}
          />
          <TextInput
            label={`New ${BULK_FIELD_LABEL[draft.field]}`}
            description="The same value on every site; leave it empty to clear the field."
            value={draft.value}
            onChange={(e) => set({ value: e.currentTarget.value })}
            error={err('value')}
            disabled={disabled}
          />
        </>
      ) : null}
      {draft.kind === 'addOperators' ? (
        <>
          <PeoplePicker value={draft.people} onChange={(people) => set({ people })} error={err('personIds')} disabled={disabled} />
          <Select
            label="Role"
            data={OPERATOR_ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
            value={draft.role}
            onChange={(v) => set({ role: v as OperatorRole | null })}
            error={err('role')}
            disabled={disabled}
          />
        </>
      ) : null}
      {draft.kind === 'changeStage' ? (
        <>
          <Select
            label="New stage"
            description="Each site moves through its own readiness gates."
            data={ROLLOUT_STAGES.map((s) => ({ value: s, label: STAGE_LABEL[s] }))}
            value={draft.to}
            onChange={(v) => set({ to: v as RolloutStage | null })}
            error={err('to')}
            disabled={disabled}
          />
          {showOverride || draft.overrideReason ? (
            <Textarea
              label="Override reason (optional)"
              description={`Moves the blocked sites too, and is recorded as an override on each. At least ${OVERRIDE_REASON_MIN_LENGTH} characters.`}
              autosize
              minRows={2}
              value={draft.overrideReason}
              onChange={(e) => set({ overrideReason: e.currentTarget.value })}
              error={err('overrideReason')}
              disabled={disabled}
            />
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
