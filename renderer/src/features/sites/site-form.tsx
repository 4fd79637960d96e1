import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { SiteCreate } from '@core/contract/sites';
import { REQUIRED_SETUP_FIELDS } from '@core/domain/setup-record';
import { NEW_SITE_STAGES, STAGE_LABEL } from '@core/domain/stages';
import { applyServerError } from '../../lib/errors';
import { useUnsavedChanges, whileSaving } from '../../lib/unsaved-guard';
import { ClientSelect } from '../clients/client-select';

export type SiteFormInput = z.input<typeof SiteCreate>;
export type SiteFormOutput = z.output<typeof SiteCreate>;

const FIELDS = [
  'clientId',
  'name',
  'productionUrl',
  'stagingUrl',
  'sophmateVersion',
  'wordpressVersion',
  'phpVersion',
  'woocommerceVersion',
  'activeTheme',
  'host',
  'aiProvider',
  'notes',
  'stage',
] as const;

export const EMPTY_SITE: SiteFormInput = {
  clientId: '',
  name: '',
  productionUrl: '',
  stagingUrl: '',
  sophmateVersion: '',
  wordpressVersion: '',
  phpVersion: '',
  woocommerceVersion: '',
  activeTheme: '',
  host: '',
  aiProvider: '',
  notes: '',
  stage: 'planning',
};

interface Props {
  initial?: SiteFormInput;
  clientName?: string | null;
  submitLabel: string;
  onSubmit: (values: SiteFormOutput) => Promise<unknown>;
  onCancel?: () => void;
  disabled?: boolean;
  /** Editing keeps the stage out of the form: it changes only through Change stage (readiness gates). */
  showStage?: boolean;
  /** How the unsaved-changes question names this form, e.g. “the setup record”. */
  draftLabel?: string;
  /** Puts the cursor in the first required field that is still empty (a readiness reason links here). */
  focusMissing?: boolean;
}

/** The setup record form, validated by the contract's own schema before anything is sent. */
export function SiteForm({
  initial = EMPTY_SITE,
  clientName,
  submitLabel,
  onSubmit,
  onCancel,
  disabled,
  showStage = true,
  draftLabel = 'the setup record',
  focusMissing,
}: Props) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SiteFormInput, unknown, SiteFormOutput>({
    resolver: zodResolver(SiteCreate),
    defaultValues: initial,
    mode: 'onTouched',
  });
  const { register, handleSubmit, control, formState } = form;
  const err = (name: (typeof FIELDS)[number]) => formState.errors[name]?.message as string | undefined;

  /** Saves the form; true when it was saved, false when a field or the server refused it (shown on the form). */
  const save = async (): Promise<boolean> => {
    let saved = false;
    await handleSubmit(async (values) => {
      setFormError(null);
      try {
        await whileSaving(() => onSubmit(values));
        form.reset(form.getValues());
        saved = true;
      } catch (e) {
        setFormError(applyServerError(e, form.setError, FIELDS));
      }
    })();
    return saved;
  };
  useUnsavedChanges({ label: draftLabel, dirty: formState.isDirty && !disabled, save, discard: () => form.reset(initial) });

  useEffect(() => {
    if (!focusMissing || disabled) return;
    const empty = REQUIRED_SETUP_FIELDS.find((f) => !String(form.getValues(f.key) ?? '').trim());
    if (empty) form.setFocus(empty.key);
  }, [focusMissing, disabled, form]);

  // Examples read as examples; a read-only empty field says it is not recorded rather than show one.
  const example = (text: string) => (disabled ? 'Not recorded' : `e.g. ${text}`);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
      aria-label="Setup record"
    >
      <fieldset disabled={disabled} style={{ border: 0, padding: 0, margin: 0 }}>
        <Stack gap="md">
          {formError ? (
            <Alert color="red" title="Not saved" role="alert">
              {formError}
            </Alert>
          ) : null}
          <Title order={3} size="h5">
            Site
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Controller
              control={control}
              name="clientId"
              render={({ field, fieldState }) => (
                <ClientSelect
                  label="Client"
                  required
                  placeholder="Choose a client"
                  value={field.value || null}
                  selectedName={clientName}
                  onChange={(v) => field.onChange(v ?? '')}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
            <TextInput label="Site name" required {...register('name')} error={err('name')} />
            <TextInput
              label="Production URL"
              required
              placeholder={example('https://shop.example.com')}
              {...register('productionUrl')}
              error={err('productionUrl')}
            />
            <TextInput label="Staging URL" placeholder={example('https://staging.shop.example.com')} {...register('stagingUrl')} error={err('stagingUrl')} />
            {showStage ? (
              <Controller
                control={control}
                name="stage"
                render={({ field }) => (
                  <Select
                    label="Rollout stage"
                    description="New sites start in Planning or Setup."
                    data={NEW_SITE_STAGES.map((s) => ({ value: s, label: STAGE_LABEL[s] }))}
                    value={field.value ?? 'planning'}
                    onChange={(v) => field.onChange(v ?? 'planning')}
                    allowDeselect={false}
                    error={err('stage')}
                  />
                )}
              />
            ) : null}
          </SimpleGrid>
          <Title order={3} size="h5">
            Versions and platform
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            <TextInput label="SophMate version" placeholder={example('2.4.1')} {...register('sophmateVersion')} error={err('sophmateVersion')} />
            <TextInput label="WordPress version" placeholder={example('6.6.2')} {...register('wordpressVersion')} error={err('wordpressVersion')} />
            <TextInput label="PHP version" placeholder={example('8.2')} {...register('phpVersion')} error={err('phpVersion')} />
            <TextInput
              label="WooCommerce version"
              description="Optional: for shops only."
              placeholder={example('9.3.3')}
              {...register('woocommerceVersion')}
              error={err('woocommerceVersion')}
            />
            <TextInput label="Active theme" placeholder={example('Storefront')} {...register('activeTheme')} error={err('activeTheme')} />
            <TextInput label="Host" placeholder={example('Kinsta')} {...register('host')} error={err('host')} />
            <TextInput label="AI provider" placeholder={example('OpenAI')} {...register('aiProvider')} error={err('aiProvider')} />
          </SimpleGrid>
          <Textarea
            label="Notes"
            description="Never paste keys or passwords here: record who owns them on the Owners tab."
            autosize
            minRows={3}
            {...register('notes')}
            error={err('notes')}
          />
          <Group justify="flex-end">
            {onCancel ? (
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
            ) : null}
            <Button type="submit" loading={formState.isSubmitting} disabled={disabled}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </fieldset>
    </form>
  );
}
