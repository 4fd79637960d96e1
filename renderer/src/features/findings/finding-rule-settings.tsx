/** The Playbook's finding-rule settings: how many repeats within how many days escalate, and when an escalation is late. */
import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FindingRuleSettings } from '@core/contract/findings';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { QueryError } from '../../lib/query-state';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { useUpdateFindingSettings } from './mutations';
import { findingQueries } from './queries';

type Draft = Partial<Record<keyof FindingRuleSettings, number | string>>;

export function FindingRuleSettingsSection() {
  const settings = useQuery(findingQueries.settings());
  const [draft, setDraft] = useState<Draft>({});
  const [summary, setSummary] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const update = useUpdateFindingSettings();
  const save = async (): Promise<boolean> => {
    setFormError(null);
    const values = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, typeof v === 'string' ? (v.trim() === '' ? NaN : Number(v)) : v]));
    const parsed = FindingRuleSettings.partial().safeParse(values);
    const local: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) local[i.path.join('.')] ??= i.message;
    if (!summary.trim()) local.changeSummary = 'Change summary is required: say what changed and why.';
    if (Object.keys(local).length) {
      setErrors(local);
      return false;
    }
    setErrors({});
    try {
      await update.mutateAsync({ ...(parsed.data ?? {}), changeSummary: summary });
      notifySaved('Finding rules saved.');
      setDraft({});
      setSummary('');
      return true;
    } catch (e) {
      const byPath = issuesByPath(e);
      setErrors(byPath);
      setFormError(Object.keys(byPath).length ? null : errorMessage(e));
      return false;
    }
  };
  useUnsavedChanges({ label: 'the finding rules', dirty: Object.keys(draft).length > 0, save, discard: () => setDraft({}) });
  if (settings.isError) return <QueryError error={settings.error} />;
  if (!settings.data) return null;
  const v = { ...settings.data, ...draft };
  const set = (k: keyof FindingRuleSettings) => (x: number | string) => setDraft({ ...draft, [k]: x });
  return (
    <Paper withBorder p="md" data-testid="finding-rule-settings">
      <Title order={3} size="h5">
        First-week finding rules
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        An operator with the same kind of finding this many times within the window is flagged for escalation to the site’s owner; an escalation later than the
        limit after a failure or incident is a late escalation.
      </Text>
      {formError ? (
        <Alert color="red" role="alert" mb="sm">
          {formError}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NumberInput
          clampBehavior="none"
          label="Repeats that escalate"
          value={v.repeatThreshold}
          onChange={set('repeatThreshold')}
          min={2}
          max={50}
          error={errors.repeatThreshold}
        />
        <NumberInput
          clampBehavior="none"
          label="Window (days)"
          value={v.repeatWindowDays}
          onChange={set('repeatWindowDays')}
          min={1}
          max={90}
          error={errors.repeatWindowDays}
        />
        <NumberInput
          clampBehavior="none"
          label="Escalation limit (minutes)"
          value={v.escalationLimitMinutes}
          onChange={set('escalationLimitMinutes')}
          min={5}
          max={10080}
          error={errors.escalationLimitMinutes}
        />
      </SimpleGrid>
      <Group align="flex-end" mt="sm">
        <TextInput
          label="Change summary"
          description="What changed and why; kept in the playbook’s history."
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          error={errors.changeSummary}
          style={{ flex: 1 }}
        />
        <Button onClick={() => void save()} loading={update.isPending} disabled={Object.keys(draft).length === 0}>
          Save finding rules
        </Button>
      </Group>
    </Paper>
  );
}
