import { Button, Text } from '@mantine/core';
import { modals } from '@mantine/modals';

interface Props {
  /** What the record is called in the dialog, e.g. “Acme Ltd”. */
  name: string;
  archived: boolean;
  /** What archiving and restoring mean for this kind of record. */
  archiveText: string;
  restoreText: string;
  onConfirm: () => void;
}

/** Archive / Restore with a confirmation that says what will happen. Nothing is ever deleted. */
export function ArchiveButton({ name, archived, archiveText, restoreText, onConfirm }: Props) {
  const verb = archived ? 'Restore' : 'Archive';
  return (
    <Button
      size="xs"
      variant="subtle"
      color={archived ? 'indigo' : 'red'}
      aria-label={`${verb} ${name}`}
      onClick={() =>
        modals.openConfirmModal({
          title: `${verb} ${name}?`,
          children: <Text size="sm">{archived ? restoreText : archiveText}</Text>,
          labels: { confirm: verb, cancel: 'Cancel' },
          confirmProps: { color: archived ? 'indigo' : 'red' },
          onConfirm,
        })
      }
    >
      {verb}
    </Button>
  );
}
