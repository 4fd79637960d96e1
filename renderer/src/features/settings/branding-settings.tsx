/** Settings → Documents: the agency's name, logo, footer and the wording of each document kind. */
import { Alert, Button, FileInput, Group, Paper, SimpleGrid, Text, Textarea, TextInput, Title } from '@mantine/core';
import { DOCUMENT_KINDS, DOCUMENT_LABEL } from '@core/documents/model';
import { PLACEHOLDERS } from '@core/documents/placeholders';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { firstIssueMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { useUnsavedChanges } from '../../lib/unsaved-guard';
import { useUpdateBranding } from '../branding/mutations';
import { brandingQueries } from '../branding/queries';

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

export function BrandingSettings() {
  const branding = useQuery(brandingQueries.get());
  const [draft, setDraft] = useState<
    Partial<{ agencyName: string; footer: string; logo: { mime: 'image/png' | 'image/jpeg'; base64: string } | null; texts: Record<string, string | null> }>
  >({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The file picked for the logo, shown in the field until it is saved or refused.
  const [logoFile, setLogoFile] = useState<File | null>(null);
  const input = () => {
    const b = { ...branding.data!, ...draft };
    return { agencyName: b.agencyName, footer: b.footer, logo: b.logo, texts: b.texts as never };
  };
  const save = useUpdateBranding({
    onSuccess: () => {
      setDraft({});
      setErrors({});
      setLogoFile(null);
      notifySaved('Document branding saved.');
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      setErrors(Object.keys(byPath).length ? byPath : { form: firstIssueMessage(e) });
      // A logo that was not saved is not kept as if it were: the field goes back to the stored logo.
      setDraft(({ logo: _, ...rest }) => rest);
      setLogoFile(null);
    },
  });
  useUnsavedChanges({
    label: 'the document branding',
    dirty: Object.keys(draft).length > 0,
    save: () =>
      save.mutateAsync(input()).then(
        () => true,
        () => false,
      ),
    discard: () => {
      setDraft({});
      setLogoFile(null);
    },
  });
  if (!branding.data) return null;
  const stored = branding.data.logo;
  const b = { ...branding.data, ...draft };
  const texts = { ...branding.data.texts, ...(draft.texts ?? {}) };
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h5">
        Documents
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The agency name, logo and footer on every rollback plan, support path, SOP pack and handover runbook, and an opening text per document. Texts may use{' '}
        {PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.
      </Text>
      {errors.form ? (
        <Alert color="red" mb="sm">
          {errors.form}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Agency name"
          value={b.agencyName}
          onChange={(e) => setDraft({ ...draft, agencyName: e.currentTarget.value })}
          error={errors.agencyName}
        />
        <TextInput
          label="Footer"
          description="On every page, e.g. “Brightpath Agency · Confidential”"
          value={b.footer}
          onChange={(e) => setDraft({ ...draft, footer: e.currentTarget.value })}
          error={errors.footer}
        />
        <FileInput
          label="Logo"
          description={
            draft.logo !== undefined
              ? draft.logo
                ? 'New logo chosen: not saved yet.'
                : 'The logo will be removed when you save.'
              : stored
                ? 'A logo is set. Choose another file to replace it (PNG or JPEG, at most 512 KB).'
                : 'No logo is set. PNG or JPEG, at most 512 KB.'
          }
          accept="image/png,image/jpeg"
          clearable
          value={logoFile}
          error={errors.logo}
          onChange={async (file) => {
            setLogoFile(file);
            setErrors(({ logo: _, ...rest }) => rest);
            if (!file) return setDraft(({ logo: _, ...rest }) => rest);
            const mime = file.type === 'image/jpeg' ? 'image/jpeg' : 'image/png';
            setDraft({ ...draft, logo: { mime, base64: await readAsBase64(file) } });
          }}
        />
        {b.logo ? (
          <Group>
            <img src={`data:${b.logo.mime};base64,${b.logo.base64}`} alt="Current logo" style={{ maxHeight: 48, maxWidth: 160 }} />
            <Button
              variant="subtle"
              color="red"
              onClick={() => {
                setLogoFile(null);
                setDraft({ ...draft, logo: null });
              }}
            >
              Remove logo
            </Button>
          </Group>
        ) : (
          <div />
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
        {DOCUMENT_KINDS.map((k) => (
          <Textarea
            key={k}
            label={`${DOCUMENT_LABEL[k]} opening text`}
            autosize
            minRows={2}
            value={texts[k] ?? ''}
            onChange={(e) => setDraft({ ...draft, texts: { ...texts, [k]: e.currentTarget.value } })}
            error={errors[`texts.${k}`]}
          />
        ))}
      </SimpleGrid>
      <Group justify="flex-end" mt="md">
        <Button onClick={() => save.mutate(input())} loading={save.isPending} disabled={Object.keys(draft).length === 0}>
          Save document branding
        </Button>
      </Group>
    </Paper>
  );
}

/** Whether imported activity is masked before it is stored (on by default). Saved as soon as it is switched. */
