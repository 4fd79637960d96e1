/**
 * Settings → E-mail digest: the workspace's SMTP server, sender, recipients, time, weekdays and
 * escalation (workspace settings, one Save; each error beside its field), then this device's SMTP
 * password and a test message.
 */
import {
  Alert,
  Button,
  Chip,
  Divider,
  Group,
  Input,
  NumberInput,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Settings } from '@core/contract/settings';
import { EMAIL_DIGEST_SETTINGS, SMTP_SECURITY, SMTP_SECURITY_LABEL, WEEKDAY_LABEL, type SmtpSecurity } from '@core/domain/reminders';
import { firstIssueMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { useUpdateSettings } from '../settings/mutations';
import { settingsQueries } from '../settings/queries';
import { useReminderState } from './queries';
import { SendTestMessage, SmtpPasswordField } from './smtp-password';

/** A change of the workspace settings (what `settings.update` takes). */
type Update = Partial<Settings>;

const FIELDS = EMAIL_DIGEST_SETTINGS;

/** Field issues by field: "digestLeadEmails.1" goes beside the lead addresses; anything else to the form. */
export function digestErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(issuesByPath(err))) {
    const field = FIELDS.find((f) => path === f || path.startsWith(`${f}.`)) ?? 'form';
    out[field] ??= message;
  }
  return Object.keys(out).length ? out : { form: firstIssueMessage(err) };
}

const emptyToNull = (s: string) => (s.trim() === '' ? null : s.trim());

export function EmailDigestSettings() {
  const settings = useQuery(settingsQueries.get());
  const reminders = useReminderState();
  const [draft, setDraft] = useState<Partial<Update>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const weekdaysId = useId();
  const save = useUpdateSettings({ onSuccess: () => notifySaved('E-mail digest settings saved.'), onError: (e) => setErrors(digestErrors(e)) });
  const dirty = Object.keys(draft).length > 0;
  useUnsavedChanges({
    label: 'the e-mail digest settings',
    dirty,
    save: () =>
      save.mutateAsync(draft).then(
        () => (setDraft({}), true),
        () => false,
      ),
    discard: () => setDraft({}),
  });
  if (!settings.data) return null;
  const v = { ...settings.data, ...draft };
  const set = (patch: Partial<Update>) => {
    setErrors(({ form: _, ...rest }) => Object.fromEntries(Object.entries(rest).filter(([k]) => !(k in patch))));
    setDraft({ ...draft, ...patch });
  };
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby="reminders-email-title"
      data-testid="reminders-email"
      // The link of the failing-digest alert scrolls here: the heading stays clear of the app's header.
      style={{ scrollMarginTop: 72 }}
    >
      <Title order={3} size="h5" id="reminders-email-title">
        E-mail digest
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Once a day, on the chosen weekdays, a message lists the reviews due and overdue, grouped by owner. It goes out only when something is due, never twice
        for the same day, and a failed send is tried again.
      </Text>
      {errors.form ? (
        <Alert color="red" mb="sm" role="alert">
          {errors.form}
        </Alert>
      ) : null}
      <Stack gap="md">
        <Switch
          label="Send the e-mail digest"
          checked={v.emailDigest ?? false}
          onChange={(e) => set({ emailDigest: e.currentTarget.checked })}
          error={errors.emailDigest}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label="SMTP server"
            placeholder="smtp.example.com"
            value={v.smtpHost ?? ''}
            onChange={(e) => set({ smtpHost: emptyToNull(e.currentTarget.value) })}
            error={errors.smtpHost}
          />
          <NumberInput
            label="Port"
            value={v.smtpPort ?? ''}
            onChange={(n) => set({ smtpPort: n === '' ? (n as unknown as number) : Number(n) })}
            min={1}
            max={65535}
            allowDecimal={false}
            allowNegative={false}
            error={errors.smtpPort}
          />
          <Select
            label="Security"
            data={SMTP_SECURITY.map((s) => ({ value: s, label: SMTP_SECURITY_LABEL[s] }))}
            value={v.smtpSecurity ?? 'starttls'}
            onChange={(s) => set({ smtpSecurity: (s ?? 'starttls') as SmtpSecurity })}
            allowDeselect={false}
            error={errors.smtpSecurity}
          />
          <TextInput
            label="User"
            description="Leave empty for a server that takes mail without signing in."
            autoComplete="off"
            value={v.smtpUser ?? ''}
            onChange={(e) => set({ smtpUser: emptyToNull(e.currentTarget.value) })}
            error={errors.smtpUser}
          />
          <TextInput
            label="Sender"
            placeholder="reviews@agency.example"
            type="email"
            value={v.emailFrom ?? ''}
            onChange={(e) => set({ emailFrom: emptyToNull(e.currentTarget.value) })}
            error={errors.emailFrom}
          />
          <TimeInput label="Time of day" value={v.digestTime ?? ''} onChange={(e) => set({ digestTime: e.currentTarget.value })} error={errors.digestTime} />
        </SimpleGrid>
        <Radio.Group
          label="Recipients"
          value={v.digestRecipients ?? 'lead'}
          onChange={(r) => set({ digestRecipients: r as 'lead' | 'owners' })}
          error={errors.digestRecipients}
        >
          <Stack gap={6} mt={6}>
            <Radio value="lead" label="The lead" description="One digest of every review due, to the lead addresses." />
            <Radio
              value="owners"
              label="Each owner"
              description="Owners whose reminders are by e-mail get their own digest; the reviews of everyone else go to the lead addresses."
            />
          </Stack>
        </Radio.Group>
        <TagsInput
          label="Lead addresses"
          description="Press Enter after each address."
          placeholder={(v.digestLeadEmails ?? []).length ? '' : 'lead@agency.example'}
          value={v.digestLeadEmails ?? []}
          onChange={(list) => set({ digestLeadEmails: list.map((s) => s.trim()).filter(Boolean) })}
          splitChars={[',', ' ', ';']}
          acceptValueOnBlur
          error={errors.digestLeadEmails}
        />
        <Input.Wrapper label="Weekdays" id={weekdaysId} error={errors.digestWeekdays}>
          <Chip.Group
            multiple
            value={(v.digestWeekdays ?? []).map(String)}
            onChange={(days) => set({ digestWeekdays: days.map(Number).sort((a, b) => a - b) })}
          >
            <Group gap={6} mt={4} role="group" aria-labelledby={`${weekdaysId}-label`}>
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <Chip key={d} value={String(d)} size="sm">
                  {WEEKDAY_LABEL[d]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Input.Wrapper>
        <NumberInput
          label="Name the escalation owner for reviews overdue more than (days)"
          description="The digest names the site’s incident escalation owner beside such a review."
          value={v.escalateAfterDays ?? ''}
          onChange={(n) => set({ escalateAfterDays: n === '' ? (n as unknown as number) : Number(n) })}
          min={1}
          max={365}
          allowDecimal={false}
          allowNegative={false}
          error={errors.escalateAfterDays}
          maw={560}
        />
        <Group justify="flex-end">
          <Button
            onClick={() => {
              setErrors({});
              save.mutate(draft, { onSuccess: () => setDraft({}) });
            }}
            loading={save.isPending}
            disabled={!dirty}
          >
            Save e-mail digest settings
          </Button>
        </Group>
        <Divider label="On this device" labelPosition="left" />
        <SmtpPasswordField state={reminders.data} />
        <SendTestMessage disabled={!settings.data.smtpHost || !settings.data.emailFrom || !reminders.data} />
      </Stack>
    </Paper>
  );
}
