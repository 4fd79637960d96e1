/** The dialogs that publish a new version of a playbook item or of a default review cadence. */
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, NumberInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller, useForm, type UseFormRegisterReturn } from 'react-hook-form';
import type { z } from 'zod';
import {
  PlaybookCadenceUpdate,
  PlaybookItemUpdate,
  type PlaybookCadenceVersion,
  type PlaybookItemKind,
  type PlaybookItemVersion,
} from '@core/contract/playbook';
import { REVIEW_KIND_LABEL } from '@core/domain/cadence';
import { applyServerError, notifySaved } from '../../lib/errors';
import { useUpdateCadence, useUpdatePlaybookItem } from './mutations';

const KIND_LABEL: Record<PlaybookItemKind, string> = { checklist: 'checklist item', acceptance: 'acceptance check' };
const ITEM_FIELDS = ['title', 'description', 'changeSummary'] as const;
const CADENCE_FIELDS = ['description', 'rrule', 'offsetDays', 'changeSummary'] as const;

export function ItemDialog({ item, onClose }: { item: PlaybookItemVersion; onClose: () => void }) {
  const update = useUpdatePlaybookItem();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<typeof PlaybookItemUpdate>, unknown, z.output<typeof PlaybookItemUpdate>>({
    resolver: zodResolver(PlaybookItemUpdate),
    defaultValues: { kind: item.kind, itemId: item.itemId, version: item.version, title: item.title, description: item.description, changeSummary: '' },
  });
  const err = (name: (typeof ITEM_FIELDS)[number]) => form.formState.errors[name]?.message;
  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await update.mutateAsync(values);
      notifySaved(`Published version ${saved.version} of the ${KIND_LABEL[item.kind]} “${saved.title}”.`);
      onClose();
    } catch (e) {
      setFormError(applyServerError(e, form.setError, ITEM_FIELDS));
    }
  });
  return (
    <Modal opened onClose={onClose} title={`Edit ${KIND_LABEL[item.kind]}: ${item.title}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError ? (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          ) : null}
          <Text size="sm" c="dimmed">
            Publishes version {item.version + 1}; version {item.version} stays in the history. Every site’s readiness shows the new wording.
          </Text>
          {item.computed ? <Text size="sm">The app decides this item from each site’s records; only its wording can change here.</Text> : null}
          <TextInput label="Title" required data-autofocus {...form.register('title')} error={err('title')} />
          <Textarea label="Description" required autosize minRows={3} {...form.register('description')} error={err('description')} />
          <PublishFields summary={form.register('changeSummary')} error={err('changeSummary')} submitting={form.formState.isSubmitting} onClose={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

export function CadenceDialog({ cadence, onClose }: { cadence: PlaybookCadenceVersion; onClose: () => void }) {
  const update = useUpdateCadence();
  const [formError, setFormError] = useState<string | null>(null);
  const periodic = cadence.kind === 'periodic';
  const form = useForm<z.input<typeof PlaybookCadenceUpdate>, unknown, z.output<typeof PlaybookCadenceUpdate>>({
    resolver: zodResolver(PlaybookCadenceUpdate),
    defaultValues: {
      kind: cadence.kind,
      version: cadence.version,
      description: cadence.description,
      rrule: cadence.rrule,
      offsetDays: cadence.offsetDays,
      changeSummary: '',
    },
  });
  const err = (name: (typeof CADENCE_FIELDS)[number]) => form.formState.errors[name]?.message;
  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await update.mutateAsync(values);
      notifySaved(`Published version ${saved.version} of the ${REVIEW_KIND_LABEL[cadence.kind].toLowerCase()} cadence.`);
      onClose();
    } catch (e) {
      setFormError(applyServerError(e, form.setError, CADENCE_FIELDS));
    }
  });
  return (
    <Modal opened onClose={onClose} title={`Edit cadence: ${REVIEW_KIND_LABEL[cadence.kind]}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError ? (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          ) : null}
          <Text size="sm" c="dimmed">
            Publishes version {cadence.version + 1}. Reviews planned from now on follow it; reviews already planned keep their due day.
          </Text>
          <Textarea label="Description" required autosize minRows={2} data-autofocus {...form.register('description')} error={err('description')} />
          {periodic ? (
            <TextInput
              label="Recurrence"
              description="An RFC 5545 rule, e.g. FREQ=MONTHLY;INTERVAL=3 for every quarter. Sites with their own cadence keep it."
              required
              {...form.register('rrule')}
              error={err('rrule')}
            />
          ) : (
            <Controller
              control={form.control}
              name="offsetDays"
              render={({ field, fieldState }) => (
                <NumberInput
                  label="Days after"
                  description={
                    cadence.kind === 'first_week'
                      ? 'Days after the pilot starts when the review is due.'
                      : 'Days after the event when the review is due; 0 for the same day.'
                  }
                  required
                  allowDecimal={false}
                  value={typeof field.value === 'number' ? field.value : ''}
                  onChange={(v) => field.onChange(v === '' ? null : Number(v))}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
          )}
          <PublishFields summary={form.register('changeSummary')} error={err('changeSummary')} submitting={form.formState.isSubmitting} onClose={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The change summary every new version keeps, and the dialog's Cancel / Publish buttons. */
function PublishFields({
  summary,
  error,
  submitting,
  onClose,
}: {
  summary: UseFormRegisterReturn;
  error: string | undefined;
  submitting: boolean;
  onClose: () => void;
}) {
  return (
    <>
      <TextInput label="Change summary" description="What changed and why; it is kept with the version." required {...summary} error={error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" loading={submitting}>
          Publish new version
        </Button>
      </Group>
    </>
  );
}
