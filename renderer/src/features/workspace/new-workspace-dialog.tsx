/**
 * "New workspace…": a name (checked by the contract's own schema) and, where main can show a folder
 * dialog, where the file goes. Creating opens it; main then tells every window to start afresh.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { WorkspaceName } from '@core/contract/workspace';
import { applyServerError, errorMessage } from '../../lib/errors';
import { useCreateWorkspace } from './mutations';

const Form = z.object({ name: WorkspaceName, where: z.enum(['beside-current', 'choose']) });
type Form = z.infer<typeof Form>;

export function NewWorkspaceDialog({ opened, onClose, folder, canChoose }: { opened: boolean; onClose: () => void; folder: string; canChoose: boolean }) {
  const create = useCreateWorkspace();
  const form = useForm<z.input<typeof Form>, unknown, Form>({ resolver: zodResolver(Form), defaultValues: { name: '', where: 'beside-current' } });
  const where = form.watch('where');
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const submit = form.handleSubmit((values) =>
    create.mutate(values, {
      onSuccess: close,
      onError: (err) => {
        applyServerError(err, form.setError, ['name']);
      },
    }),
  );
  const nameError = form.formState.errors.name?.message;
  return (
    <Modal opened={opened} onClose={close} title="New workspace">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <TextInput label="Name" description="The file is called <name>.sqlite." data-autofocus {...form.register('name')} error={nameError} />
          {canChoose ? (
            <SegmentedControl
              aria-label="Where"
              value={where}
              onChange={(v) => form.setValue('where', v as Form['where'])}
              data={[
                { value: 'beside-current', label: 'Beside the current one' },
                { value: 'choose', label: 'Choose a folder…' },
              ]}
            />
          ) : null}
          <Text size="xs" c="dimmed">
            {where === 'beside-current' ? `In ${folder}` : 'You choose the folder next.'}
          </Text>
          {create.isError && !nameError ? (
            <Text size="sm" c="red" role="alert">
              {errorMessage(create.error)}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create and open
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
