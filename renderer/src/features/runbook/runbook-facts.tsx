/**
 * The runbook's facts at one scope, grouped as the documents print them. A fact set here is an
 * input with "Use inherited"; a fact not set here shows what it inherits and from where, with
 * "Set for this site" (client, template) to override it. One Save sends every change with the
 * revision read.
 */
import { Alert, Box, Button, Group, NumberInput, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { RunbookView } from '@core/contract/runbook';
import {
  RUNBOOK_FIELD_MAX,
  RUNBOOK_FIELDS,
  RUNBOOK_GROUP_LABEL,
  RUNBOOK_GROUPS,
  type RunbookFieldInfo,
  type RunbookFieldKey,
  scopeKind,
  type RunbookScope,
} from '@core/runbook/registry';
import { notifySaved } from '../../lib/errors';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { FormProblem, INHERITED_FROM, forScope, issuesUnder, SourceBadge } from './common';
import { useSetRunbookValues } from './mutations';

type Field = RunbookView['fields'][number];
/** A key's draft: the text to set at this scope, or null to clear it here (use the inherited value). */
type Draft = Partial<Record<RunbookFieldKey, string | null>>;

function FactInput({
  field,
  value,
  error,
  disabled,
  onChange,
}: {
  field: Field;
  value: string;
  error?: string;
  disabled?: boolean;
  onChange: (v: string) => void;
}) {
  const info = RUNBOOK_FIELDS[field.key];
  const common = { label: info.label, description: info.help, error, disabled };
  if (info.kind === 'minutes' || info.kind === 'hours')
    return (
      <NumberInput
        {...common}
        value={value}
        onChange={(v) => onChange(String(v))}
        min={1}
        allowDecimal={false}
        allowNegative={false}
        suffix={info.kind === 'minutes' ? ' minutes' : ' hours'}
        w={{ base: '100%', sm: 320 }}
      />
    );
  if (info.kind === 'note')
    return (
      <Textarea
        {...common}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        autosize
        minRows={2}
        maxRows={10}
        maxLength={RUNBOOK_FIELD_MAX.note}
      />
    );
  return <TextInput {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)} maxLength={RUNBOOK_FIELD_MAX.text} />;
}

