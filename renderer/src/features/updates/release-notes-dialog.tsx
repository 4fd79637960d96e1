/**
 * "What's new": the release notes of the version found. Main hands them over as plain text (HTML
 * from the release page is turned into text there), and they are shown as text: paragraphs apart,
 * list items as a list, scrolling when long.
 */
import { Box, Button, Group, List, Modal, Text } from '@mantine/core';
import type { AvailableUpdate } from '@core/contract/updates';
import { formatDate } from '../../lib/format';

export type NoteBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

const ITEM = /^\s*[-*•]\s+/;

/**
 * Paragraphs are separated by blank lines and keep their own line breaks; a run of lines that all
 * start with "- " (main writes list items so) is a list, also across blank lines between its items.
 */
export function noteBlocks(notes: string): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  const paragraphs = notes
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\s+$/g, ''))
    .filter((p) => p.trim() !== '');
  for (const p of paragraphs) {
    const lines = p.split('\n');
    if (!lines.every((l) => ITEM.test(l))) {
      blocks.push({ kind: 'paragraph', text: p });
      continue;
    }
    const items = lines.map((l) => l.replace(ITEM, ''));
    const last = blocks.at(-1);
    if (last?.kind === 'list') last.items.push(...items);
    else blocks.push({ kind: 'list', items });
  }
  return blocks;
}

export function ReleaseNotesDialog({ update, opened, onClose }: { update: AvailableUpdate; opened: boolean; onClose: () => void }) {
  const blocks = update.releaseNotes ? noteBlocks(update.releaseNotes) : [];
  return (
    <Modal opened={opened} onClose={onClose} title={`What’s new in version ${update.version}`} size="lg">
      {update.releaseName ? <Text fw={600}>{update.releaseName}</Text> : null}
      {update.releaseDate ? (
        <Text size="sm" c="dimmed" mb="sm">
          Released {formatDate(update.releaseDate)}
        </Text>
      ) : null}
      {/* Focusable so the notes scroll from the keyboard too. */}
      <Box role="region" aria-label="Release notes" tabIndex={0} mah="55vh" style={{ overflowY: 'auto' }} data-testid="release-notes">
        {blocks.length ? (
          blocks.map((b, i) =>
            b.kind === 'list' ? (
              <List key={i} size="sm" mb="sm" withPadding>
                {b.items.map((item, j) => (
                  <List.Item key={j} style={{ overflowWrap: 'anywhere' }}>
                    {item}
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text key={i} size="sm" mb="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {b.text}
              </Text>
            ),
          )
        ) : (
          <Text size="sm" c="dimmed">
            This release has no notes.
          </Text>
        )}
      </Box>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
    </Modal>
  );
}
