/**
 * "Back up now": to the workspace's backups folder or to a folder main asks for, optionally encrypted
 * with a passphrase typed twice. Progress comes from main's 'backup.progress' event.
 */
import { Alert, Button, Checkbox, Group, Modal, PasswordInput, Progress, Radio, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { PASSPHRASE_MIN_LENGTH } from '@core/contract/backups';
import { errorMessage, issuesByPath, notifySaved } from '../../lib/errors';
import { onEvent } from '../../lib/rpc';
import { formatBytes } from './format';
import { useCreateBackup } from './mutations';

export function BackUpDialog({ folder, onClose }: { folder: string; onClose: () => void }) {
  const [destination, setDestination] = useState<'automatic' | 'choose'>('automatic');
  const [encrypt, setEncrypt] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const create = useCreateBackup({
    onSuccess: (made) => {
      if (!made) return; // the folder choice was cancelled: the dialog stays open
      notifySaved(`Backed up in ${(made.durationMs / 1000).toFixed(1)} s (${formatBytes(made.bytes)}): ${made.file}`);
      onClose();
    },
    onError: (e) => {
      const byPath = issuesByPath(e);
      setErrors(Object.keys(byPath).length ? byPath : { form: errorMessage(e) });
    },
  });
  useEffect(() => (create.isPending ? onEvent('backup.progress', setProgress) : undefined), [create.isPending]);

  const submit = () => {
    const next: Record<string, string> = {};
    if (encrypt) {
      if (passphrase.length < PASSPHRASE_MIN_LENGTH) next.passphrase = `The passphrase must be at least ${PASSPHRASE_MIN_LENGTH} characters long.`;
      else if (again !== passphrase) next.again = 'The two passphrases differ: type the same passphrase twice.';
    }
    setErrors(next);
    if (Object.keys(next).length) return;
    setProgress(null);
    create.mutate({ destination, ...(encrypt ? { passphrase } : {}) });
  };

  return (
    <Modal opened onClose={onClose} title="Back up now" size="lg" closeOnClickOutside={!create.isPending}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Radio.Group label="Where to" value={destination} onChange={(v) => setDestination(v as 'automatic' | 'choose')}>
            <Stack gap="xs" mt="xs">
              <Radio value="automatic" label="The workspace’s backups folder" description={folder} />
              <Radio value="choose" label="A folder I choose…" description="Another disk, a USB stick or a synced folder: the app asks where when you start." />
            </Stack>
          </Radio.Group>
          <Checkbox label="Encrypt with a passphrase" checked={encrypt} onChange={(e) => setEncrypt(e.currentTarget.checked)} />
          {encrypt ? (
            <Stack gap="xs">
              <Alert color="orange">Keep the passphrase somewhere safe. Nobody can recover it: a backup whose passphrase is lost can never be restored.</Alert>
              <PasswordInput
                label="Passphrase"
                description={`At least ${PASSPHRASE_MIN_LENGTH} characters.`}
                value={passphrase}
                onChange={(e) => setPassphrase(e.currentTarget.value)}
                error={errors.passphrase}
                autoComplete="new-password"
              />
              <PasswordInput
                label="Passphrase again"
                value={again}
                onChange={(e) => setAgain(e.currentTarget.value)}
                error={errors.again}
                autoComplete="new-password"
              />
            </Stack>
          ) : null}
          {errors.form ? (
            <Alert color="red" role="alert">
              {errors.form}
            </Alert>
          ) : null}
          {create.isPending ? (
            <div>
              <Text size="sm" mb={4} role="status">
                {progress ? `Backing up… ${Math.round((progress.done / Math.max(1, progress.total)) * 100)}%` : 'Backing up…'}
              </Text>
              <Progress value={progress ? (progress.done / Math.max(1, progress.total)) * 100 : 0} aria-label="Backup progress" />
            </div>
          ) : null}
          {create.isSuccess && create.data === null ? (
            <Text size="sm" c="dimmed">
              No folder was chosen: nothing was written.
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={create.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Back up
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