/** A fact not set at this scope: what it reads instead, and from where. */
function InheritedFact({ field, scope, disabled, onOverride }: { field: Field; scope: RunbookScope; disabled?: boolean; onOverride: () => void }) {
  const info = RUNBOOK_FIELDS[field.key];
  return (
    <Box data-testid={`runbook-field-${field.key}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={500}>
            {info.label}
          </Text>
          <Text size="xs" c="dimmed">
            {info.help}
          </Text>
        </div>
        <Button size="xs" variant="default" onClick={onOverride} disabled={disabled} aria-label={`Set ${forScope(scope)}: ${info.label}`}>
          Set {forScope(scope)}
        </Button>
      </Group>
      <Group gap="xs" mt={4} wrap="nowrap" align="flex-start">
        <SourceBadge source={field.inheritedSource} scope={scope} />
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} c={field.inherited ? undefined : 'dimmed'}>
          {field.inherited ?? (info.requiredBy.length ? 'Not recorded at any level: a final document is refused until it is.' : 'Not recorded.')}
        </Text>
      </Group>
    </Box>
  );
}

export function RunbookFacts({ view, scope, disabled, onReload }: { view: RunbookView; scope: RunbookScope; disabled?: boolean; onReload: () => void }) {
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<unknown>(null);
  const save = useSetRunbookValues({
    onSuccess: () => {
      setDraft({});
      setErrors({});
      setProblem(null);
      notifySaved(`Runbook facts of ${view.scopeName} saved.`);
    },
    onError: (e) => {
      const byKey = issuesUnder(e, 'values.');
      setErrors(byKey);
      setProblem(Object.keys(byKey).length ? null : e);
    },
  });
  const dirty = Object.keys(draft).length > 0;
  const input = () => ({ scope, revision: view.revision, values: Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v === '' ? null : v])) });
  useUnsavedChanges({
    label: `the runbook facts of ${view.scopeName}`,
    dirty,
    save: () =>
      save.mutateAsync(input()).then(
        () => true,
        () => false,
      ),
    discard: () => setDraft({}),
  });
  const own = (f: Field): string | null => (f.key in draft ? (draft[f.key] ?? null) : f.own);
  const set = (key: RunbookFieldKey, v: string | null) => {
    setDraft((d) => ({ ...d, [key]: v }));
    setErrors(({ [key]: _, ...rest }) => rest);
  };
  const byKey = new Map(view.fields.map((f) => [f.key, f]));
  // A fact only a site can hold (where its own backups are) is not offered on a client or the template.
  const siteScope = 'siteId' in scope;
  return (
    <Paper withBorder p="md">
      <Title order={4} size="h5">
        Facts
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {'siteId' in scope
          ? 'What this site’s rollback plan and support path say. A fact not set here comes from the client, else the agency template, else the built-in default.'
          : 'clientId' in scope
            ? 'What the rollback plans and support paths of this client’s sites say, unless a site sets its own. A fact not set here comes from the agency template, else the built-in default.'
            : 'What every site’s rollback plan and support path say, unless its client or the site sets its own. A fact not set here uses the built-in default.'}
      </Text>
      <FormProblem
        error={problem}
        onReload={() => {
          setDraft({});
          setProblem(null);
          onReload();
        }}
      />
      {Object.keys(errors).length ? (
        <Alert color="red" role="alert" mb="sm">
          Not saved: {Object.keys(errors).length === 1 ? 'a fact needs' : `${Object.keys(errors).length} facts need`} fixing, shown on{' '}
          {Object.keys(errors).length === 1 ? 'its field' : 'their fields'}.
        </Alert>
      ) : null}
      <Stack gap="lg">
        {RUNBOOK_GROUPS.map((group) => {
          const fields = (Object.keys(RUNBOOK_FIELDS) as RunbookFieldKey[])
            .filter((k) => RUNBOOK_FIELDS[k].group === group && byKey.has(k) && (siteScope || !(RUNBOOK_FIELDS[k] as RunbookFieldInfo).siteOnly))
            .map((k) => byKey.get(k)!);
          if (!fields.length) return null;
          return (
            <section key={group} aria-label={RUNBOOK_GROUP_LABEL[group]}>
              <Title order={5} size="h6" mb="xs">
                {RUNBOOK_GROUP_LABEL[group]}
              </Title>
              <Stack gap="md">
                {fields.map((f) => {
                  const value = own(f);
                  if (value === null)
                    return <InheritedFact key={f.key} field={f} scope={scope} disabled={disabled} onOverride={() => set(f.key, f.inherited ?? '')} />;
                  return (
                    <div key={f.key} data-testid={`runbook-field-${f.key}`}>
                      <FactInput field={f} value={value} error={errors[f.key]} disabled={disabled} onChange={(v) => set(f.key, v)} />
                      <Group gap="xs" mt={4}>
                        <SourceBadge source={scopeKind(scope)} scope={scope} />
                        {f.inheritedSource ? (
                          <Text size="xs" c="dimmed">
                            Without it: {INHERITED_FROM[f.inheritedSource].toLowerCase()}.
                          </Text>
                        ) : null}
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => set(f.key, null)}
                          disabled={disabled}
                          aria-label={`Use inherited: ${RUNBOOK_FIELDS[f.key].label}`}
                        >
                          Use inherited
                        </Button>
                      </Group>
                    </div>
                  );
                })}
              </Stack>
            </section>
          );
        })}
      </Stack>
      <Group justify="flex-end" mt="md">
        {dirty ? (
          <Button variant="default" onClick={() => (setDraft({}), setErrors({}))}>
            Discard changes
          </Button>
        ) : null}
        <Button
          onClick={() => {
            setProblem(null);
            save.mutate(input());
          }}
          loading={save.isPending}
          disabled={!dirty || disabled}
        >
          Save facts
        </Button>
      </Group>
    </Paper>
  );
}
